import type { EmulatorContext } from '../context.ts'
import type { ErrorDetail } from '../openapi/validate.ts'
import type { ChannelState } from '../state.ts'

export type ApiRequest = {
  emu: EmulatorContext
  channel: ChannelState
  operationId: string
  /** Path and query parameters, coerced to their schema types. */
  params: Record<string, unknown>
  /** The parsed JSON body (validated against the spec), or undefined. */
  // biome-ignore lint/suspicious/noExplicitAny: request bodies were validated against the spec
  body: any
  raw: Buffer
  contentType: string
  requestId: string
  retryKey: string | null
}

export type ApiResult = {
  status: number
  body?: unknown
  bytes?: { contentType: string; data: Buffer }
  headers?: Record<string, string>
  /** For push: what a 409 on a repeated retry key repeats. */
  sentMessages?: unknown[]
}

export type Handler = (req: ApiRequest) => ApiResult | Promise<ApiResult>

export const ok = (body: unknown = {}, status = 200): ApiResult => ({ status, body })

export const fail = (status: number, message: string, details?: ErrorDetail[]): ApiResult => ({
  status,
  body: details && details.length > 0 ? { message, details } : { message },
})

export const invalidBody = (details: ErrorDetail[]): ApiResult =>
  fail(400, `The request body has ${details.length} error(s)`, details)

export const NOT_FOUND: ApiResult = { status: 404, body: { message: 'Not found' } }
