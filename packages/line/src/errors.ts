import { HTTPFetchError } from '@line/bot-sdk'

export type LineErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'quota_exceeded'
  | 'payload_too_large'
  | 'server_error'
  | 'timeout'
  | 'network'

export type LineErrorDetail = { message: string; property: string }

/** The 429 body LINE sends when the month's message quota is used up. Retrying can't help. */
export const MONTHLY_LIMIT_MESSAGE = 'You have reached your monthly limit.'

export type LineApiErrorInit = {
  status: number | null
  code: LineErrorCode
  lineMessage?: string | null
  details?: LineErrorDetail[]
  requestId?: string | null
  /** What was being done, e.g. `pushMessage`; only used in the error message. */
  operation?: string
  /** Extra text for the error message when LINE sent none (e.g. `ECONNREFUSED`). */
  note?: string
  cause?: unknown
}

/** A failed call to LINE, classified. `status` is null when no HTTP answer was received. */
export class LineApiError extends Error {
  readonly status: number | null
  readonly code: LineErrorCode
  readonly lineMessage: string | null
  readonly details: LineErrorDetail[]
  readonly requestId: string | null

  constructor(init: LineApiErrorInit) {
    const what = init.operation ? `${init.operation}: ` : ''
    const status = init.status === null ? '' : ` (HTTP ${init.status})`
    const detail = init.details?.length
      ? ` [${init.details.map((d) => `${d.property}: ${d.message}`).join('; ')}]`
      : ''
    const text = init.lineMessage ?? init.note
    super(`LINE ${what}${init.code}${status}${text ? `: ${text}` : ''}${detail}`, {
      cause: init.cause,
    })
    this.name = 'LineApiError'
    this.status = init.status
    this.code = init.code
    this.lineMessage = init.lineMessage ?? null
    this.details = init.details ?? []
    this.requestId = init.requestId ?? null
  }
}

export function codeForStatus(status: number, lineMessage: string | null): LineErrorCode {
  if (status === 400) return 'invalid_request'
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 409) return 'conflict'
  if (status === 413) return 'payload_too_large'
  if (status === 429) return lineMessage === MONTHLY_LIMIT_MESSAGE ? 'quota_exceeded' : 'rate_limited'
  if (status >= 400 && status < 500) return 'invalid_request'
  return 'server_error'
}

/** LINE's error body is `{message, details?: [{message?, property?}]}`; anything else yields nulls. */
export function parseErrorBody(body: string): { lineMessage: string | null; details: LineErrorDetail[] } {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return { lineMessage: null, details: [] }
  }
  if (typeof json !== 'object' || json === null) return { lineMessage: null, details: [] }
  const { message, details } = json as { message?: unknown; details?: unknown }
  return {
    lineMessage: typeof message === 'string' ? message : null,
    details: Array.isArray(details)
      ? details
          .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null)
          .map((d) => ({
            message: typeof d.message === 'string' ? d.message : '',
            property: typeof d.property === 'string' ? d.property : '',
          }))
      : [],
  }
}

/** Thrown by `withTimeout` when an attempt takes too long. */
export class AttemptTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`)
    this.name = 'AttemptTimeoutError'
  }
}

/** `fetch` failures carry the system error (`ECONNREFUSED`, `UND_ERR_SOCKET`, …) somewhere in `cause`. */
export function systemErrorCode(error: unknown): string | null {
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    current = (current as { cause?: unknown }).cause
  }
  return null
}

function isNetworkError(error: unknown): boolean {
  if (error instanceof TypeError && error.message === 'fetch failed') return true
  const code = systemErrorCode(error)
  return code !== null && (code.startsWith('E') || code.startsWith('UND_ERR'))
}

/**
 * Turns whatever a call threw into a `LineApiError`. Errors that are neither HTTP, timeout nor network
 * failures (bugs, aborted by the caller) are returned unchanged so they surface as they are.
 */
export function toLineApiError(error: unknown, operation?: string): unknown {
  if (error instanceof LineApiError) return error
  if (error instanceof HTTPFetchError) {
    const { lineMessage, details } = parseErrorBody(error.body)
    return new LineApiError({
      status: error.status,
      code: codeForStatus(error.status, lineMessage),
      lineMessage,
      details,
      requestId: error.headers.get('x-line-request-id'),
      operation,
      cause: error,
    })
  }
  if (error instanceof AttemptTimeoutError || (error instanceof Error && error.name === 'TimeoutError')) {
    return new LineApiError({ status: null, code: 'timeout', note: error.message, operation, cause: error })
  }
  if (isNetworkError(error)) {
    const code = systemErrorCode(error)
    return new LineApiError({
      status: null,
      code: 'network',
      note: code ?? (error as Error).message,
      operation,
      cause: error,
    })
  }
  return error
}
