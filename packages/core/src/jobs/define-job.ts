import type { Db } from '@kairan/db'
import type { Logger } from 'pino'
import type { z } from 'zod'
import type { BlobStore } from '../storage/blob-store.ts'

/** What every job handler gets; `storage` is where uploaded files live (the same store as the apps'). */
export type JobContext = { db: Db; log: Logger; storage: BlobStore }

/**
 * A typed job (CONVENTIONS C16): apps/worker only registers these. Handlers are idempotent and
 * re-check state first, because a job may run again after a crash.
 */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string
  payload: S
  /** Cron expression in `timezone` (default Asia/Tokyo) for scheduled jobs. */
  cron?: string
  timezone?: string
  retryLimit?: number
  retryDelaySeconds?: number
  handler: (payload: z.infer<S>, ctx: JobContext) => Promise<void>
}

export function defineJob<S extends z.ZodType>(job: JobDefinition<S>): JobDefinition<S> {
  return job
}
