import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLineClient, LINE_DATA_API_BASE_URL, type LineClientOptions } from './client.ts'
import { LineApiError } from './errors.ts'

// The SDK calls the global `fetch`, so these tests answer for LINE without a server.

type Recorded = { url: string; method: string; headers: Record<string, string>; body: unknown }
type Answer = Response | Error | 'hang'

let recorded: Recorded[]
let answers: Answer[]

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })
}

function fetchFailed(code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) })
}

beforeEach(() => {
  recorded = []
  answers = []
  vi.stubGlobal('fetch', async (input: URL | string, init: RequestInit = {}) => {
    const headers = Object.fromEntries(
      Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    )
    recorded.push({
      url: String(input),
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' && init.body ? JSON.parse(init.body) : init.body,
    })
    const answer = answers.shift() ?? json(200, {})
    if (answer === 'hang') return new Promise(() => {})
    if (answer instanceof Error) throw answer
    return answer
  })
})

afterEach(() => {
  vi.unstubAllGlobals()
})

let tokenCounter = 0
function client(options: Partial<LineClientOptions> = {}) {
  // A fresh token per client, so the process-wide rate-limit buckets don't carry over between tests.
  return createLineClient({
    channelAccessToken: `test-token-${++tokenCounter}`,
    apiBaseUrl: 'http://127.0.0.1:9',
    retryBaseDelayMs: 1,
    ...options,
  })
}

const push = { to: 'U0123456789abcdef0123456789abcdef', messages: [{ type: 'text' as const, text: 'hi' }] }
const retryKey = '123e4567-e89b-12d3-a456-426614174000'

describe('options', () => {
  it('refuses a base URL with a path, which the SDK would silently drop', () => {
    expect(() =>
      createLineClient({ channelAccessToken: 't', apiBaseUrl: 'http://localhost:3300/line' }),
    ).toThrow(/without a path/)
    expect(() => createLineClient({ channelAccessToken: '' })).toThrow(/channelAccessToken/)
  })

  it('uses api-data.line.me for content only when talking to LINE', async () => {
    answers = [new Response('x', { headers: { 'content-type': 'image/png' } })]
    await createLineClient({ channelAccessToken: 'real' }).getMessageContent('1')
    expect(recorded[0]?.url).toBe(`${LINE_DATA_API_BASE_URL}/v2/bot/message/1/content`)

    answers = [new Response('x')]
    await client({ apiBaseUrl: 'http://127.0.0.1:3300/' }).getMessageContent('2')
    expect(recorded[1]?.url).toBe('http://127.0.0.1:3300/v2/bot/message/2/content')
  })
})

describe('sends with a retry key', () => {
  it('throws before sending when the retry key is not a UUID', async () => {
    const c = client()
    await expect(c.pushMessage(push, { retryKey: 'abc' })).rejects.toThrow(TypeError)
    await expect(c.multicast({ ...push, to: [push.to] }, { retryKey: '' })).rejects.toThrow(/UUID/)
    await expect(c.broadcast(push, undefined as unknown as { retryKey: string })).rejects.toThrow(/UUID/)
    expect(recorded).toHaveLength(0)
  })

  it('retries a 500 with the same key and returns the request ID and sent messages', async () => {
    answers = [
      json(500, { message: 'Internal error' }),
      json(200, { sentMessages: [{ id: '1', quoteToken: 'q' }] }, { 'x-line-request-id': 'req-2' }),
    ]
    const result = await client().pushMessage(push, { retryKey })
    expect(result).toEqual({
      requestId: 'req-2',
      status: 'accepted',
      sentMessages: [{ id: '1', quoteToken: 'q' }],
    })
    expect(recorded.map((r) => r.headers['x-line-retry-key'])).toEqual([retryKey, retryKey])
    expect(recorded[0]?.body).toEqual(recorded[1]?.body)
  })

  it('retries a timeout with the same key', async () => {
    answers = ['hang', json(200, {}, { 'x-line-request-id': 'req-3' })]
    const result = await client({ timeoutMs: 50 }).multicast({ ...push, to: [push.to] }, { retryKey })
    expect(result).toEqual({ requestId: 'req-3', status: 'accepted', sentMessages: [] })
    expect(recorded).toHaveLength(2)
    expect(recorded[1]?.headers['x-line-retry-key']).toBe(retryKey)
  })

  it('treats 409 (key already accepted) as success', async () => {
    answers = [
      json(
        409,
        { message: 'The retry key is already accepted', sentMessages: [{ id: '9' }] },
        { 'x-line-request-id': 'req-new', 'x-line-accepted-request-id': 'req-original' },
      ),
    ]
    expect(await client().pushMessage(push, { retryKey })).toEqual({
      requestId: 'req-original',
      status: 'already-accepted',
      sentMessages: [{ id: '9' }],
    })
  })

  it('does not retry a 400 and reports the details', async () => {
    answers = [
      json(
        400,
        {
          message: 'The request body has 1 error(s)',
          details: [{ message: 'May not be empty', property: 'messages[0].text' }],
        },
        { 'x-line-request-id': 'req-4' },
      ),
    ]
    const error = await client()
      .pushMessage(push, { retryKey })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LineApiError)
    expect(error).toMatchObject({
      status: 400,
      code: 'invalid_request',
      requestId: 'req-4',
      details: [{ message: 'May not be empty', property: 'messages[0].text' }],
    })
    expect(recorded).toHaveLength(1)
  })

  it('fails at once with quota_exceeded on the monthly-limit 429', async () => {
    answers = [json(429, { message: 'You have reached your monthly limit.' })]
    await expect(client().broadcast(push, { retryKey })).rejects.toMatchObject({
      code: 'quota_exceeded',
      status: 429,
    })
    expect(recorded).toHaveLength(1)
  })

  it('gives up after maxAttempts', async () => {
    answers = [json(503, {}), json(503, {}), json(503, {}), json(503, {}), json(200, {})]
    await expect(client().narrowcast(push, { retryKey })).rejects.toMatchObject({ code: 'server_error' })
    expect(recorded).toHaveLength(4)
  })

  it('refuses the 61st broadcast of the hour without calling LINE', async () => {
    const c = client()
    for (let i = 0; i < 60; i++) await c.broadcast(push, { retryKey: crypto.randomUUID() })
    await expect(c.broadcast(push, { retryKey })).rejects.toMatchObject({
      code: 'rate_limited',
      status: null,
    })
    expect(recorded).toHaveLength(60)
    // Another client with the same token shares the bucket.
    const same = createLineClient({
      channelAccessToken: `test-token-${tokenCounter}`,
      apiBaseUrl: 'http://127.0.0.1:9',
    })
    await expect(same.broadcast(push, { retryKey })).rejects.toMatchObject({ code: 'rate_limited' })
    // Without client-side limits, LINE decides.
    const unlimited = createLineClient({
      channelAccessToken: `test-token-${tokenCounter}`,
      apiBaseUrl: 'http://127.0.0.1:9',
      rateLimit: false,
    })
    await unlimited.broadcast(push, { retryKey })
    expect(recorded).toHaveLength(61)
  })
})

describe('reply (no retry key)', () => {
  const reply = { replyToken: 'token', messages: push.messages }

  it('is not retried on 5xx, timeouts or broken connections: it may have been delivered', async () => {
    answers = [json(500, {})]
    await expect(client().replyMessage(reply)).rejects.toMatchObject({ code: 'server_error' })
    answers = ['hang']
    await expect(client({ timeoutMs: 30 }).replyMessage(reply)).rejects.toMatchObject({ code: 'timeout' })
    answers = [fetchFailed('ECONNRESET')]
    await expect(client().replyMessage(reply)).rejects.toMatchObject({ code: 'network' })
    expect(recorded).toHaveLength(3)
  })

  it('is retried on 429 and when the connection was refused', async () => {
    answers = [
      json(429, { message: 'Too many requests' }),
      fetchFailed('ECONNREFUSED'),
      json(200, { sentMessages: [{ id: '5' }] }, { 'x-line-request-id': 'req-5' }),
    ]
    expect(await client().replyMessage(reply)).toEqual({ requestId: 'req-5', sentMessages: [{ id: '5' }] })
    expect(recorded).toHaveLength(3)
    expect(recorded.every((r) => r.headers['x-line-retry-key'] === undefined)).toBe(true)
  })
})

describe('other calls', () => {
  it('getProfile fills absent fields with null', async () => {
    answers = [json(200, { userId: 'U1', displayName: '山田' })]
    expect(await client().getProfile('U1')).toEqual({
      userId: 'U1',
      displayName: '山田',
      pictureUrl: null,
      statusMessage: null,
      language: null,
    })
  })

  it('getProfile retries a network error (idempotent) and maps 404', async () => {
    answers = [fetchFailed('ECONNRESET'), json(404, { message: 'Not found' })]
    await expect(client().getProfile('U1')).rejects.toMatchObject({
      code: 'not_found',
      lineMessage: 'Not found',
    })
    expect(recorded).toHaveLength(2)
  })

  it('getMessageContent returns the bytes and their type', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47])
    answers = [new Response(png, { headers: { 'content-type': 'image/png' } })]
    const content = await client().getMessageContent('123')
    expect(content.contentType).toBe('image/png')
    expect(content.body.equals(png)).toBe(true)
  })

  it('showLoadingAnimation checks loadingSeconds', async () => {
    const c = client()
    await expect(c.showLoadingAnimation('U1', 7)).rejects.toThrow(RangeError)
    await c.showLoadingAnimation('U1')
    expect(recorded[0]).toMatchObject({
      url: 'http://127.0.0.1:9/v2/bot/chat/loading/start',
      body: { chatId: 'U1', loadingSeconds: 20 },
    })
  })

  it('linkRichMenuToUsers checks the 500 limit', async () => {
    const userIds = Array.from({ length: 501 }, (_, i) => `U${i}`)
    await expect(client().linkRichMenuToUsers({ richMenuId: 'r', userIds })).rejects.toThrow(RangeError)
    expect(recorded).toHaveLength(0)
  })

  it('setRichMenuImage uploads the bytes with their content type', async () => {
    await client().setRichMenuImage('richmenu-1', 'image/png', Buffer.from([1, 2, 3]))
    expect(recorded[0]?.url).toBe('http://127.0.0.1:9/v2/bot/richmenu/richmenu-1/content')
    expect(recorded[0]?.headers['content-type']).toBe('image/png')
  })

  it('createRichMenu is not retried after a 500', async () => {
    answers = [json(500, {})]
    await expect(
      client().createRichMenu({
        size: { width: 2500, height: 843 },
        selected: false,
        name: 'menu',
        chatBarText: 'メニュー',
        areas: [],
      }),
    ).rejects.toMatchObject({ code: 'server_error' })
    expect(recorded).toHaveLength(1)
  })
})
