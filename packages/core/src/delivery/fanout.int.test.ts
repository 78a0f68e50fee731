import { deliveries, deliveryBatches, segments } from '@kairan/db/schema'
import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createTenant } from '../testing/factories.ts'
import { testSecrets } from '../testing/line-events.ts'
import { useTestDb } from '../testing/use-test-db.ts'
import {
  claimDeliveryBatches,
  decideDeliveryPath,
  deliveryBatchProgress,
  expireStaleBatches,
  finishDeliveryIfDone,
  freezeDeliveryChunk,
  recordBatchOutcome,
  startDueDeliveries,
  WINDOW_PASSED_ERROR,
} from './fanout.ts'
import { deliveryRetryKey } from './retry-key.ts'
import { fetchDeliveryStats, type InsightReader, jstDay } from './stats-fetch.ts'

/** The fan-out's SQL against PostgreSQL: freeze chunks, batches, claims, the 24 h window, finishing. */
const testDb = useTestDb()
const secrets = testSecrets()
const LANGS = ['ja', 'en', 'ko', 'zh-Hans', 'zh-Hant', 'ja-easy', 'fr']

/** `n` residents of one channel; resident i speaks LANGS[i % 7] (fr ends up as en), every 10th blocked. */
async function seedResidents(tenantId: string, channelId: string, n: number, prefix = 'a0000001') {
  await testDb.current.sql`
    insert into citizens (tenant_id, channel_id, line_user_id, status, line_language, followed_at)
    select ${tenantId}, ${channelId}, 'U' || ${prefix} || lpad(to_hex(i), 24, '0'),
           (case when i % 10 = 9 then 'blocked' else 'following' end)::citizen_status,
           (${LANGS}::text[])[1 + i % 7], now() - interval '1 day'
    from generate_series(0, ${n - 1}) i`
}

const content = (languages: string[]) => ({
  version: 1,
  messages: [{ type: 'text', text: Object.fromEntries(languages.map((l) => [l, `お知らせ ${l}`])) }],
  altText: {},
})

async function scheduledDelivery(
  tenant: { id: string; channels: { id: string }[] },
  values: Partial<typeof deliveries.$inferInsert> = {},
) {
  const [d] = await testDb.current.db
    .insert(deliveries)
    .values({
      tenantId: tenant.id,
      channelId: tenant.channels[0]!.id,
      title: '防災のお知らせ',
      status: 'scheduled',
      target: 'segment',
      content: content(['ja', 'en']),
      scheduledAt: new Date(Date.now() - 1000),
      aggregationUnit: 'd_0123456789abcdef0123456789ab',
      ...values,
    })
    .returning()
  return d!
}

async function startAndFreeze(id: string, chunkSize: number) {
  const { db } = testDb.current
  await startDueDeliveries({ db, now: new Date() })
  await decideDeliveryPath(db, id, new Date())
  let chunks = 0
  for (;;) {
    const r = await freezeDeliveryChunk({ db, deliveryId: id, chunkSize, now: new Date() })
    if (r.state !== 'chunk') break
    chunks++
    if (r.isFrozen) break
  }
  return chunks
}

describe('deliveryRetryKey', () => {
  it('is a deterministic UUID (version 5 nibble) per delivery and batch', () => {
    const id = '0190a0b0-0000-4000-8000-000000000001'
    const key = deliveryRetryKey(id, 3)
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(deliveryRetryKey(id, 3)).toBe(key)
    expect(deliveryRetryKey(id, 4)).not.toBe(key)
    expect(deliveryRetryKey('0190a0b0-0000-4000-8000-000000000002', 3)).not.toBe(key)
  })
})

describe('freezing the recipients', () => {
  it('puts every matching follower in exactly one batch of ≤ 500 of their language, chunk by chunk', async () => {
    const { db, sql: pg } = testDb.current
    const tenant = await createTenant(db)
    const channel = tenant.channels[0]!
    await seedResidents(tenant.id, channel.id, 7_000)
    // Another channel's residents never take part.
    await seedResidents(tenant.id, tenant.channels[1]!.id, 300, 'a0000002')
    const [segment] = await db
      .insert(segments)
      .values({
        tenantId: tenant.id,
        channelId: channel.id,
        name: '日本語・英語・韓国語以外',
        filter: {
          version: 1,
          op: 'and',
          groups: [{ op: 'and', conditions: [{ kind: 'language', op: 'none_of', values: ['zh-Hant'] }] }],
        },
      })
      .returning()
    const d = await scheduledDelivery(tenant, {
      segmentId: segment!.id,
      content: content(['ja', 'en', 'ko']),
    })
    const chunks = await startAndFreeze(d.id, 1_500)

    const expected = await pg`
      select line_user_id, language from citizens
      where channel_id = ${channel.id} and status = 'following' and language <> 'zh-Hant'`
    expect(chunks).toBe(Math.ceil((expected.length + 1) / 1_500))
    const batches = await pg`select * from delivery_batches where delivery_id = ${d.id} order by batch_no`
    expect(batches.map((b) => b.batch_no)).toEqual(batches.map((_, i) => i + 1))
    const seen = new Map<string, string>()
    for (const b of batches) {
      expect(b.size).toBe(b.line_user_ids.length)
      expect(b.size).toBeLessThanOrEqual(500)
      expect(b.citizen_ids).toHaveLength(b.size)
      expect(b.status).toBe('pending')
      for (const u of b.line_user_ids) {
        expect(seen.has(u)).toBe(false)
        seen.set(u, b.language)
      }
    }
    expect(seen.size).toBe(expected.length)
    for (const r of expected) {
      // A variant exists for ja, en, ko; everyone else (zh-Hans, ja-easy) gets Japanese.
      expect(seen.get(r.line_user_id)).toBe(['ja', 'en', 'ko'].includes(r.language) ? r.language : 'ja')
    }
    const [after] = await db.select().from(deliveries).where(eq(deliveries.id, d.id))
    expect(after!.recipientCount).toBe(expected.length)
    expect(after!.frozenAt).not.toBeNull()
    expect(after!.via).toBe('multicast')
    expect(after!.segmentSnapshot).toMatchObject({ segmentId: segment!.id, name: '日本語・英語・韓国語以外' })
    // Fragmentation is bounded: at most one short batch per language per chunk.
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(expected.length / 500) + chunks * 3)
    // Frozen: another call adds nothing.
    expect(await freezeDeliveryChunk({ db, deliveryId: d.id, now: new Date() })).toEqual({ state: 'done' })
    expect(await deliveryBatchProgress(db, d.id)).toMatchObject({
      total: expected.length,
      sent: 0,
      failed: 0,
    })
  })

  it('one transaction per chunk: a second freezer waits its turn (SKIP LOCKED) instead of duplicating', async () => {
    const { db } = testDb.current
    const tenant = await createTenant(db)
    await seedResidents(tenant.id, tenant.channels[0]!.id, 4_000, 'a0000003')
    const d = await scheduledDelivery(tenant, { target: 'all' })
    await startDueDeliveries({ db, now: new Date() })
    await decideDeliveryPath(db, d.id, new Date())
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        freezeDeliveryChunk({ db, deliveryId: d.id, chunkSize: 500, now: new Date() }),
      ),
    )
    expect(results.some((r) => r.state === 'busy')).toBe(true)
    for (;;) {
      const r = await freezeDeliveryChunk({ db, deliveryId: d.id, chunkSize: 500, now: new Date() })
      if (r.state !== 'chunk' || r.isFrozen) break
    }
    const [row] = await testDb.current.sql`
      select count(*)::int as n, count(distinct u)::int as distinct_n
      from delivery_batches, unnest(line_user_ids) u where delivery_id = ${d.id}`
    expect(row!.n).toBe(3_600)
    expect(row!.distinct_n).toBe(3_600)
  })

  it('test sends go to following test devices only; a missing segment fails the delivery', async () => {
    const { db, sql: pg } = testDb.current
    const tenant = await createTenant(db)
    const channel = tenant.channels[0]!
    await seedResidents(tenant.id, channel.id, 50, 'a0000004')
    await pg`
      insert into channel_test_devices (tenant_id, channel_id, citizen_id, label)
      select tenant_id, channel_id, id, 'テスト端末' from citizens
      where channel_id = ${channel.id} and line_user_id in (${`Ua0000004${'0'.repeat(23)}1`}, ${`Ua0000004${'0'.repeat(23)}9`})`
    const test = await scheduledDelivery(tenant, { target: 'test', aggregationUnit: null })
    await startAndFreeze(test.id, 20_000)
    const batches = await pg`select line_user_ids from delivery_batches where delivery_id = ${test.id}`
    // Resident 9 is a test device but blocked the account.
    expect(batches.flatMap((b) => b.line_user_ids)).toEqual([`Ua0000004${'0'.repeat(23)}1`])

    const orphan = await scheduledDelivery(tenant, { segmentId: null })
    await startDueDeliveries({ db, now: new Date() })
    expect(await decideDeliveryPath(db, orphan.id, new Date())).toBeNull()
    const [failed] = await db.select().from(deliveries).where(eq(deliveries.id, orphan.id))
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'segment_missing' })
  })

  it('target all in Japanese only is one broadcast "batch"; with other languages it is multicast', async () => {
    const { db } = testDb.current
    const tenant = await createTenant(db)
    await seedResidents(tenant.id, tenant.channels[0]!.id, 20, 'a0000005')
    const ja = await scheduledDelivery(tenant, { target: 'all', content: content(['ja']) })
    await startDueDeliveries({ db, now: new Date() })
    expect(await decideDeliveryPath(db, ja.id, new Date())).toBe('broadcast')
    const batches = await db.select().from(deliveryBatches).where(eq(deliveryBatches.deliveryId, ja.id))
    expect(batches).toMatchObject([{ batchNo: 0, size: 18, lineUserIds: [] }])
    const many = await scheduledDelivery(tenant, { target: 'all', content: content(['ja', 'en']) })
    await startDueDeliveries({ db, now: new Date() })
    expect(await decideDeliveryPath(db, many.id, new Date())).toBe('multicast')
  })
})

describe('claims, outcomes and the retry-key window', () => {
  it('claims are disjoint; an expired lease is claimed again; a batch past the window fails unsent', async () => {
    const { db, sql: pg } = testDb.current
    const tenant = await createTenant(db)
    await seedResidents(tenant.id, tenant.channels[0]!.id, 3_000, 'a0000006')
    const d = await scheduledDelivery(tenant, { target: 'all', content: content(['ja', 'en']) })
    await startAndFreeze(d.id, 20_000)
    const now = new Date()
    const claims = await Promise.all(
      Array.from({ length: 5 }, () => claimDeliveryBatches({ db, deliveryId: d.id, limit: 2, now })),
    )
    const claimed = claims.flat()
    const total = (await pg`select count(*)::int as n from delivery_batches where delivery_id = ${d.id}`)[0]!
      .n
    expect(new Set(claimed.map((b) => b.batchNo)).size).toBe(claimed.length)
    expect(claimed.length).toBe(Math.min(10, total))
    // Nothing left to claim while the leases hold…
    const rest = await claimDeliveryBatches({ db, deliveryId: d.id, limit: 100, now })
    expect(rest.length).toBe(total - claimed.length)
    expect(await claimDeliveryBatches({ db, deliveryId: d.id, limit: 100, now })).toEqual([])
    // …and after the lease (a worker died), the same batches come back, attempt 2.
    const later = new Date(now.getTime() + 31_000)
    const again = await claimDeliveryBatches({ db, deliveryId: d.id, limit: 100, now: later })
    expect(again.map((b) => b.attempts)).toEqual(again.map(() => 2))
    expect(again.length).toBe(total)

    const [first, second, third, ...others] = again
    await recordBatchOutcome({
      db,
      batch: first!,
      outcome: { kind: 'sent', requestId: 'r1', httpStatus: 200 },
      now: later,
    })
    // A stale worker (attempt 1) recording late changes nothing.
    await recordBatchOutcome({
      db,
      batch: { ...second!, attempts: 1 },
      outcome: { kind: 'failed', httpStatus: 400, error: 'x' },
      now: later,
    })
    await recordBatchOutcome({
      db,
      batch: second!,
      outcome: { kind: 'failed', httpStatus: 400, error: 'LINE multicast: invalid_request (HTTP 400)' },
      now: later,
    })
    await recordBatchOutcome({ db, batch: third!, outcome: { kind: 'retry', error: '500' }, now: later })
    const rows = await db
      .select()
      .from(deliveryBatches)
      .where(eq(deliveryBatches.deliveryId, d.id))
      .orderBy(deliveryBatches.batchNo)
    expect(rows[0]).toMatchObject({ status: 'sent', lineRequestId: 'r1', httpStatus: 200 })
    expect(rows[1]).toMatchObject({ status: 'failed', httpStatus: 400 })
    expect(rows[2]).toMatchObject({ status: 'pending' })
    expect(rows[2]!.leaseUntil!.getTime()).toBeGreaterThan(later.getTime())

    // The rest were last tried 25 hours ago and never confirmed: failed, never claimed again.
    for (const b of others) {
      await recordBatchOutcome({ db, batch: b, outcome: { kind: 'retry', error: 'timeout' }, now: later })
    }
    await pg`update delivery_batches set first_attempt_at = now() - interval '25 hours', lease_until = null
             where delivery_id = ${d.id} and status = 'pending' and batch_no <> ${third!.batchNo}`
    const wayLater = new Date(later.getTime() + 600_000)
    const reclaimed = await claimDeliveryBatches({ db, deliveryId: d.id, limit: 100, now: wayLater })
    expect(reclaimed.map((b) => b.batchNo)).toEqual([third!.batchNo])
    expect(await expireStaleBatches({ db, deliveryId: d.id, now: wayLater })).toBe(others.length)
    const expired = await db
      .select()
      .from(deliveryBatches)
      .where(and(eq(deliveryBatches.deliveryId, d.id), eq(deliveryBatches.error, WINDOW_PASSED_ERROR)))
    expect(expired.map((b) => b.status)).toEqual(others.map(() => 'failed'))

    expect(await finishDeliveryIfDone({ db, deliveryId: d.id, now: wayLater })).toBeNull()
    await recordBatchOutcome({
      db,
      batch: reclaimed[0]!,
      outcome: { kind: 'sent', requestId: 'r3', httpStatus: 409 },
      now: wayLater,
    })
    expect(await finishDeliveryIfDone({ db, deliveryId: d.id, now: wayLater })).toBe('partially_failed')
    const progress = await deliveryBatchProgress(db, d.id)
    expect(progress.pending).toBe(0)
    expect(progress.sent + progress.failed).toBe(progress.total)
  })

  it('start and cancel race on one statement each: exactly one wins', async () => {
    const { db } = testDb.current
    const tenant = await createTenant(db)
    for (let i = 0; i < 20; i++) {
      const d = await scheduledDelivery(tenant, { scheduledAt: new Date(Date.now() - 10) })
      const cancel = db
        .update(deliveries)
        .set({ status: 'cancelled', cancelledAt: new Date() })
        .where(and(eq(deliveries.id, d.id), sql`${deliveries.status} in ('draft', 'scheduled')`))
        .returning({ id: deliveries.id })
      const [started, cancelled] = await Promise.all([startDueDeliveries({ db, now: new Date() }), cancel])
      const isStarted = started.some((s) => s.id === d.id)
      expect(isStarted).toBe(cancelled.length === 0)
      const [row] = await db.select().from(deliveries).where(eq(deliveries.id, d.id))
      expect(row!.status).toBe(isStarted ? 'sending' : 'cancelled')
      if (isStarted) await db.update(deliveries).set({ status: 'sent' }).where(eq(deliveries.id, d.id))
    }
  })
})

describe('statistics fetch', () => {
  it('reads per-unit statistics of finished deliveries over their JST days, within the hourly budget', async () => {
    const { db, sql: pg } = testDb.current
    const tenant = await createTenant(db)
    const channel = tenant.channels[0]!
    await pg`update channels set access_token_enc = ${secrets.encrypt('stats-token')} where id = ${channel.id}`
    const finishedAt = new Date('2026-11-02T15:30:00Z') // 11-03 00:30 JST
    const rows = await db
      .insert(deliveries)
      .values(
        Array.from({ length: 45 }, (_, i) => ({
          tenantId: tenant.id,
          channelId: channel.id,
          title: `お知らせ ${i}`,
          status: 'sent' as const,
          target: i === 0 ? ('test' as const) : ('segment' as const),
          content: content(['ja']),
          via: 'multicast',
          aggregationUnit: i === 0 ? null : `s_${String(i).padStart(28, '0')}`,
          startedAt: new Date('2026-11-02T14:50:00Z'),
          finishedAt,
        })),
      )
      .returning({ id: deliveries.id })
    await pg`insert into delivery_batches (delivery_id, batch_no, tenant_id, language, line_user_ids, citizen_ids, size, status)
             select ${rows[1]!.id}, n, ${tenant.id}, 'ja', '{}', '{}', 500, (case when n = 3 then 'failed' else 'sent' end)::delivery_batch_status
             from generate_series(1, 3) n`
    const calls: string[] = []
    const reader: InsightReader = {
      async statisticsPerUnit(unit, from, to) {
        calls.push(`${unit} ${from} ${to}`)
        return { uniqueImpression: 600, uniqueClick: 25 }
      },
      async messageEvent() {
        throw new Error('no broadcast here')
      },
    }
    const now = new Date('2026-11-03T00:00:00Z')
    // (Other tests' deliveries in this database belong to other channels, with budgets of their own.)
    const ours = () => calls.filter((c) => c.startsWith('s_')).length
    await fetchDeliveryStats({ db, secrets, insight: () => reader, now })
    expect(ours()).toBe(40)
    expect(calls).toContain(`s_${'1'.padStart(28, '0')} 20261102 20261103`)
    const [one] = await db.select().from(deliveries).where(eq(deliveries.id, rows[1]!.id))
    expect(one!.stats).toEqual({
      delivered: 1000,
      uniqueImpression: 600,
      uniqueClick: 25,
      fetchedAt: now.toISOString(),
    })
    // The budget is spent for this hour; the test send never counts.
    await fetchDeliveryStats({ db, secrets, insight: () => reader, now })
    expect(ours()).toBe(40)
    const hourLater = new Date(now.getTime() + 3_601_000)
    await fetchDeliveryStats({ db, secrets, insight: () => reader, now: hourLater })
    expect(ours()).toBe(80)
    const [test] = await db.select().from(deliveries).where(eq(deliveries.id, rows[0]!.id))
    expect(test!.stats).toBeNull()
    const withStats =
      await pg`select count(*)::int as n from deliveries where channel_id = ${channel.id} and stats is not null`
    expect(withStats[0]!.n).toBe(44)
    expect(jstDay(finishedAt)).toBe('20261103')
  })
})
