// The front door of every LINE API request (Messaging API, insight, audiences, and the LINE Login
// ID token verify endpoint): faults, size limit, routing, authentication, retry keys, rate limits,
// OpenAPI validation, the handler; every request is recorded, rejected ones too.

import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EmulatorContext } from '../context.ts'
import { CORS_HEADERS, isJsonContentType, readBody, sendBytes, sendJson } from '../http.ts'
import { newRequestId, UUID_PATTERN } from '../ids.ts'
import { verifyIdTokenRequest } from '../oauth.ts'
import { limitFor } from '../rate-limit.ts'
import { DAY } from '../state.ts'
import { audienceHandlers } from './audience.ts'
import { insightHandlers } from './insight.ts'
import { checkRichMenu, richMenuHandlers } from './richmenu.ts'
import { extraChecks, sendHandlers } from './send.ts'
import { type ApiResult, fail, type Handler, invalidBody, NOT_FOUND } from './types.ts'
import { userHandlers } from './users.ts'

const HANDLERS: Record<string, Handler> = {
  ...sendHandlers,
  ...richMenuHandlers,
  ...insightHandlers,
  ...userHandlers,
  ...audienceHandlers,
}

/** Operations without a handler (coupons, membership, PNP) answer 501. */
export const implementedOperations = (): string[] => Object.keys(HANDLERS)

const RICH_MENU_OBJECT_OPERATIONS = new Set(['createRichMenu', 'validateRichMenuObject'])

const RETRY_KEY_OPERATIONS = new Set(['pushMessage', 'multicast', 'narrowcast', 'broadcast'])

const NO_AUTH_HEADER =
  "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'"
const BAD_TOKEN = 'Authentication failed. Confirm that the access token in the authorization header is valid.'

const DEFAULT_FAULT_BODIES: Record<number, unknown> = {
  429: { message: 'Too many requests' },
  500: { message: 'Internal server error' },
  503: { message: 'Service unavailable' },
}

function bodyForRecord(raw: Buffer, contentType: string, parsed: { value: unknown } | null): unknown {
  if (parsed) return parsed.value
  if (raw.length === 0) return null
  if (/application\/x-www-form-urlencoded/i.test(contentType)) {
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')))
  }
  if (/^(text\/|application\/json)/i.test(contentType) || contentType === '') {
    const text = raw.toString('utf8')
    return text.length > 10_000 ? `${text.slice(0, 10_000)}…` : text
  }
  return { contentType, bytes: raw.length }
}

export async function handleApi(
  emu: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const { state } = emu
  const requestId = newRequestId()
  const method = req.method ?? 'GET'
  const path = url.pathname
  const query = Object.fromEntries(url.searchParams)
  const retryHeader = req.headers['x-line-retry-key']
  const retryKey = typeof retryHeader === 'string' ? retryHeader : null
  const contentType = req.headers['content-type'] ?? ''
  const { data: raw, tooLarge } = await readBody(req)
  const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim()
  let channel = token ? state.channelByToken(token) : undefined
  let parsed: { value: unknown } | null = null
  const isOAuth = path.startsWith('/oauth2/')

  const finish = (result: ApiResult) => {
    const headers = { 'x-line-request-id': requestId, ...(isOAuth ? CORS_HEADERS : {}), ...result.headers }
    if (result.bytes) sendBytes(res, result.status, result.bytes.contentType, result.bytes.data, headers)
    else sendJson(res, result.status, result.body, headers)
    state.record({
      at: new Date().toISOString(),
      channelId: channel?.config.channelId ?? null,
      method,
      path,
      query,
      retryKey,
      body: bodyForRecord(raw, contentType, parsed),
      status: result.status,
      response: result.bytes
        ? { contentType: result.bytes.contentType, bytes: result.bytes.data.length }
        : (result.body ?? null),
    })
  }

  const fault = state.takeFault(method, path)
  if (fault) {
    finish({
      status: fault.status,
      body: fault.body ?? DEFAULT_FAULT_BODIES[fault.status] ?? { message: 'Fault' },
    })
    return
  }
  if (tooLarge) return finish(fail(413, 'Request Entity Too Large'))

  if (isOAuth) {
    if (method === 'POST' && path === '/oauth2/v2.1/verify') {
      const form = new URLSearchParams(raw.toString('utf8'))
      const clientId = form.get('client_id')
      channel = [...state.channels.values()].find((c) => c.config.liff?.loginChannelId === clientId)
      return finish(verifyIdTokenRequest(emu, form))
    }
    return finish(NOT_FOUND)
  }

  const match = emu.openApi.match(method, path)
  if (!match) return finish(NOT_FOUND)
  const { operation } = match

  if (!token) return finish(fail(401, NO_AUTH_HEADER))
  if (!channel) return finish(fail(401, BAD_TOKEN))

  if (retryKey !== null) {
    if (!RETRY_KEY_OPERATIONS.has(operation.operationId)) {
      return finish(fail(400, 'The X-Line-Retry-Key header is not supported by this endpoint'))
    }
    if (!UUID_PATTERN.test(retryKey)) {
      return finish(fail(400, "The value for the 'X-Line-Retry-Key' header is invalid: it must be a UUID"))
    }
  }

  if (state.settings.enforceRateLimits) {
    const limit = limitFor(operation.operationId, operation.spec)
    if (!emu.rateLimiter.take(channel.config.channelId, operation.operationId, limit)) {
      return finish(fail(429, 'Too many requests'))
    }
  }

  let body: unknown
  if (operation.jsonBody) {
    if (raw.length === 0) {
      if (operation.jsonBody.required) return finish(fail(400, 'The request body is required'))
    } else {
      if (!isJsonContentType(contentType)) return finish(fail(415, 'Unsupported Media Type'))
      try {
        body = JSON.parse(raw.toString('utf8'))
        parsed = { value: body }
      } catch {
        return finish(fail(400, 'The request body has invalid JSON format'))
      }
    }
  }

  const params: Record<string, unknown> = { ...query, ...match.params }
  const invalidParam = operation.checkParams(params)
  if (invalidParam) return finish(fail(400, `The value for the '${invalidParam}' parameter is invalid`))

  if (body !== undefined) {
    const details = [...operation.checkBody(body), ...extraChecks(operation.operationId, body)]
    if (RICH_MENU_OBJECT_OPERATIONS.has(operation.operationId) && typeof body === 'object' && body !== null) {
      details.push(...checkRichMenu(body as Record<string, unknown>))
    }
    if (details.length > 0) return finish(invalidBody(details))
  }

  if (retryKey !== null) {
    const accepted = channel.retryKeys.get(retryKey)
    if (accepted && Date.now() - accepted.at < DAY) {
      return finish({
        status: 409,
        body: {
          message: 'The retry key is already accepted',
          ...(operation.operationId === 'pushMessage' ? { sentMessages: accepted.sentMessages ?? [] } : {}),
        },
        headers: { 'x-line-accepted-request-id': accepted.requestId },
      })
    }
  }

  const handler = HANDLERS[operation.operationId]
  if (!handler) return finish(fail(501, `The LINE emulator does not implement ${operation.operationId}`))
  const result = await handler({
    emu,
    channel,
    operationId: operation.operationId,
    params,
    body,
    raw,
    contentType,
    requestId,
    retryKey,
  })
  if (retryKey !== null && result.status >= 200 && result.status < 300) {
    channel.retryKeys.set(retryKey, { requestId, at: Date.now(), sentMessages: result.sentMessages })
    if (channel.retryKeys.size > 100_000) {
      const cutoff = Date.now() - DAY
      for (const [key, entry] of channel.retryKeys) if (entry.at < cutoff) channel.retryKeys.delete(key)
    }
  }
  finish(result)
}
