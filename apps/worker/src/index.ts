import { blobStoreFromConfig, createSecretBox } from '@kairan/core'
import pino from 'pino'
import { loadEnv } from './env.ts'
import { startWorker } from './worker.ts'

/** `npm run start -w @kairan/worker`: the pg-boss worker process (see worker.ts). */
async function main() {
  let env: ReturnType<typeof loadEnv>
  try {
    env = loadEnv()
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  }
  const log = pino({ level: env.LOG_LEVEL, base: { app: 'worker' } })
  const worker = await startWorker({
    databaseUrl: env.DATABASE_URL,
    port: env.WORKER_PORT,
    log,
    secrets: createSecretBox(env.KAIRAN_ENCRYPTION_KEYS),
    storage: blobStoreFromConfig(env.STORAGE),
    webhookSweep: { intervalMs: env.WEBHOOK_SWEEP_INTERVAL_MS, graceMs: env.WEBHOOK_SWEEP_GRACE_MS },
    receiptSweep: { intervalMs: env.RECEIPT_SWEEP_INTERVAL_MS },
    deliveries: {
      publicBaseUrl: env.LIFF_PUBLIC_URL,
      intervalMs: env.DELIVERY_PUMP_INTERVAL_MS,
      concurrency: env.DELIVERY_CONCURRENCY,
      freezeChunk: env.DELIVERY_FREEZE_CHUNK,
      leaseMs: env.DELIVERY_LEASE_MS,
      retryBaseMs: env.DELIVERY_RETRY_BASE_MS,
      statsIntervalMs: env.DELIVERY_STATS_INTERVAL_MS,
    },
  })

  const shutDown = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'shutting down')
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  // `once`: a second Ctrl-C falls through to Node's default and kills the process at once.
  process.once('SIGTERM', shutDown)
  process.once('SIGINT', shutDown)
}

main().catch((error: unknown) => {
  console.error('apps/worker failed to start:', error)
  process.exit(1)
})
