import type { DbOrTx } from '@kairan/db'
import { accessLogs, tenants } from '@kairan/db/schema'
import { and, eq, lt, sql } from 'drizzle-orm'
import { z } from 'zod'
import { defineJob } from '../jobs/define-job.ts'

/** Deletes each tenant's access-log rows older than its retention setting (SEC-5). */
export async function pruneAccessLogs(db: DbOrTx, now = new Date()): Promise<number> {
  const all = await db.select({ id: tenants.id, days: tenants.accessLogRetentionDays }).from(tenants)
  let deleted = 0
  for (const t of all) {
    const cutoff = new Date(now.getTime() - t.days * 86_400_000)
    const result = await db
      .delete(accessLogs)
      .where(and(eq(accessLogs.tenantId, t.id), lt(accessLogs.createdAt, cutoff)))
      .returning({ id: accessLogs.id })
    deleted += result.length
  }
  // Rows with no tenant (unknown-account sign-in failures) follow the longest tenant retention.
  const longest = Math.max(365, ...all.map((t) => t.days))
  const orphans = await db
    .delete(accessLogs)
    .where(
      and(
        sql`${accessLogs.tenantId} is null`,
        lt(accessLogs.createdAt, new Date(now.getTime() - longest * 86_400_000)),
      ),
    )
    .returning({ id: accessLogs.id })
  return deleted + orphans.length
}

export const accessLogRetentionJob = defineJob({
  name: 'audit.access-log-retention',
  payload: z.object({}).passthrough(),
  cron: '30 3 * * *',
  timezone: 'Asia/Tokyo',
  retryLimit: 3,
  retryDelaySeconds: 600,
  async handler(_payload, { db, log }) {
    const deleted = await pruneAccessLogs(db)
    log.info({ deleted }, 'access-log retention applied')
  },
})
