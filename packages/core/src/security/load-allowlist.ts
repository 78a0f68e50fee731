import type { DbOrTx } from '@kairan/db'
import { ipAllowlistEntries } from '@kairan/db/schema'
import { asc, eq, inArray } from 'drizzle-orm'

/** The CIDRs of each given tenant (tenants with no entries map to []). */
export async function loadAllowlists(db: DbOrTx, tenantIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(tenantIds.map((id) => [id, []]))
  if (tenantIds.length === 0) return map
  const rows = await db
    .select({ tenantId: ipAllowlistEntries.tenantId, cidr: ipAllowlistEntries.cidr })
    .from(ipAllowlistEntries)
    .where(inArray(ipAllowlistEntries.tenantId, tenantIds))
    .orderBy(asc(ipAllowlistEntries.createdAt))
  for (const row of rows) map.get(row.tenantId)?.push(row.cidr)
  return map
}

export async function loadAllowlist(db: DbOrTx, tenantId: string) {
  return db
    .select({ id: ipAllowlistEntries.id, cidr: ipAllowlistEntries.cidr, label: ipAllowlistEntries.label })
    .from(ipAllowlistEntries)
    .where(eq(ipAllowlistEntries.tenantId, tenantId))
    .orderBy(asc(ipAllowlistEntries.createdAt))
}
