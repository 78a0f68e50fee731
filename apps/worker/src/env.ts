import { fileURLToPath } from 'node:url'
import { encryptionKeysEnv, refineStorageEnv, storageConfigFromEnv, storageEnvShape } from '@kairan/core'
import { z } from 'zod'

/** Relative UPLOADS_DIR values start here, so admin, liff and worker share one folder whatever their cwd. */
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))

/** The worker's whole configuration (CONVENTIONS C14); the only file that reads process.env. */
export const WorkerEnv = z
  .object({
    DATABASE_URL: z
      .string({ error: 'DATABASE_URL is required (postgres://user:password@host:5432/database)' })
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
    WORKER_PORT: z.coerce.number().int().min(0).max(65_535).default(3200),
    KAIRAN_ENCRYPTION_KEYS: encryptionKeysEnv('the same keys as apps/admin and apps/liff'),
    /** How often the worker looks for webhook events nobody finished handling. */
    WEBHOOK_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
    /** Events younger than this are left to the LIFF process that received them. */
    WEBHOOK_SWEEP_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
    /** How often the worker pushes due form receipts ("we received your answer") to LINE. */
    RECEIPT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(3_000),
    /** Where apps/liff is served: delivery images and form links in messages point there. */
    LIFF_PUBLIC_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3100'),
    /** How often the delivery pump looks for due deliveries when none is sending. */
    DELIVERY_PUMP_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
    /** Multicast requests in flight at once per worker (LINE allows 200 a second per channel). */
    DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
    /** Recipients frozen per transaction (keyset chunks of the recipient list). */
    DELIVERY_FREEZE_CHUNK: z.coerce.number().int().min(500).max(200_000).default(20_000),
    /** A claimed batch is another worker's to retry (same retry key) after this long. */
    DELIVERY_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
    /** First backoff of a batch LINE did not take (429 / 5xx after the client's own retries). */
    DELIVERY_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
    /** How often statistics of finished deliveries are fetched from LINE; 0 turns it off. */
    DELIVERY_STATS_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** Form uploads (the cleanup job deletes abandoned ones): the same store as admin and liff. */
    ...storageEnvShape,
  })
  .superRefine(refineStorageEnv)
  .transform((env) => ({ ...env, STORAGE: storageConfigFromEnv(env, repoRoot) }))
export type WorkerEnv = z.infer<typeof WorkerEnv>

/**
 * Parses the environment at start-up and fails loudly, naming every bad variable. An empty value
 * counts as unset, so `WORKER_PORT=` in a compose file means the default.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  )
  const result = WorkerEnv.safeParse(present)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`)
    throw new Error(`apps/worker: invalid environment\n${lines.join('\n')}`)
  }
  return result.data
}
