import { z } from 'zod'
import { defineJob } from '../jobs/define-job.ts'
import { deleteExpiredSessions } from './session.ts'

export const sessionCleanupJob = defineJob({
  name: 'auth.session-cleanup',
  payload: z.object({}).passthrough(),
  cron: '0 * * * *',
  timezone: 'Asia/Tokyo',
  retryLimit: 2,
  async handler(_payload, { db, log }) {
    log.info({ deleted: await deleteExpiredSessions(db) }, 'expired staff sessions removed')
  },
})
