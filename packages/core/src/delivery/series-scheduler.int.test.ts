import { deliveries, deliverySeries, segments } from '@kairan/db/schema'
import { asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTenant } from '../testing/factories.ts'
import { useTestDb } from '../testing/use-test-db.ts'
import type { DeliveryContent } from './content.ts'
import { type RecurrenceSpecInput, toRRule } from './recurrence.ts'
import { MISSED_OCCURRENCE_GRACE_MS, materializeDueSeries } from './series-scheduler.ts'

/** SEG-9: recurring deliveries become scheduled deliveries, once per occurrence, in Tokyo time. */
const testDb = useTestDb()
const db = () => testDb.current.db
let tenant: Awaited<ReturnType<typeof createTenant>>
let channelId: string
let segmentId: string

const content: DeliveryContent = {
  version: 1,
  messages: [{ type: 'text', text: { ja: '明日は燃えるごみの日です', en: 'Burnable rubbish tomorrow' } }],
  altText: {},
}
/** Weekly on Monday 9:00 Tokyo (= 0:00 UTC) from 2027-01-04; 2027-01-11 is 成人の日. */
const mondays: RecurrenceSpecInput = {
  startDate: '2027-01-04',
  time: '09:00',
  rule: { kind: 'weekly', weekdays: ['MO'] },
  skipHolidays: true,
}

beforeAll(async () => {
  tenant = await createTenant(db())
  channelId = tenant.channels[0]!.id
  const [segment] = await db()
    .insert(segments)
    .values({ tenantId: tenant.id, channelId, name: '北部', filter: { version: 1, op: 'and', groups: [] } })
    .returning()
  segmentId = segment!.id
})

let unitCounter = 0
async function createSeries(
  spec: RecurrenceSpecInput,
  nextRunAt: string | null,
  extra: Partial<typeof deliverySeries.$inferInsert> = {},
) {
  const [series] = await db()
    .insert(deliverySeries)
    .values({
      tenantId: tenant.id,
      channelId,
      title: `ごみの日 ${++unitCounter}`,
      content,
      target: 'segment',
      segmentId,
      rrule: toRRule(spec),
      excludedDates: [],
      skipHolidays: spec.skipHolidays ?? false,
      aggregationUnit: `s_${String(unitCounter).padStart(28, '0')}`,
      nextRunAt: nextRunAt ? new Date(nextRunAt) : null,
      ...extra,
    })
    .returning()
  return series!
}

const deliveriesOf = (seriesId: string) =>
  db().select().from(deliveries).where(eq(deliveries.seriesId, seriesId)).orderBy(asc(deliveries.scheduledAt))
const nextRunOf = async (seriesId: string) =>
  (
    await db().select().from(deliverySeries).where(eq(deliverySeries.id, seriesId))
  )[0]!.nextRunAt?.toISOString() ?? null

describe('materializeDueSeries', () => {
  it('creates the due occurrence as a scheduled delivery copying the series, and skips the holiday next', async () => {
    const series = await createSeries(mondays, '2027-01-04T00:00:00Z')
    // not yet due: nothing happens
    await materializeDueSeries({ db: db(), now: new Date('2027-01-03T23:59:59Z') })
    expect(await deliveriesOf(series.id)).toEqual([])

    await materializeDueSeries({ db: db(), now: new Date('2027-01-04T00:00:05Z') })
    const rows = await deliveriesOf(series.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      tenantId: tenant.id,
      channelId,
      seriesId: series.id,
      title: series.title,
      status: 'scheduled',
      target: 'segment',
      segmentId,
      content,
      aggregationUnit: series.aggregationUnit,
      failureReason: null,
    })
    expect(rows[0]!.scheduledAt?.toISOString()).toBe('2027-01-04T00:00:00.000Z')
    // 2027-01-11 (成人の日) skipped: the next run is 2027-01-18 9:00 Tokyo
    expect(await nextRunOf(series.id)).toBe('2027-01-18T00:00:00.000Z')
  })

  it('is idempotent: running again, or with the occurrence already there, adds nothing', async () => {
    const series = await createSeries(mondays, '2027-01-04T00:00:00Z')
    const now = new Date('2027-01-04T00:01:00Z')
    expect((await materializeDueSeries({ db: db(), now })).scheduled).toBeGreaterThanOrEqual(1)
    await materializeDueSeries({ db: db(), now })
    expect(await deliveriesOf(series.id)).toHaveLength(1)

    // a crash after the insert but before next_run_at moved on: the unique index absorbs the repeat
    await db()
      .update(deliverySeries)
      .set({ nextRunAt: new Date('2027-01-04T00:00:00Z') })
      .where(eq(deliverySeries.id, series.id))
    await materializeDueSeries({ db: db(), now })
    expect(await deliveriesOf(series.id)).toHaveLength(1)
    expect(await nextRunOf(series.id)).toBe('2027-01-18T00:00:00.000Z')
  })

  it('does not send late: occurrences missed by more than the grace period are recorded as cancelled', async () => {
    // the worker was down from 2027-01-03 until Monday 2027-01-25 10:00 Tokyo (one hour late)
    const series = await createSeries(mondays, '2027-01-04T00:00:00Z')
    const now = new Date('2027-01-25T01:00:00Z')
    expect(now.getTime() - Date.parse('2027-01-25T00:00:00Z')).toBeLessThan(MISSED_OCCURRENCE_GRACE_MS)
    await materializeDueSeries({ db: db(), now })
    const rows = await deliveriesOf(series.id)
    expect(rows.map((r) => [r.scheduledAt?.toISOString(), r.status, r.failureReason])).toEqual([
      ['2027-01-04T00:00:00.000Z', 'cancelled', 'missed_occurrence'],
      ['2027-01-18T00:00:00.000Z', 'cancelled', 'missed_occurrence'],
      ['2027-01-25T00:00:00.000Z', 'scheduled', null],
    ])
    expect(rows[0]!.cancelledAt?.toISOString()).toBe(now.toISOString())
    expect(await nextRunOf(series.id)).toBe('2027-02-01T00:00:00.000Z')
  })

  it('applies the rule as it is now: a date excluded after next_run_at was computed is not sent', async () => {
    const series = await createSeries(mondays, '2027-01-04T00:00:00Z', { excludedDates: ['2027-01-04'] })
    await materializeDueSeries({ db: db(), now: new Date('2027-01-04T00:00:05Z') })
    expect(await deliveriesOf(series.id)).toEqual([])
    expect(await nextRunOf(series.id)).toBe('2027-01-18T00:00:00.000Z')
  })

  it('Tokyo early morning: 0:30 on 2027-02-01 is due at 2027-01-31 15:30 UTC', async () => {
    const series = await createSeries(
      { startDate: '2027-01-01', time: '00:30', rule: { kind: 'monthly_nth', nth: 1, weekday: 'MO' } },
      '2027-01-31T15:30:00Z',
    )
    await materializeDueSeries({ db: db(), now: new Date('2027-01-31T15:29:59Z') })
    expect(await deliveriesOf(series.id)).toEqual([])
    await materializeDueSeries({ db: db(), now: new Date('2027-01-31T15:30:00Z') })
    expect((await deliveriesOf(series.id)).map((r) => r.scheduledAt?.toISOString())).toEqual([
      '2027-01-31T15:30:00.000Z',
    ])
    // the first Monday of March 2027 is 3/1
    expect(await nextRunOf(series.id)).toBe('2027-02-28T15:30:00.000Z')
  })

  it('ends the series when the rule has no more occurrences (until)', async () => {
    const series = await createSeries({ ...mondays, until: '2027-01-20' }, '2027-01-18T00:00:00Z')
    await materializeDueSeries({ db: db(), now: new Date('2027-01-18T00:00:10Z') })
    expect(await deliveriesOf(series.id)).toHaveLength(1)
    expect(await nextRunOf(series.id)).toBeNull()
    await materializeDueSeries({ db: db(), now: new Date('2027-03-01T00:00:00Z') })
    expect(await deliveriesOf(series.id)).toHaveLength(1)
  })

  it('leaves stopped series alone and stops a series whose rule cannot be read', async () => {
    const stopped = await createSeries(mondays, '2027-01-04T00:00:00Z', { isActive: false })
    const broken = await createSeries(mondays, '2027-01-04T00:00:00Z', {
      rrule: 'RRULE:FREQ=WEEKLY;BYDAY=MO',
    })
    const result = await materializeDueSeries({ db: db(), now: new Date('2027-01-04T00:00:10Z') })
    expect(result.unreadable).toContain(broken.id)
    expect(await deliveriesOf(stopped.id)).toEqual([])
    expect(await nextRunOf(stopped.id)).toBe('2027-01-04T00:00:00.000Z')
    expect(await deliveriesOf(broken.id)).toEqual([])
    expect(await nextRunOf(broken.id)).toBeNull()
  })

  it('two workers at once materialise each occurrence exactly once', async () => {
    // only this test's series are due
    await db().update(deliverySeries).set({ isActive: false }).where(eq(deliverySeries.tenantId, tenant.id))
    const other = await createTenant(db())
    const many = await Promise.all(
      Array.from({ length: 120 }, () =>
        createSeries(
          { startDate: '2027-06-01', time: '12:00', rule: { kind: 'every_n_days', n: 1 } },
          '2027-06-01T03:00:00Z',
          { tenantId: other.id, channelId: other.channels[0]!.id, segmentId: null, target: 'all' },
        ),
      ),
    )
    const now = new Date('2027-06-01T03:00:01Z')
    const results = await Promise.all([
      materializeDueSeries({ db: db(), now }),
      materializeDueSeries({ db: db(), now }),
      materializeDueSeries({ db: db(), now }),
    ])
    const rows = await db().select().from(deliveries).where(eq(deliveries.tenantId, other.id))
    expect(rows).toHaveLength(120)
    expect(new Set(rows.map((r) => r.seriesId)).size).toBe(120)
    expect(results.reduce((sum, r) => sum + r.scheduled, 0)).toBe(120)
    for (const series of many.slice(0, 5)) expect(await nextRunOf(series.id)).toBe('2027-06-02T03:00:00.000Z')
  })
})
