import { accessLogs, ipAllowlistEntries } from '@kairan/db/schema'
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { ZodError } from 'zod'
import { Conflict } from '../errors.ts'
import { createTenant, staffCtx } from '../testing/factories.ts'
import { useTestDb } from '../testing/use-test-db.ts'
import { getAllowlist, saveAllowlist } from './save-allowlist.ts'

const t = useTestDb()
const request = { ip: '203.0.113.10', userAgent: 'vitest' }

describe('IP allow-list', () => {
  it('saves normalised IPv4 and IPv6 entries with labels and logs the change', async () => {
    const city = await createTenant(t.current.db)
    const admin = await staffCtx(t.current.db, city.id, { role: 'tenant_admin', request })
    await saveAllowlist({
      ctx: admin,
      input: {
        entries: [
          { cidr: '203.0.113.77/24', label: '本庁舎' },
          { cidr: '2001:0db8::/32', label: '支所' },
          { cidr: '203.0.113.0/24', label: '重複' },
        ],
      },
    })
    const list = await getAllowlist({ ctx: admin })
    expect(list.entries.map((e) => [e.cidr, e.label])).toEqual([
      ['203.0.113.0/24', '本庁舎'],
      ['2001:db8::/32', '支所'],
    ])
    expect(list.isCurrentIpAllowed).toBe(true)
    const [log] = await t.current.db
      .select()
      .from(accessLogs)
      .where(and(eq(accessLogs.tenantId, city.id), eq(accessLogs.action, 'security.allowlist_update')))
    expect(log?.detail).toMatchObject({ before: [], after: ['203.0.113.0/24', '2001:db8::/32'] })
  })

  it('rejects a malformed CIDR and changes nothing', async () => {
    const city = await createTenant(t.current.db)
    const admin = await staffCtx(t.current.db, city.id, { role: 'tenant_admin', request })
    await saveAllowlist({ ctx: admin, input: { entries: [{ cidr: '203.0.113.0/24', label: '' }] } })
    await expect(
      saveAllowlist({
        ctx: admin,
        input: {
          entries: [
            { cidr: '198.51.100.0/24', label: '' },
            { cidr: '300.1.1.1/8', label: '' },
          ],
        },
      }),
    ).rejects.toThrow(ZodError)
    const rows = await t.current.db
      .select()
      .from(ipAllowlistEntries)
      .where(eq(ipAllowlistEntries.tenantId, city.id))
    expect(rows.map((r) => r.cidr)).toEqual(['203.0.113.0/24'])
  })

  it('refuses a list that shuts out the admin’s own address until they confirm', async () => {
    const city = await createTenant(t.current.db)
    const admin = await staffCtx(t.current.db, city.id, { role: 'tenant_admin', request })
    const input = { entries: [{ cidr: '10.0.0.0/8', label: '庁内LAN' }] }
    await expect(saveAllowlist({ ctx: admin, input })).rejects.toThrow(Conflict)
    expect(
      await t.current.db.select().from(ipAllowlistEntries).where(eq(ipAllowlistEntries.tenantId, city.id)),
    ).toHaveLength(0)
    await saveAllowlist({ ctx: admin, input: { ...input, confirmSelfLockout: true } })
    expect(
      await t.current.db.select().from(ipAllowlistEntries).where(eq(ipAllowlistEntries.tenantId, city.id)),
    ).toHaveLength(1)
  })

  it('treats an empty list as no restriction', async () => {
    const city = await createTenant(t.current.db)
    const admin = await staffCtx(t.current.db, city.id, { role: 'tenant_admin', request })
    await saveAllowlist({ ctx: admin, input: { entries: [] } })
    expect((await getAllowlist({ ctx: admin })).isCurrentIpAllowed).toBe(true)
  })
})
