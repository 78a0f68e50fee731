import type { DbOrTx } from '@kairan/db'
import { staffSessions } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'
import { activeMemberships } from '../auth/memberships.ts'
import { isIpAllowed } from '../security/cidr.ts'
import { loadAllowlists } from '../security/load-allowlist.ts'

/**
 * Whether a live connection opened by authenticateStaffRequest may stay open: its session still
 * exists, has not expired and is still on the same tenant; the membership is still enabled; the
 * tenant's allow-list still admits the address. Read-only on purpose — unlike a request it does
 * not slide the session's expiry (SEC-4: an open tab alone must not keep a session alive) and
 * writes no access log (the reconnection attempt that follows is checked, and logged, in full).
 */
export async function isLiveSessionValid(
  db: DbOrTx,
  { sessionId, tenantId, ip }: { sessionId: string; tenantId: string; ip: string | null },
): Promise<boolean> {
  const [session] = await db
    .select({
      userId: staffSessions.userId,
      tenantId: staffSessions.tenantId,
      expiresAt: staffSessions.expiresAt,
    })
    .from(staffSessions)
    .where(eq(staffSessions.id, sessionId))
  if (!session || session.tenantId !== tenantId || session.expiresAt.getTime() <= Date.now()) return false
  const memberships = await activeMemberships(db, session.userId)
  if (!memberships.some((m) => m.tenantId === tenantId)) return false
  const allowlist = (await loadAllowlists(db, [tenantId])).get(tenantId) ?? []
  return isIpAllowed(ip, allowlist)
}
