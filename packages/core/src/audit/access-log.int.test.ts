import { accessLogs } from '@kairan/db/schema'
import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { Forbidden } from '../errors.ts'
import { createTenant, staffCtx } from '../testing/factories.ts'
import { useTestDb } from '../testing/use-test-db.ts'
import { exportAccessLogsCsv, listAccessLogs } from './list-access-logs.ts'
import { pruneAccessLogs } from './prune-access-logs.ts'
import { writeAccessLog } from './write-access-log.ts'

const t = useTestDb()
const header = ['日時', '職員', '操作', '対象種別', '対象', '詳細', 'IP', 'ブラウザ'] as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
]

describe('access log', () => {
  it('filters by action, staff and Tokyo-day period, scoped to the tenant', async () => {
    const city = await createTenant(t.current.db)
    const other = await createTenant(t.current.db)
    const auditor = await staffCtx(t.current.db, city.id, { permissions: ['audit.read'] })
    await writeAccessLog(t.current.db, auditor, { tenantId: city.id, action: 'staff.create' })
    await writeAccessLog(t.current.db, auditor, { tenantId: city.id, action: 'security.allowlist_update' })
    await writeAccessLog(t.current.db, auditor, { tenantId: other.id, action: 'staff.create' })
    // 2026-03-31 23:30 in Tokyo is 14:30 UTC the same day.
    await t.current.db
      .insert(accessLogs)
      .values({ tenantId: city.id, action: 'old.event', createdAt: new Date('2026-03-31T14:30:00Z') })

    expect((await listAccessLogs({ ctx: auditor, input: {} })).total).toBe(3)
    expect((await listAccessLogs({ ctx: auditor, input: { action: 'staff.create' } })).rows).toHaveLength(1)
    expect((await listAccessLogs({ ctx: auditor, input: { staffUserId: auditor.actor.userId } })).total).toBe(
      2,
    )
    const march31 = await listAccessLogs({ ctx: auditor, input: { from: '2026-03-31', to: '2026-03-31' } })
    expect(march31.rows.map((r) => r.action)).toEqual(['old.event'])
    expect(
      (await listAccessLogs({ ctx: auditor, input: { from: '2026-04-01', to: '2026-04-01' } })).total,
    ).toBe(0)

    const clerk = await staffCtx(t.current.db, city.id, { permissions: [] })
    await expect(listAccessLogs({ ctx: clerk, input: {} })).rejects.toThrow(Forbidden)
  })

  it('exports CSV for Excel (BOM, CRLF, quoted, formula-safe) and logs the export', async () => {
    const city = await createTenant(t.current.db)
    const auditor = await staffCtx(t.current.db, city.id, { permissions: ['audit.read'] })
    await writeAccessLog(t.current.db, auditor, {
      tenantId: city.id,
      action: 'staff.create',
      detail: { email: '=cmd, "x"' },
    })
    const csv = await exportAccessLogsCsv({ ctx: auditor, input: {}, header })
    expect(csv.startsWith('\uFEFF日時,職員,操作')).toBe(true)
    expect(csv).toContain('\r\n')
    expect(csv).toContain('"{""email"":""=cmd, \\""x\\""""}"')
    const exports = await t.current.db
      .select()
      .from(accessLogs)
      .where(and(eq(accessLogs.tenantId, city.id), eq(accessLogs.action, 'audit.export')))
    expect(exports).toHaveLength(1)
  })

  it('prunes rows older than each tenant’s retention', async () => {
    const short = await createTenant(t.current.db, { accessLogRetentionDays: 30 })
    const long = await createTenant(t.current.db, { accessLogRetentionDays: 400 })
    for (const tenant of [short, long]) {
      await t.current.db.insert(accessLogs).values([
        { tenantId: tenant.id, action: 'a', createdAt: sql`now() - interval '60 days'` },
        { tenantId: tenant.id, action: 'b', createdAt: sql`now() - interval '1 day'` },
      ])
    }
    await pruneAccessLogs(t.current.db)
    const left = async (id: string) =>
      (await t.current.db.select().from(accessLogs).where(eq(accessLogs.tenantId, id)))
        .map((r) => r.action)
        .sort()
    expect(await left(short.id)).toEqual(['b'])
    expect(await left(long.id)).toEqual(['a', 'b'])
  })
})
