import { LINE_API_BASE_URL } from './client.ts'
import { codeForStatus, LineApiError, toLineApiError } from './errors.ts'

export type VerifyIdTokenOptions = {
  /** The raw JWT from `liff.getIDToken()`. */
  idToken: string
  /** The LINE Login channel ID of the LIFF app (not the Messaging API channel). */
  clientId: string
  /** Default `LINE_API_BASE_URL` (LINE's verify endpoint is on api.line.me); the emulator's URL in tests. */
  apiBaseUrl?: string
  /** When given, LINE checks the token's `nonce` equals it. */
  nonce?: string
  /** When given, LINE checks the token's `sub` equals it. */
  userId?: string
  /** Default 10 s. */
  timeoutMs?: number
}

export type IdTokenPayload = {
  /** The LINE user ID. */
  sub: string
  /** The LINE Login channel ID. */
  aud: string
  /** Seconds since the epoch. */
  exp: number
  iat: number
  name: string | null
  picture: string | null
  email: string | null
  amr: string[]
}

/** LINE refused the token (expired, wrong channel, bad signature, nonce or user mismatch). */
export class IdTokenError extends Error {
  /** LINE's `error_description`, e.g. `IdToken expired.` */
  readonly reason: string
  /** LINE's `error`, e.g. `invalid_request`. */
  readonly error: string | null

  constructor(reason: string, error: string | null = null) {
    super(`ID token rejected: ${reason}`)
    this.name = 'IdTokenError'
    this.reason = reason
    this.error = error
  }
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

/** Verifies a LIFF ID token with LINE (`POST /oauth2/v2.1/verify`) and returns its claims. */
export async function verifyIdToken(options: VerifyIdTokenOptions): Promise<IdTokenPayload> {
  const form = new URLSearchParams({ id_token: options.idToken, client_id: options.clientId })
  if (options.nonce !== undefined) form.set('nonce', options.nonce)
  if (options.userId !== undefined) form.set('user_id', options.userId)
  const url = new URL('/oauth2/v2.1/verify', options.apiBaseUrl ?? LINE_API_BASE_URL)

  let response: Response
  let text: string
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    })
    text = await response.text()
  } catch (error) {
    throw toLineApiError(error, 'verifyIdToken')
  }

  let json: Record<string, unknown> | null = null
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed === 'object' && parsed !== null) json = parsed as Record<string, unknown>
  } catch {}

  if (response.status === 400) {
    throw new IdTokenError(
      stringOrNull(json?.error_description) ?? stringOrNull(json?.error) ?? 'rejected',
      stringOrNull(json?.error),
    )
  }
  if (!response.ok || !json) {
    const lineMessage = stringOrNull(json?.error_description) ?? stringOrNull(json?.message)
    throw new LineApiError({
      status: response.status,
      code: response.ok ? 'server_error' : codeForStatus(response.status, lineMessage),
      lineMessage,
      requestId: response.headers.get('x-line-request-id'),
      operation: 'verifyIdToken',
      note: response.ok ? 'answer is not JSON' : undefined,
    })
  }

  const { sub, aud, exp, iat } = json
  if (
    typeof sub !== 'string' ||
    typeof aud !== 'string' ||
    typeof exp !== 'number' ||
    typeof iat !== 'number'
  ) {
    throw new LineApiError({
      status: response.status,
      code: 'server_error',
      operation: 'verifyIdToken',
      note: 'answer lacks sub, aud, exp or iat',
    })
  }
  // LINE already checked the audience; this guards against a misrouted answer.
  if (aud !== options.clientId) throw new IdTokenError('audience mismatch')
  return {
    sub,
    aud,
    exp,
    iat,
    name: stringOrNull(json.name),
    picture: stringOrNull(json.picture),
    email: stringOrNull(json.email),
    amr: Array.isArray(json.amr) ? json.amr.filter((v): v is string => typeof v === 'string') : [],
  }
}
