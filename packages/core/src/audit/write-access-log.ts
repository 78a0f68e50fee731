import type { DbOrTx } from '@kairan/db'
import { accessLogs } from '@kairan/db/schema'
import type { Actor, RequestInfo } from '../ctx.ts'

export type AccessLogEntry = {
  tenantId: string | null
  action: string
  targetType?: string
  targetId?: string
  detail?: Record<string, unknown>
  /** Overrides the actor's identity (sign-in events happen before there is an actor). */
  staff?: { userId: string | null; email: string | null }
}

/**
 * SEC-5: one row per sign-in, change, bulk read of personal data and export. Call it inside the
 * transaction of the change, so the log and the change commit together (CONVENTIONS C6).
 */
export async function writeAccessLog(
  db: DbOrTx,
  who: { actor?: Actor; request: RequestInfo },
  entry: AccessLogEntry,
): Promise<void> {
  const staff =
    entry.staff ??
    (who.actor?.type === 'staff'
      ? { userId: who.actor.userId, email: who.actor.email }
      : { userId: null, email: null })
  await db.insert(accessLogs).values({
    tenantId: entry.tenantId,
    staffUserId: staff.userId,
    staffEmail: staff.email,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    detail: entry.detail ?? null,
    ip: who.request.ip,
    userAgent: who.request.userAgent?.slice(0, 500) ?? null,
  })
}
