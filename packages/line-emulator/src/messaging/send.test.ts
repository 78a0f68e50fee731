import { randomUUID } from 'node:crypto'
import { messagingApi } from '@line/bot-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHANNEL, type Harness, sleep, startHarness, text } from '../test-support.ts'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('validation (OpenAPI + LINE limits)', () => {
  it('rejects a multicast to 501 recipients like LINE', async () => {
    const r = await h.api('POST', '/v2/bot/message/multicast', {
      to: Array.from({ length: 501 }, (_, i) => `U${i.toString(16).padStart(32, '0')}`),
      messages: [text('hi')],
    })
    expect(r.status).toBe(400)
    expect(r.body).toEqual({
      message: 'The request body has 1 error(s)',
      details: [{ message: 'Size must be between 1 and 500', property: 'to' }],
    })
  })

  it('names the property of a text message without text, and of an unknown message type', async () => {
    const resident = await h.resident()
    const missing = await h.api('POST', '/v2/bot/message/push', {
      to: resident.userId,
      messages: [{ type: 'text' }],
    })
    expect(missing.status).toBe(400)
    expect(missing.body).toEqual({
      message: 'The request body has 1 error(s)',
      details: [{ message: 'must be specified', property: 'messages[0].text' }],
    })
    const unknown = await h.api('POST', '/v2/bot/message/push', {
      to: resident.userId,
      messages: [text('ok'), { type: 'hologram', text: 'x' }],
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.message).toBe('The request body has 1 error(s)')
    expect(unknown.body.details[0].property).toBe('messages[1].type')
  })

  it('checks nested discriminated objects (template actions) and LINE limits the spec cannot express', async () => {
    const resident = await h.resident()
    const r = await h.api('POST', '/v2/bot/message/push', {
      to: resident.userId,
      messages: [
        {
          type: 'template',
          altText: 'menu',
          template: { type: 'buttons', text: 'choose', actions: [{ type: 'teleport', label: 'go' }] },
        },
        text('あ'.repeat(5001)),
        { type: 'image', originalContentUrl: 'not a url', previewImageUrl: 'https://example.com/p.png' },
      ],
    })
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('The request body has 3 error(s)')
    expect(r.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ property: 'messages[0].template.actions[0].type' }),
        { message: 'Length must be between 0 and 5000', property: 'messages[1].text' },
        expect.objectContaining({ property: 'messages[2].originalContentUrl' }),
      ]),
    )
  })

  it('rejects 0 or 6 messages, a body over 2 MB (413), bad JSON, unknown paths', async () => {
    const resident = await h.resident()
    const six = await h.api('POST', '/v2/bot/message/push', {
      to: resident.userId,
      messages: Array(6).fill(text('x')),
    })
    expect(six.body.details).toEqual([{ message: 'Size must be between 1 and 5', property: 'messages' }])
    const none = await h.api('POST', '/v2/bot/message/broadcast', { messages: [] })
    expect(none.status).toBe(400)
    const big = await h.api('POST', '/v2/bot/message/broadcast', {
      messages: [text('x'.repeat(2 * 1024 * 1024))],
    })
    expect(big.status).toBe(413)
    const bad = await h.api('POST', '/v2/bot/message/broadcast', '{"messages":')
    expect(bad.status).toBe(400)
    const unknown = await h.api('GET', '/v2/bot/nothing/here')
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual({ message: 'Not found' })
    expect(unknown.headers.get('x-line-request-id')).toMatch(UUID)
  })

  it('validates query parameters', async () => {
    const r = await h.api('GET', '/v2/bot/followers/ids?limit=1001')
    expect(r.status).toBe(400)
    expect(r.body.message).toContain("'limit'")
  })
})

describe('authentication', () => {
  it('answers 401 to a bad or missing token', async () => {
    const bad = await h.api('GET', '/v2/bot/info', undefined, { authorization: 'Bearer nope' })
    expect(bad.status).toBe(401)
    expect(bad.body).toEqual({
      message: 'Authentication failed. Confirm that the access token in the authorization header is valid.',
    })
    expect(bad.headers.get('x-line-request-id')).toMatch(UUID)
    const missing = await fetch(`${h.url}/v2/bot/info`)
    expect(missing.status).toBe(401)
  })
})

describe('sending', () => {
  it('delivers a valid push to the resident chat and answers sentMessages', async () => {
    const resident = await h.resident()
    const r = await h.api('POST', '/v2/bot/message/push', {
      to: resident.userId,
      messages: [text('こんにちは')],
    })
    expect(r.status).toBe(200)
    expect(r.headers.get('x-line-request-id')).toMatch(UUID)
    expect(r.body.sentMessages).toEqual([
      { id: expect.stringMatching(/^\d+$/), quoteToken: expect.any(String) },
    ])
    const chat = await h.chat(resident.userId)
    expect(chat).toEqual([
      expect.objectContaining({
        id: r.body.sentMessages[0].id,
        from: 'bot',
        via: 'push',
        message: text('こんにちは'),
      }),
    ])
  })

  it('works with @line/bot-sdk as the client', async () => {
    const resident = await h.resident()
    const client = new messagingApi.MessagingApiClient({
      channelAccessToken: CHANNEL.accessToken,
      baseURL: h.url,
    })
    const { httpResponse, body } = await client.pushMessageWithHttpInfo({
      to: resident.userId,
      messages: [{ type: 'text', text: 'SDK' }],
    })
    expect(httpResponse.headers.get('x-line-request-id')).toMatch(UUID)
    expect(body.sentMessages).toHaveLength(1)
    const info = await client.getBotInfo()
    expect(info).toMatchObject({ userId: CHANNEL.botUserId, displayName: CHANNEL.name, chatMode: 'bot' })
    const profile = await client.getProfile(resident.userId)
    expect(profile).toMatchObject({
      userId: resident.userId,
      displayName: resident.displayName,
      language: 'ja',
    })
  })

  it('gives nothing to blocked residents and non-friends; multicast drops them silently', async () => {
    const friend = await h.resident('友だち')
    const blocked = await h.resident('ブロック')
    await h.control('POST', `/_emulator/residents/${blocked.userId}/unfollow`, {
      channelId: CHANNEL.channelId,
    })
    const stranger = await h.resident('他人', false)
    const r = await h.api('POST', '/v2/bot/message/multicast', {
      to: [friend.userId, blocked.userId, stranger.userId],
      messages: [text('お知らせ')],
    })
    expect(r.status).toBe(200)
    expect(r.body).toEqual({})
    expect(await h.chat(friend.userId)).toHaveLength(1)
    expect(await h.chat(blocked.userId)).toHaveLength(0)
    expect(await h.chat(stranger.userId)).toHaveLength(0)
    const profile = await h.api('GET', `/v2/bot/profile/${stranger.userId}`)
    expect(profile.status).toBe(404)
    expect(profile.body).toEqual({ message: 'Not found' })
    expect((await h.api('GET', `/v2/bot/profile/${blocked.userId}`)).status).toBe(200)
  })

  it('narrowcasts to an uploaded audience asynchronously (202, then progress to succeeded)', async () => {
    const a = await h.resident('A')
    const b = await h.resident('B')
    const audience = await h.api('POST', '/v2/bot/audienceGroup/upload', {
      description: 'test audience',
      audiences: [{ id: a.userId }],
    })
    expect(audience.status).toBe(202)
    const r = await h.api('POST', '/v2/bot/message/narrowcast', {
      messages: [text('対象者へ')],
      recipient: { type: 'audience', audienceGroupId: audience.body.audienceGroupId },
    })
    expect(r.status).toBe(202)
    const requestId = r.headers.get('x-line-request-id')
    const phases = new Set<string>()
    let progress: { body: { phase: string; successCount?: number } } | undefined
    for (let i = 0; i < 50; i++) {
      progress = await h.api('GET', `/v2/bot/message/progress/narrowcast?requestId=${requestId}`)
      phases.add(progress.body.phase)
      if (progress.body.phase === 'succeeded') break
      await sleep(10)
    }
    expect(progress?.body).toMatchObject({ phase: 'succeeded', successCount: 1, targetCount: 1 })
    expect(await h.chat(a.userId)).toEqual([expect.objectContaining({ via: 'narrowcast' })])
    expect(await h.chat(b.userId)).toEqual([])
    const stats = await h.api('GET', `/v2/bot/insight/message/event?requestId=${requestId}`)
    expect(stats.body.overview).toMatchObject({ requestId, delivered: 1, uniqueImpression: null })
  })

  it('counts quota consumption per recipient, not for replies', async () => {
    const before = (await h.api('GET', '/v2/bot/message/quota/consumption')).body.totalUsage
    const resident = await h.resident()
    await h.api('POST', '/v2/bot/message/push', { to: resident.userId, messages: [text('1'), text('2')] })
    const after = (await h.api('GET', '/v2/bot/message/quota/consumption')).body.totalUsage
    expect(after - before).toBe(1)
    expect((await h.api('GET', '/v2/bot/message/quota')).body).toEqual({ type: 'none' })
  })
})

describe('reply tokens', () => {
  it('is single use', async () => {
    const resident = await h.resident()
    await h.control('POST', `/_emulator/residents/${resident.userId}/messages`, {
      channelId: CHANNEL.channelId,
      message: text('質問です'),
    })
    const deliveries = (await h.control('GET', `/_emulator/webhooks?channelId=${CHANNEL.channelId}`)).body
      .deliveries
    const event = JSON.parse(deliveries.at(-1).body).events[0]
    const first = await h.api('POST', '/v2/bot/message/reply', {
      replyToken: event.replyToken,
      messages: [text('回答')],
    })
    expect(first.status).toBe(200)
    const second = await h.api('POST', '/v2/bot/message/reply', {
      replyToken: event.replyToken,
      messages: [text('再')],
    })
    expect(second.status).toBe(400)
    expect(second.body).toEqual({ message: 'Invalid reply token' })
    const chat = await h.chat(resident.userId)
    expect(chat.map((i) => [i.from, i.message.text, i.via])).toEqual([
      ['resident', '質問です', undefined],
      ['bot', '回答', 'reply'],
    ])
  })
})

describe('retry keys', () => {
  it('accepts a key once: 200, then 409 with x-line-accepted-request-id, and delivers once', async () => {
    const resident = await h.resident()
    const key = randomUUID()
    const request = { to: resident.userId, messages: [text('一度だけ')] }
    const first = await h.api('POST', '/v2/bot/message/push', request, { 'x-line-retry-key': key })
    expect(first.status).toBe(200)
    const second = await h.api('POST', '/v2/bot/message/push', request, { 'x-line-retry-key': key })
    expect(second.status).toBe(409)
    expect(second.headers.get('x-line-accepted-request-id')).toBe(first.headers.get('x-line-request-id'))
    expect(second.headers.get('x-line-request-id')).not.toBe(first.headers.get('x-line-request-id'))
    expect(second.body).toEqual({
      message: 'The retry key is already accepted',
      sentMessages: first.body.sentMessages,
    })
    expect(await h.chat(resident.userId)).toHaveLength(1)
  })

  it('has no sentMessages in the 409 of a multicast; a key on reply or a non-UUID key is a 400', async () => {
    const resident = await h.resident()
    const key = randomUUID()
    const request = { to: [resident.userId], messages: [text('m')] }
    expect(
      (await h.api('POST', '/v2/bot/message/multicast', request, { 'x-line-retry-key': key })).status,
    ).toBe(200)
    const again = await h.api('POST', '/v2/bot/message/multicast', request, { 'x-line-retry-key': key })
    expect(again.status).toBe(409)
    expect(again.body).toEqual({ message: 'The retry key is already accepted' })
    const reply = await h.api(
      'POST',
      '/v2/bot/message/reply',
      { replyToken: 'x', messages: [text('r')] },
      { 'x-line-retry-key': randomUUID() },
    )
    expect(reply.status).toBe(400)
    const notUuid = await h.api(
      'POST',
      '/v2/bot/message/broadcast',
      { messages: [text('b')] },
      { 'x-line-retry-key': 'k1' },
    )
    expect(notUuid.status).toBe(400)
  })

  it('does not remember a key whose request failed (a fault), so the retry goes through', async () => {
    const resident = await h.resident()
    const key = randomUUID()
    await h.control('POST', '/_emulator/faults', {
      method: 'POST',
      path: '/v2/bot/message/push',
      status: 500,
      count: 1,
    })
    const request = { to: resident.userId, messages: [text('retry me')] }
    expect((await h.api('POST', '/v2/bot/message/push', request, { 'x-line-retry-key': key })).status).toBe(
      500,
    )
    expect(await h.chat(resident.userId)).toHaveLength(0)
    expect((await h.api('POST', '/v2/bot/message/push', request, { 'x-line-retry-key': key })).status).toBe(
      200,
    )
    expect(await h.chat(resident.userId)).toHaveLength(1)
  })
})

describe('faults', () => {
  it('answers the injected status to the next request only, without side effects', async () => {
    const resident = await h.resident()
    const fault = await h.control('POST', '/_emulator/faults', {
      method: 'POST',
      path: '/v2/bot/message/push',
      status: 500,
      count: 1,
      body: { message: 'boom' },
    })
    expect(fault.status).toBe(204)
    const request = { to: resident.userId, messages: [text('x')] }
    const first = await h.api('POST', '/v2/bot/message/push', request)
    expect(first.status).toBe(500)
    expect(first.body).toEqual({ message: 'boom' })
    expect(await h.chat(resident.userId)).toHaveLength(0)
    const second = await h.api('POST', '/v2/bot/message/push', request)
    expect(second.status).toBe(200)
    expect(await h.chat(resident.userId)).toHaveLength(1)
  })
})

describe('recording', () => {
  it('records API requests (rejected ones too), not control requests', async () => {
    await h.control('DELETE', '/_emulator/requests')
    const resident = await h.resident()
    await h.api('POST', '/v2/bot/message/push', { to: resident.userId, messages: [text('記録')] })
    await h.api('POST', '/v2/bot/message/push', { to: resident.userId, messages: [{ type: 'text' }] })
    await h.api('GET', '/v2/bot/info?x=1')
    const all = (await h.control('GET', '/_emulator/requests')).body.requests
    expect(all.map((r: { path: string; status: number }) => [r.path, r.status])).toEqual([
      ['/v2/bot/message/push', 200],
      ['/v2/bot/message/push', 400],
      ['/v2/bot/info', 200],
    ])
    expect(all[0]).toMatchObject({
      id: expect.any(Number),
      at: expect.any(String),
      channelId: CHANNEL.channelId,
      method: 'POST',
      query: {},
      retryKey: null,
      body: { to: resident.userId, messages: [text('記録')] },
      response: { sentMessages: [expect.any(Object)] },
    })
    expect(all[2].query).toEqual({ x: '1' })
    const pushes = (await h.control('GET', `/_emulator/requests?method=post&path=/v2/bot/message/push`)).body
      .requests
    expect(pushes).toHaveLength(2)
  })
})

describe('rate limits', () => {
  it('answers 429 to the 61st narrowcast within an hour when enforced, and separately per endpoint', async () => {
    const h2 = await startHarness()
    try {
      expect((await h2.control('PUT', '/_emulator/settings', { enforceRateLimits: true })).body).toEqual({
        enforceRateLimits: true,
      })
      const statuses: number[] = []
      for (let i = 0; i < 61; i++) {
        statuses.push(
          (await h2.api('POST', '/v2/bot/message/narrowcast', { messages: [text(`n${i}`)] })).status,
        )
      }
      expect(statuses.slice(0, 60).every((s) => s === 202)).toBe(true)
      const last = await h2.api('POST', '/v2/bot/message/narrowcast', { messages: [text('again')] })
      expect(statuses[60]).toBe(429)
      expect(last.body).toEqual({ message: 'Too many requests' })
      // broadcast is another endpoint: its own bucket
      expect((await h2.api('POST', '/v2/bot/message/broadcast', { messages: [text('b')] })).status).toBe(200)
      await h2.control('PUT', '/_emulator/settings', { enforceRateLimits: false })
      expect((await h2.api('POST', '/v2/bot/message/narrowcast', { messages: [text('off')] })).status).toBe(
        202,
      )
    } finally {
      await h2.close()
    }
  })
})
