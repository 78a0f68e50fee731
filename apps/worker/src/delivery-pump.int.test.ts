import { createSecretBox, generateKeySpec, type LineClientFactory, type LiveEvent } from '@kairan/core'
import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import { createLineClient } from '@kairan/line'
import { startLineEmulator } from '@kairan/line-emulator'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DeliveryPump, startDeliveryPump } from './delivery-pump.ts'
import {
  bulkFriends,
  control,
  deliveryRow,
  dueDelivery,
  emulatorCity,
  received,
  textContent,
  until,
} from './delivery-test-kit.ts'

/**
 * The delivery pump against the LINE emulator (in process): faults mid-delivery, rejected batches,
 * language variants, test sends, the retry-key window, cancelling at the last moment, progress.
 */
const secrets = createSecretBox(generateKeySpec())
let testDb: TestDatabase
let emulator: Awaited<ReturnType<typeof startLineEmulator>>
let pump: DeliveryPump
const events: LiveEvent[] = []
// Two attempts per request: a burst of faults outlasts the client's own retries, so the pump's
// release-and-retry path runs too.
const lineClient: LineClientFactory = (channel) =>
  channel.accessToken
    ? createLineClient({
        channelAccessToken: channel.accessToken,
        apiBaseUrl: channel.apiBaseUrl!,
        maxAttempts: 2,
        retryBaseDelayMs: 20,
      })
    : null

beforeAll(async () => {
  testDb = await createTestDatabase()
  emulator = await startLineEmulator({ port: 0 })
  pump = startDeliveryPump({
    db: testDb.db,
    secrets,
    live: { publish: (e) => events.push(e), close: async () => {} },
    log: pino({ level: 'silent' }),
    publicBaseUrl: 'https://liff.example.jp',
    lineClient,
    intervalMs: 100,
    concurrency: 8,
    freezeChunk: 2_000,
    leaseMs: 2_000,
    retryBaseMs: 50,
    statsIntervalMs: 0,
  })
})
afterAll(async () => {
  await pump?.stop()
  await emulator?.stop()
  await testDb?.drop()
})

const finished = (id: string) =>
  until(
    async () => !['scheduled', 'sending'].includes((await deliveryRow(testDb, id)).status),
    'the delivery to finish',
  )

const batchesOf = (id: string) =>
  testDb.sql`select batch_no, status, size, language, attempts, http_status, error from delivery_batches
             where delivery_id = ${id} order by batch_no`

describe('the delivery pump', () => {
  it('delivers exactly once through 500 and 429 faults injected mid-delivery', async () => {
    const city = await emulatorCity(testDb, secrets, emulator)
    await bulkFriends(testDb, emulator, city, 6_000, ['ja', 'en', 'ko'])
    const d = await dueDelivery(testDb, city, { content: textContent({ ja: 'お知らせ', en: 'Notice' }) })
    pump.wake()
    await until(
      async () =>
        (
          await testDb.sql`select count(*)::int as n from delivery_batches where delivery_id = ${d.id} and status = 'sent'`
        )[0]!.n >= 2,
      'the first batches to go out',
    )
    const path = '/v2/bot/message/multicast'
    await control(emulator, '/faults', { method: 'POST', path, status: 500, count: 5 })
    await control(emulator, '/faults', { method: 'POST', path, status: 429, count: 5 })
    await finished(d.id)

    const r = await received(emulator, city.lineChannelId, d.unit)
    expect(r).toMatchObject({ recipients: 6_000, deliveries: 6_000, duplicateRecipients: 0 })
    const row = await deliveryRow(testDb, d.id)
    expect(row).toMatchObject({ status: 'sent', recipient_count: 6_000, via: 'multicast' })
    const batches = await batchesOf(d.id)
    expect(batches.every((b) => b.status === 'sent')).toBe(true)
    // The faults were met: some batch needed more than one claim (the client's two attempts were not enough).
    expect(batches.some((b) => b.attempts > 1)).toBe(true)
    // Progress was published, throttled (not once per batch), and at the end.
    const progress = events.filter((e) => e.type === 'delivery.progress' && e.deliveryId === d.id)
    expect(progress.length).toBeGreaterThanOrEqual(2)
    expect(progress.length).toBeLessThan(batches.length)
  })

  it('records a batch LINE rejects and finishes partially failed', async () => {
    const city = await emulatorCity(testDb, secrets, emulator)
    await bulkFriends(testDb, emulator, city, 1_500)
    const d = await dueDelivery(testDb, city, {
      segmentFilter: { version: 1, op: 'and', groups: [] },
      content: textContent({ ja: '回覧板' }),
    })
    await control(emulator, '/faults', {
      method: 'POST',
      path: '/v2/bot/message/multicast',
      status: 400,
      count: 1,
      body: { message: 'The request body has 1 error(s)', details: [{ message: 'invalid', property: 'to' }] },
    })
    pump.wake()
    await finished(d.id)
    const batches = await batchesOf(d.id)
    const failed = batches.filter((b) => b.status === 'failed')
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatchObject({ http_status: 400, attempts: 1 })
    expect(failed[0]!.error).toContain('invalid_request')
    expect(await deliveryRow(testDb, d.id)).toMatchObject({
      status: 'partially_failed',
      failure_reason: 'batches_failed',
    })
    const r = await received(emulator, city.lineChannelId, d.unit)
    expect(r).toMatchObject({ recipients: 1_500 - failed[0]!.size, duplicateRecipients: 0 })
  })

  it("gives each resident the variant of their language, Japanese when theirs isn't written", async () => {
    const city = await emulatorCity(testDb, secrets, emulator)
    const people = [
      { language: 'ja', line: 'ja' },
      { language: 'en', line: 'en-US' },
      { language: 'ko', line: 'ko-KR' },
      { language: 'zh-Hant', line: 'zh-TW' },
      { language: 'ja-easy', line: 'ja', preferred: 'ja-easy' },
      { language: 'en', line: 'fr' },
    ]
    const ids: string[] = []
    for (const p of people) {
      const { userId } = await control<{ userId: string }>(emulator, '/residents', {
        displayName: `住民 ${p.language}`,
        language: p.line,
      })
      await control(emulator, `/residents/${userId}/follow`, { channelId: city.lineChannelId })
      await testDb.sql`
        insert into citizens (tenant_id, channel_id, line_user_id, status, line_language, preferred_language, followed_at)
        values (${city.tenantId}, ${city.channelId}, ${userId}, 'following', ${p.line}, ${p.preferred ?? null}, now())`
      ids.push(userId)
    }
    const d = await dueDelivery(testDb, city, {
      target: 'all',
      content: textContent({
        ja: '断水のお知らせ',
        en: 'Water outage',
        ko: '단수 안내',
        'ja-easy': 'みずが でません',
      }),
    })
    pump.wake()
    await finished(d.id)
    const texts = await Promise.all(
      ids.map(async (userId) => {
        const { items } = await control<{ items: { from: string; message: { text?: string } }[] }>(
          emulator,
          `/residents/${userId}/chat?channelId=${city.lineChannelId}`,
        )
        return items.filter((i) => i.from === 'bot').map((i) => i.message.text)
      }),
    )
    expect(texts).toEqual([
      ['断水のお知らせ'],
      ['Water outage'],
      ['단수 안내'],
      ['断水のお知らせ'],
      ['みずが でません'],
      ['Water outage'],
    ])
    expect((await batchesOf(d.id)).map((b) => b.language).sort()).toEqual(['en', 'ja', 'ja-easy', 'ko'])
  })

  it('test sends reach the following test devices and nobody else; Japanese-only "all" is one broadcast', async () => {
    const city = await emulatorCity(testDb, secrets, emulator)
    await bulkFriends(testDb, emulator, city, 1_000)
    await testDb.sql`
      insert into channel_test_devices (tenant_id, channel_id, citizen_id, label)
      select tenant_id, channel_id, id, '職員の端末' from citizens
      where channel_id = ${city.channelId} and line_user_id in (
        ${`U${city.prefix}${(7).toString(16).padStart(24, '0')}`}, ${`U${city.prefix}${(700).toString(16).padStart(24, '0')}`})`
    const since = new Date().toISOString()
    const test = await dueDelivery(testDb, city, {
      target: 'test',
      isTest: true,
      content: textContent({ ja: 'テスト' }),
    })
    pump.wake()
    await finished(test.id)
    const r = await control<{ recipients: number; userIds: string[] }>(
      emulator,
      `/channels/${city.lineChannelId}/received?since=${encodeURIComponent(since)}&userIds=1`,
    )
    expect(r.userIds.sort()).toEqual([
      `U${city.prefix}${(7).toString(16).padStart(24, '0')}`,
      `U${city.prefix}${(700).toString(16).padStart(24, '0')}`,
    ])
    expect(await deliveryRow(testDb, test.id)).toMatchObject({ status: 'sent', aggregation_unit: null })

    const all = await dueDelivery(testDb, city, { target: 'all', content: textContent({ ja: '全員へ' }) })
    pump.wake()
    await finished(all.id)
    expect(await deliveryRow(testDb, all.id)).toMatchObject({
      status: 'sent',
      via: 'broadcast',
      recipient_count: 1_000,
    })
    const [batch] = await batchesOf(all.id)
    expect(batch).toMatchObject({ batch_no: 0, status: 'sent', size: 1_000 })
  })

  it('fails batches whose retry key has expired instead of resending them', async () => {
    const city = await emulatorCity(testDb, secrets, emulator)
    await bulkFriends(testDb, emulator, city, 1_000)
    const d = await dueDelivery(testDb, city, {
      content: textContent({ ja: '古い配信', en: 'Old' }),
      scheduledAt: new Date(Date.now() + 3_600_000),
    })
    // As if a worker had sent it 25 hours ago and never heard back.
    await testDb.sql`update deliveries set status = 'sending', started_at = now() - interval '25 hours' where id = ${d.id}`
    await testDb.sql`update deliveries set via = 'multicast', frozen_at = now() - interval '25 hours', recipient_count = 1000 where id = ${d.id}`
    await testDb.sql`
      insert into delivery_batches (delivery_id, batch_no, tenant_id, language, line_user_ids, citizen_ids, size, status, attempts, first_attempt_at, lease_until)
      select ${d.id}, n, ${city.tenantId}, 'ja', array_agg(line_user_id), array_agg(id), count(*), 'sending', 1,
             now() - interval '25 hours', now() - interval '25 hours'
      from (select *, (row_number() over (order by line_user_id) - 1) / 500 + 1 as n from citizens where channel_id = ${city.channelId}) c
      group by n`
    pump.wake()
    await finished(d.id)
    expect(await deliveryRow(testDb, d.id)).toMatchObject({ status: 'failed' })
    const batches = await batchesOf(d.id)
    expect(batches.map((b) => [b.status, b.attempts])).toEqual([
      ['failed', 1],
      ['failed', 1],
    ])
    expect(batches[0]!.error).toContain('retry key window passed')
    expect((await received(emulator, city.lineChannelId, d.unit)).requests).toBe(0)
  })

  it('a delivery cancelled at the last moment either sends nothing or refuses the cancel and sends all', async () => {
    const city = await emulatorCity(testDb, secrets, emulator)
    await bulkFriends(testDb, emulator, city, 600)
    const outcomes: string[] = []
    for (let i = 0; i < 8; i++) {
      const at = new Date(Date.now() + 150 + i * 7)
      const d = await dueDelivery(testDb, city, {
        scheduledAt: at,
        content: textContent({ ja: '中止?', en: 'Cancel?' }),
      })
      pump.wake()
      while (Date.now() < at.getTime() + (i % 4) * 40) await new Promise((r) => setTimeout(r, 5))
      // cancelDelivery's statement (H2): only a delivery that has not started can be cancelled.
      const cancelled = await testDb.sql`
        update deliveries set status = 'cancelled', cancelled_at = now()
        where id = ${d.id} and status in ('draft', 'scheduled') returning id`
      if (cancelled.length === 1) {
        await new Promise((r) => setTimeout(r, 400))
        expect((await deliveryRow(testDb, d.id)).status).toBe('cancelled')
        expect(await batchesOf(d.id)).toEqual([])
        expect((await received(emulator, city.lineChannelId, d.unit)).requests).toBe(0)
        outcomes.push('cancelled')
      } else {
        await finished(d.id)
        expect((await deliveryRow(testDb, d.id)).status).toBe('sent')
        expect(await received(emulator, city.lineChannelId, d.unit)).toMatchObject({
          recipients: 600,
          duplicateRecipients: 0,
        })
        outcomes.push('sent')
      }
    }
    // Both sides of the race happen (the pump polls every 250 ms while busy, every 100 ms idle here).
    expect(outcomes).toContain('cancelled')
  })
})
