import type { DbOrTx } from '@kairan/db'
import { webhookEvents } from '@kairan/db/schema'
import { and, isNotNull, lt } from 'drizzle-orm'
import { z } from 'zod'
import { deleteExpiredCitizenSessions } from '../citizens/citizen-session.ts'
import { defineJob } from '../jobs/define-job.ts'

/**
 * Handled webhook events are kept this long (to investigate a problem), then deleted: what they
 * meant already lives in residents and conversations. Unhandled events are never deleted.
 */
export const WEBHOOK_EVENT_RETENTION_DAYS = 14

export async function pruneWebhookEvents(db: DbOrTx, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - WEBHOOK_EVENT_RETENTION_DAYS * 86_400_000)
  const rows = await db
    .delete(webhookEvents)
    .where(and(isNotNull(webhookEvents.handledAt), lt(webhookEvents.handledAt, cutoff)))
    .returning({ id: webhookEvents.id })
  return rows.length
}

export const webhookRetentionJob = defineJob({
  name: 'line.webhook-retention',
  payload: z.object({}).passthrough(),
  cron: '45 3 * * *',
  timezone: 'Asia/Tokyo',
  retryLimit: 3,
  retryDelaySeconds: 600,
  async handler(_payload, { db, log }) {
    log.info({ deleted: await pruneWebhookEvents(db) }, 'old handled webhook events removed')
  },
})

export const citizenSessionCleanupJob = defineJob({
  name: 'citizens.session-cleanup',
  payload: z.object({}).passthrough(),
  cron: '15 * * * *',
  timezone: 'Asia/Tokyo',
  retryLimit: 2,
  async handler(_payload, { db, log }) {
    log.info({ deleted: await deleteExpiredCitizenSessions(db) }, 'expired LIFF sessions removed')
  },
})
