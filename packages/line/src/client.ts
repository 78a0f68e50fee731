import type { Readable } from 'node:stream'
import { HTTPFetchError, messagingApi } from '@line/bot-sdk'
import { AttemptTimeoutError, parseErrorBody, toLineApiError } from './errors.ts'
import { type LineEndpoint, RateLimiter } from './rate-limit.ts'
import { assertRetryKey, type RetryPolicy, withRetry } from './retry.ts'

export const LINE_API_BASE_URL = 'https://api.line.me'
export const LINE_DATA_API_BASE_URL = 'https://api-data.line.me'

export type LineClientOptions = {
  channelAccessToken: string
  /** Default `LINE_API_BASE_URL`; for the emulator e.g. `http://127.0.0.1:3300`. Must have no path. */
  apiBaseUrl?: string
  /** Default: `LINE_DATA_API_BASE_URL` when `apiBaseUrl` is LINE's, else `apiBaseUrl`. */
  dataApiBaseUrl?: string
  /** Client-side token buckets at LINE's published limits, shared per access token in this process. */
  rateLimit?: boolean
  /** Attempts per call for 429 / 5xx / timeouts / network errors, the first one included. Default 4. */
  maxAttempts?: number
  /** First retry waits about this long, then twice as long each time (with jitter), at most 8 s. */
  retryBaseDelayMs?: number
  /** Per attempt. Default 10 s. */
  timeoutMs?: number
}

export type SendResult = {
  /** `x-line-request-id` of the request that LINE accepted (for a 409, the original request's). */
  requestId: string | null
  status: 'accepted' | 'already-accepted'
  /** Push only (LINE sends none for multicast, narrowcast, broadcast). */
  sentMessages: { id: string; quoteToken?: string }[]
}

export type LineProfile = {
  userId: string
  displayName: string
  pictureUrl: string | null
  statusMessage: string | null
  language: string | null
}

export type LineClient = {
  pushMessage(body: messagingApi.PushMessageRequest, opts: { retryKey: string }): Promise<SendResult>
  multicast(body: messagingApi.MulticastRequest, opts: { retryKey: string }): Promise<SendResult>
  narrowcast(body: messagingApi.NarrowcastRequest, opts: { retryKey: string }): Promise<SendResult>
  broadcast(body: messagingApi.BroadcastRequest, opts: { retryKey: string }): Promise<SendResult>
  /** Not retried after the request may have reached LINE (only on 429 and connection failures). */
  replyMessage(
    body: messagingApi.ReplyMessageRequest,
  ): Promise<{ requestId: string | null; sentMessages: { id: string; quoteToken?: string }[] }>
  getProfile(userId: string): Promise<LineProfile>
  getBotInfo(): Promise<messagingApi.BotInfoResponse>
  getMessageContent(messageId: string): Promise<{ contentType: string; body: Buffer }>
  /** `loadingSeconds`: 5–60, a multiple of 5; default 20. 1:1 chats only. */
  showLoadingAnimation(chatId: string, loadingSeconds?: number): Promise<void>
  getNarrowcastProgress(requestId: string): Promise<messagingApi.NarrowcastProgressResponse>

  createRichMenu(body: messagingApi.RichMenuRequest): Promise<messagingApi.RichMenuIdResponse>
  /** `contentType`: `image/png` or `image/jpeg`; at most 1 MB. An image can't be replaced. */
  setRichMenuImage(richMenuId: string, contentType: string, body: Uint8Array): Promise<void>
  deleteRichMenu(richMenuId: string): Promise<void>
  createRichMenuAlias(body: messagingApi.CreateRichMenuAliasRequest): Promise<void>
  updateRichMenuAlias(richMenuAliasId: string, body: messagingApi.UpdateRichMenuAliasRequest): Promise<void>
  deleteRichMenuAlias(richMenuAliasId: string): Promise<void>
  setDefaultRichMenu(richMenuId: string): Promise<void>
  cancelDefaultRichMenu(): Promise<void>
  linkRichMenuToUser(userId: string, richMenuId: string): Promise<void>
  unlinkRichMenuFromUser(userId: string): Promise<void>
  /** Asynchronous at LINE (202); 1–500 user IDs. */
  linkRichMenuToUsers(body: messagingApi.RichMenuBulkLinkRequest): Promise<void>
  getRichMenuList(): Promise<messagingApi.RichMenuListResponse>

  /** The SDK client itself: no rate limiting, retries or error mapping. */
  raw: messagingApi.MessagingApiClient
}

type WithHttpInfo<T> = { httpResponse: Response; body: T }

function baseUrl(value: string, name: string): string {
  const url = new URL(value)
  // The SDK resolves `/v2/bot/...` against the base URL, which silently drops any path in it.
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new TypeError(`${name} must be an origin without a path, got ${value}`)
  }
  return url.origin
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  // The SDK takes no AbortSignal, so a late answer is ignored rather than cancelled.
  promise.catch(() => {})
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AttemptTimeoutError(ms)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))
  return Buffer.concat(chunks)
}

function requestIdOf(response: Response): string | null {
  return response.headers.get('x-line-request-id')
}

/** A 409 on a send with a retry key: LINE accepted this key before, so the send has happened. */
function alreadyAccepted(error: unknown): SendResult | null {
  if (!(error instanceof HTTPFetchError) || error.status !== 409) return null
  const acceptedId = error.headers.get('x-line-accepted-request-id')
  const { lineMessage } = parseErrorBody(error.body)
  if (acceptedId === null && lineMessage !== 'The retry key is already accepted') return null
  let sentMessages: SendResult['sentMessages'] = []
  try {
    const body = JSON.parse(error.body) as { sentMessages?: unknown }
    if (Array.isArray(body.sentMessages)) sentMessages = body.sentMessages
  } catch {}
  return { requestId: acceptedId, status: 'already-accepted', sentMessages }
}

export function createLineClient(options: LineClientOptions): LineClient {
  if (!options.channelAccessToken) throw new TypeError('channelAccessToken is required')
  const apiBaseUrl = baseUrl(options.apiBaseUrl ?? LINE_API_BASE_URL, 'apiBaseUrl')
  const dataApiBaseUrl = baseUrl(
    options.dataApiBaseUrl ?? (apiBaseUrl === LINE_API_BASE_URL ? LINE_DATA_API_BASE_URL : apiBaseUrl),
    'dataApiBaseUrl',
  )
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4)
  const baseDelayMs = options.retryBaseDelayMs ?? 500
  const timeoutMs = options.timeoutMs ?? 10_000
  const limiter = options.rateLimit === false ? null : new RateLimiter(options.channelAccessToken)

  const raw = new messagingApi.MessagingApiClient({
    channelAccessToken: options.channelAccessToken,
    baseURL: apiBaseUrl,
  })
  const blob = new messagingApi.MessagingApiBlobClient({
    channelAccessToken: options.channelAccessToken,
    baseURL: dataApiBaseUrl,
  })

  /** One logical call: rate limit, timeout and error mapping per attempt; retries per `policy`. */
  function call<T>(
    operation: string,
    endpoint: LineEndpoint,
    policy: RetryPolicy,
    request: () => Promise<T>,
    onError?: (error: unknown) => T | null,
  ): Promise<T> {
    return withRetry(
      async () => {
        await limiter?.acquire(endpoint)
        try {
          return await withTimeout(request(), timeoutMs)
        } catch (error) {
          const handled = onError?.(error)
          if (handled) return handled
          throw toLineApiError(error, operation)
        }
      },
      { maxAttempts, baseDelayMs, policy },
    )
  }

  async function send(
    operation: string,
    endpoint: LineEndpoint,
    request: () => Promise<WithHttpInfo<{ sentMessages?: SendResult['sentMessages'] } | object | null>>,
  ): Promise<SendResult> {
    return call(
      operation,
      endpoint,
      'safe',
      async () => {
        const { httpResponse, body } = await request()
        const sent =
          body && 'sentMessages' in body && Array.isArray(body.sentMessages) ? body.sentMessages : []
        return { requestId: requestIdOf(httpResponse), status: 'accepted', sentMessages: sent }
      },
      alreadyAccepted,
    )
  }

  async function done(promise: Promise<unknown>): Promise<void> {
    await promise
  }

  return {
    raw,

    async pushMessage(body, opts) {
      assertRetryKey(opts?.retryKey)
      return send('pushMessage', 'push', () => raw.pushMessageWithHttpInfo(body, opts.retryKey))
    },
    async multicast(body, opts) {
      assertRetryKey(opts?.retryKey)
      if (!Array.isArray(body.to) || body.to.length < 1 || body.to.length > 500) {
        throw new RangeError('multicast: `to` must hold 1 to 500 user IDs')
      }
      return send('multicast', 'multicast', () => raw.multicastWithHttpInfo(body, opts.retryKey))
    },
    async narrowcast(body, opts) {
      assertRetryKey(opts?.retryKey)
      return send('narrowcast', 'narrowcast', () => raw.narrowcastWithHttpInfo(body, opts.retryKey))
    },
    async broadcast(body, opts) {
      assertRetryKey(opts?.retryKey)
      return send('broadcast', 'broadcast', () => raw.broadcastWithHttpInfo(body, opts.retryKey))
    },

    replyMessage(body) {
      return call('replyMessage', 'reply', 'unsafe', async () => {
        const { httpResponse, body: response } = await raw.replyMessageWithHttpInfo(body)
        return { requestId: requestIdOf(httpResponse), sentMessages: response?.sentMessages ?? [] }
      })
    },

    getProfile(userId) {
      return call('getProfile', 'profile', 'safe', async () => {
        const profile = await raw.getProfile(userId)
        return {
          userId: profile.userId,
          displayName: profile.displayName,
          pictureUrl: profile.pictureUrl ?? null,
          statusMessage: profile.statusMessage ?? null,
          language: profile.language ?? null,
        }
      })
    },

    getBotInfo() {
      return call('getBotInfo', 'botInfo', 'safe', () => raw.getBotInfo())
    },

    getMessageContent(messageId) {
      return call('getMessageContent', 'messageContent', 'safe', async () => {
        const { httpResponse, body } = await blob.getMessageContentWithHttpInfo(messageId)
        return {
          contentType: httpResponse.headers.get('content-type') ?? 'application/octet-stream',
          body: await readAll(body),
        }
      })
    },

    async showLoadingAnimation(chatId, loadingSeconds = 20) {
      if (
        !Number.isInteger(loadingSeconds) ||
        loadingSeconds < 5 ||
        loadingSeconds > 60 ||
        loadingSeconds % 5
      ) {
        throw new RangeError('showLoadingAnimation: loadingSeconds must be 5 to 60, a multiple of 5')
      }
      return call('showLoadingAnimation', 'loadingAnimation', 'safe', () =>
        done(raw.showLoadingAnimation({ chatId, loadingSeconds })),
      )
    },

    getNarrowcastProgress(requestId) {
      return call('getNarrowcastProgress', 'narrowcastProgress', 'safe', () =>
        raw.getNarrowcastProgress(requestId),
      )
    },

    createRichMenu(body) {
      return call('createRichMenu', 'richMenuCreate', 'unsafe', () => raw.createRichMenu(body))
    },
    async setRichMenuImage(richMenuId, contentType, body) {
      const image = new Blob([body as Uint8Array<ArrayBuffer>], { type: contentType })
      return call('setRichMenuImage', 'richMenuImage', 'unsafe', () =>
        done(blob.setRichMenuImage(richMenuId, image)),
      )
    },
    deleteRichMenu(richMenuId) {
      return call('deleteRichMenu', 'richMenuDelete', 'unsafe', () => done(raw.deleteRichMenu(richMenuId)))
    },
    createRichMenuAlias(body) {
      return call('createRichMenuAlias', 'richMenuAliasCreate', 'unsafe', () =>
        done(raw.createRichMenuAlias(body)),
      )
    },
    updateRichMenuAlias(richMenuAliasId, body) {
      return call('updateRichMenuAlias', 'richMenuAliasUpdate', 'safe', () =>
        done(raw.updateRichMenuAlias(richMenuAliasId, body)),
      )
    },
    deleteRichMenuAlias(richMenuAliasId) {
      return call('deleteRichMenuAlias', 'richMenuAliasDelete', 'unsafe', () =>
        done(raw.deleteRichMenuAlias(richMenuAliasId)),
      )
    },
    setDefaultRichMenu(richMenuId) {
      return call('setDefaultRichMenu', 'richMenuSetDefault', 'safe', () =>
        done(raw.setDefaultRichMenu(richMenuId)),
      )
    },
    cancelDefaultRichMenu() {
      return call('cancelDefaultRichMenu', 'richMenuCancelDefault', 'safe', () =>
        done(raw.cancelDefaultRichMenu()),
      )
    },
    linkRichMenuToUser(userId, richMenuId) {
      return call('linkRichMenuToUser', 'richMenuLink', 'safe', () =>
        done(raw.linkRichMenuIdToUser(userId, richMenuId)),
      )
    },
    unlinkRichMenuFromUser(userId) {
      return call('unlinkRichMenuFromUser', 'richMenuUnlink', 'safe', () =>
        done(raw.unlinkRichMenuIdFromUser(userId)),
      )
    },
    async linkRichMenuToUsers(body) {
      if (!Array.isArray(body.userIds) || body.userIds.length < 1 || body.userIds.length > 500) {
        throw new RangeError('linkRichMenuToUsers: `userIds` must hold 1 to 500 user IDs')
      }
      return call('linkRichMenuToUsers', 'richMenuBulkLink', 'safe', () =>
        done(raw.linkRichMenuIdToUsers(body)),
      )
    },
    getRichMenuList() {
      return call('getRichMenuList', 'richMenuList', 'safe', () => raw.getRichMenuList())
    },
  }
}
