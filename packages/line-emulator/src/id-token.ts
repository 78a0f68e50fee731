// LIFF ID tokens: HS256 JWTs signed with a key of this emulator, verified like
// `POST https://api.line.me/oauth2/v2.1/verify`.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const ID_TOKEN_ISSUER = 'https://access.line.me'

export type IdTokenPayload = {
  iss: string
  sub: string
  aud: string
  exp: number
  iat: number
  nonce?: string
  amr: string[]
  name: string
  picture?: string
}

export type VerifyResult = { ok: true; payload: IdTokenPayload } | { ok: false; description: string }

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url')

export class IdTokenIssuer {
  readonly #key = randomBytes(32)

  sign(payload: IdTokenPayload): string {
    const head = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }))}.${b64url(JSON.stringify(payload))}`
    return `${head}.${createHmac('sha256', this.#key).update(head).digest('base64url')}`
  }

  /** The checks and error descriptions of LINE's verify endpoint. */
  verify(
    token: string,
    expected: { clientId: string; nonce?: string | undefined; userId?: string | undefined },
    now: number = Date.now(),
  ): VerifyResult {
    const parts = token.split('.')
    if (parts.length !== 3) return { ok: false, description: 'Invalid IdToken.' }
    const [head, body, signature] = parts as [string, string, string]
    let header: { alg?: unknown }
    let payload: IdTokenPayload
    try {
      header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'))
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
    } catch {
      return { ok: false, description: 'Invalid IdToken.' }
    }
    const expectedSig = createHmac('sha256', this.#key).update(`${head}.${body}`).digest()
    const actualSig = Buffer.from(signature, 'base64url')
    if (
      header.alg !== 'HS256' ||
      actualSig.length !== expectedSig.length ||
      !timingSafeEqual(actualSig, expectedSig) ||
      typeof payload !== 'object' ||
      payload === null
    ) {
      return { ok: false, description: 'Invalid IdToken.' }
    }
    if (payload.iss !== ID_TOKEN_ISSUER) return { ok: false, description: 'Invalid IdToken Issuer.' }
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now) {
      return { ok: false, description: 'IdToken expired.' }
    }
    if (payload.aud !== expected.clientId) return { ok: false, description: 'Invalid IdToken Audience.' }
    if (expected.nonce !== undefined && payload.nonce !== expected.nonce) {
      return { ok: false, description: 'Invalid IdToken Nonce.' }
    }
    if (expected.userId !== undefined && payload.sub !== expected.userId) {
      return { ok: false, description: 'Invalid IdToken Subject Identifier.' }
    }
    return { ok: true, payload }
  }
}
