import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulkUserId } from './bulk.ts'
import { CHANNEL, type Harness, startHarness, text } from './test-support.ts'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const C = CHANNEL.channelId

const bulk = async (body: Record<string, unknown>) =>
  h.control('POST', '/_emulator/residents/bulk', { channelId: C, ...body })

const received = async (query = '') =>
  (await h.control('GET', `/_emulator/channels/${C}/received${query}`)).body

const multicast = (to: string[], extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  h.api('POST', '/v2/bot/message/multicast', { to, messages: [text('お知らせ')], ...extra }, headers)

const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => bulkUserId(prefix, from + i))

describe('bulk residents', () => {
  it('creates residents with deterministic IDs, languages round robin, following, with one summary event', async () => {
    const r = await bulk({ count: 1000, prefix: 'a0000001', languages: ['ja', 'en', 'ko'] })
    expect(r.status).toBe(201)
    expect(r.body).toEqual({
      channelId: C,
      prefix: 'a0000001',
      count: 1000,
      languages: ['ja', 'en', 'ko'],
      firstUserId: 'Ua0000001000000000000000000000000',
      lastUserId: `Ua0000001${(999).toString(16).padStart(24, '0')}`,
    })
    const one = await h.control('GET', `/_emulator/residents/${bulkUserId('a0000001', 4)}`)
    expect(one.body).toMatchObject({
      userId: bulkUserId('a0000001', 4),
      language: 'en',
      friendships: [{ channelId: C, state: 'following' }],
    })
    // LINE's profile endpoint knows them; the ordinary residents list stays small.
    const profile = await h.api('GET', `/v2/bot/profile/${bulkUserId('a0000001', 5)}`)
    expect(profile.body).toMatchObject({ userId: bulkUserId('a0000001', 5), language: 'ko' })
    expect((await h.api('GET', `/v2/bot/profile/${bulkUserId('a0000001', 1000)}`)).status).toBe(404)
    const listed = (await h.control('GET', '/_emulator/residents')).body.residents
    expect(listed.some((x: { userId: string }) => x.userId.startsWith('Ua0000001'))).toBe(false)
  })

  it('refuses a prefix in use, a bad count or prefix, an unknown channel', async () => {
    expect((await bulk({ count: 10, prefix: 'a0000001' })).status).toBe(400)
    expect((await bulk({ count: 0 })).status).toBe(400)
    expect((await bulk({ count: 10, prefix: 'XYZ' })).status).toBe(400)
    expect(
      (await h.control('POST', '/_emulator/residents/bulk', { channelId: '999', count: 1 })).status,
    ).toBe(404)
  })

  it('counts bulk followers in insight and pages them in followers/ids', async () => {
    const followers = (await h.api('GET', '/v2/bot/insight/followers?date=20260101')).body
    expect(followers.targetedReaches).toBeGreaterThanOrEqual(1000)
    let start: string | undefined
    const ids: string[] = []
    do {
      const page = await h.api('GET', `/v2/bot/followers/ids?limit=1000${start ? `&start=${start}` : ''}`)
      ids.push(...page.body.userIds)
      start = page.body.next
    } while (start)
    expect(ids.length).toBe(followers.targetedReaches)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toContain(bulkUserId('a0000001', 999))
  })

  it('creates 1,250,000 residents in well under a few seconds', async () => {
    const t0 = performance.now()
    const r = await bulk({ count: 1_250_000, prefix: 'c0000001' })
    expect(r.status).toBe(201)
    expect(performance.now() - t0).toBeLessThan(3000)
    const p = await h.api('GET', `/v2/bot/profile/${bulkUserId('c0000001', 1_249_999)}`)
    expect(p.status).toBe(200)
  })
})

describe('received (exactly-once checks)', () => {
  it('counts recipients and duplicates per unit; a repeated retry key sends nothing twice', async () => {
    await bulk({ count: 2000, prefix: 'b0000001' })
    const ordinary = await h.resident('普通の住民')
    const unit = `u_${randomUUID().replaceAll('-', '').slice(0, 20)}`
    const units = { customAggregationUnits: [unit] }
    const key = randomUUID()
    expect((await multicast(range('b0000001', 0, 500), units, { 'x-line-retry-key': key })).status).toBe(200)
    expect((await multicast(range('b0000001', 0, 500), units, { 'x-line-retry-key': key })).status).toBe(409)
    expect(
      (
        await multicast([...range('b0000001', 500, 999), ordinary.userId], units, {
          'x-line-retry-key': randomUUID(),
        })
      ).status,
    ).toBe(200)
    expect(await received(`?unit=${unit}`)).toEqual({
      requests: 2,
      recipients: 1000,
      deliveries: 1000,
      duplicates: [],
      duplicateRecipients: 0,
    })
    // The ordinary resident's chat has the message; bulk residents keep no chat.
    expect((await h.chat(ordinary.userId)).map((i) => i.via)).toEqual(['multicast'])
    // A batch sent again under a new key is a duplicate, and is reported.
    await multicast(range('b0000001', 10, 13), units, { 'x-line-retry-key': randomUUID() })
    const after = await received(`?unit=${unit}&userIds=1`)
    expect(after).toMatchObject({ requests: 3, recipients: 1000, deliveries: 1003, duplicateRecipients: 3 })
    expect(after.duplicates).toEqual(range('b0000001', 10, 13).map((userId) => ({ userId, count: 2 })))
    expect(new Set(after.userIds)).toEqual(new Set([...range('b0000001', 0, 999), ordinary.userId]))
  })

  it('skips bulk residents who blocked the account, filters by time, and reports broadcasts', async () => {
    const blocked = bulkUserId('b0000001', 1500)
    await h.control('POST', `/_emulator/residents/${blocked}/unfollow`, { channelId: C })
    const since = new Date().toISOString()
    await multicast(range('b0000001', 1500, 1510))
    const r = await received(`?since=${encodeURIComponent(since)}`)
    expect(r).toMatchObject({ requests: 1, recipients: 9, deliveries: 9 })
    const before = Date.now()
    const followers = (await h.api('GET', '/v2/bot/insight/followers?date=20260101')).body.targetedReaches
    expect((await h.api('POST', '/v2/bot/message/broadcast', { messages: [text('全員へ')] })).status).toBe(
      200,
    )
    const b = await received(`?since=${before}`)
    expect(b).toMatchObject({ requests: 1, recipients: followers, deliveries: followers })
    expect(followers).toBeGreaterThan(1_250_000)
  })

  it('records a multicast to bulk residents with the same body it was sent with', async () => {
    await h.control('DELETE', '/_emulator/requests')
    const to = range('b0000001', 1600, 1700)
    await multicast(to)
    const recorded = (await h.control('GET', '/_emulator/requests?path=/v2/bot/message/multicast')).body
      .requests
    expect(recorded).toHaveLength(1)
    expect(recorded[0].body).toEqual({ to, messages: [text('お知らせ')] })
  })
})

describe('statistics: clicks and simulated engagement', () => {
  const flex = (uri: string) => ({
    type: 'flex',
    altText: 'お知らせ',
    contents: {
      type: 'bubble',
      body: {
        type: 'box',
        layout: 'vertical',
        contents: [{ type: 'text', text: '詳しくは' }],
      },
      footer: {
        type: 'box',
        layout: 'vertical',
        contents: [{ type: 'button', action: { type: 'uri', label: '開く', uri } }],
      },
    },
  })

  it('counts taps on URLs of bot messages as clicks (null below 20 users, then shown)', async () => {
    const unit = 'u_clicks'
    const residents = await Promise.all(Array.from({ length: 20 }, (_, i) => h.resident(`住民${i}`)))
    const sent = await multicast(
      residents.map((r) => r.userId),
      { messages: [text('こんにちは'), flex('https://example.com/a')], customAggregationUnits: [unit] },
    )
    expect(sent.status).toBe(200)
    const tap = async (userId: string, url: string) => {
      const chat = await h.chat(userId)
      const item = chat.find((i) => i.message.type === 'flex')
      return h.control('POST', `/_emulator/residents/${userId}/click`, {
        channelId: C,
        messageId: item?.id,
        url,
      })
    }
    expect((await tap(residents[0]?.userId as string, 'https://example.com/other')).status).toBe(400)
    for (const r of residents.slice(0, 19))
      expect((await tap(r.userId, 'https://example.com/a')).status).toBe(204)
    const stats = async () =>
      (
        await h.api(
          'GET',
          `/v2/bot/insight/message/event/aggregation?customAggregationUnit=${unit}&from=20200101&to=20200102`,
        )
      ).body
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '')
    const get = async () =>
      (
        await h.api(
          'GET',
          `/v2/bot/insight/message/event/aggregation?customAggregationUnit=${unit}&from=${today}&to=${today}`,
        )
      ).body
    expect((await stats()).overview.uniqueImpression).toBe(null) // another day: nothing
    const below = await get()
    expect(below.overview).toMatchObject({ uniqueImpression: null, uniqueClick: null })
    expect(below.clicks).toEqual([
      { seq: 2, url: 'https://example.com/a', click: null, uniqueClick: null, uniqueClickOfRequest: null },
    ])
    await tap(residents[19]?.userId as string, 'https://example.com/a')
    await tap(residents[19]?.userId as string, 'https://example.com/a')
    const above = await get()
    expect(above.overview).toMatchObject({ uniqueImpression: 20, uniqueClick: 20 })
    expect(above.messages.map((m: { impression: number }) => m.impression)).toEqual([20, 20])
    expect(above.clicks).toEqual([
      { seq: 2, url: 'https://example.com/a', click: 21, uniqueClick: 20, uniqueClickOfRequest: 20 },
    ])
  })

  it('simulates opens and clicks among a unit’s recipients, deterministically', async () => {
    await bulk({ count: 20_000, prefix: 'd0000001' })
    const unit = 'u_engagement'
    for (let i = 0; i < 20_000; i += 500) {
      const r = await multicast(range('d0000001', i, i + 500), {
        messages: [text('防災訓練のお知らせ https://example.com/drill'), flex('https://example.com/form')],
        customAggregationUnits: [unit],
      })
      expect(r.status).toBe(200)
    }
    const bad = await h.control('POST', `/_emulator/channels/${C}/engagement`, {
      unit,
      openRate: 0.2,
      clickRate: 0.5,
    })
    expect(bad.status).toBe(400)
    expect(
      (await h.control('POST', `/_emulator/channels/${C}/engagement`, { unit: 'nope', openRate: 0.5 }))
        .status,
    ).toBe(404)
    const r = await h.control('POST', `/_emulator/channels/${C}/engagement`, {
      unit,
      openRate: 0.6,
      clickRate: 0.1,
    })
    expect(r.status).toBe(200)
    expect(r.body.requests).toBe(40)
    expect(r.body.delivered).toBe(20_000)
    expect(Math.abs(r.body.uniqueImpression - 12_000)).toBeLessThan(400)
    expect(Math.abs(r.body.uniqueClick - 2_000)).toBeLessThan(200)
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '')
    const stats = (
      await h.api(
        'GET',
        `/v2/bot/insight/message/event/aggregation?customAggregationUnit=${unit}&from=${today}&to=${today}`,
      )
    ).body
    expect(stats.overview.uniqueImpression).toBe(r.body.uniqueImpression)
    expect(stats.overview.uniqueClick).toBe(r.body.uniqueClick)
    expect(stats.messages.map((m: { impression: number }) => m.impression)).toEqual([
      r.body.uniqueImpression,
      r.body.uniqueImpression,
    ])
    const urls = stats.clicks.map((c: { seq: number; url: string }) => `${c.seq} ${c.url}`)
    expect(urls).toEqual(['1 https://example.com/drill', '2 https://example.com/form'])
    const clicks = stats.clicks.reduce((n: number, c: { uniqueClick: number }) => n + c.uniqueClick, 0)
    expect(clicks).toBe(r.body.uniqueClick)
    // Same answer when asked again.
    const again = await h.control('POST', `/_emulator/channels/${C}/engagement`, {
      unit,
      openRate: 0.6,
      clickRate: 0.1,
    })
    expect(again.body).toEqual(r.body)
  })

  it('applies to a broadcast by request ID (message event)', async () => {
    const b = await h.api('POST', '/v2/bot/message/broadcast', { messages: [text('全員へ')] })
    const requestId = b.headers.get('x-line-request-id') as string
    const r = await h.control('POST', `/_emulator/channels/${C}/engagement`, { requestId, openRate: 0.5 })
    expect(r.status).toBe(200)
    const event = (await h.api('GET', `/v2/bot/insight/message/event?requestId=${requestId}`)).body
    expect(event.overview.delivered).toBe(r.body.delivered)
    expect(event.overview.uniqueImpression).toBe(r.body.uniqueImpression)
    expect(event.overview.uniqueImpression / event.overview.delivered).toBeCloseTo(0.5, 1)
    expect(event.overview.uniqueClick).toBe(null)
  })
})
