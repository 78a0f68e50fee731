import { accessLogRetentionJob } from '../audit/prune-access-logs.ts'
import { sessionCleanupJob } from '../auth/session-cleanup-job.ts'
import { formUploadCleanupJob } from '../forms/form-uploads.ts'
import { citizenSessionCleanupJob, webhookRetentionJob } from '../webhook/webhook-retention.ts'
import type { JobDefinition } from './define-job.ts'

/** Every job of the product; apps/worker registers exactly these (CONVENTIONS C16). */
export const jobs: JobDefinition[] = [
  accessLogRetentionJob,
  sessionCleanupJob,
  webhookRetentionJob,
  citizenSessionCleanupJob,
  formUploadCleanupJob,
]
