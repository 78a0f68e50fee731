import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  jobs as allJobs,
  type BlobStore,
  createLivePublisher,
  type JobDefinition,
  type LineClientFactory,
  type SecretBox,
} from '@kairan/core'
import { createDatabase, isDatabaseReachable } from '@kairan/db'
import { type JobResult, PgBoss } from 'pg-boss'
import type { Logger } from 'pino'
import { type DeliveryPumpOptions, startDeliveryPump } from './delivery-pump.ts'
import { startReceiptSweeper } from './receipt-sweeper.ts'
import { startReminderSweeper } from './reminder-sweeper.ts'
import { startWebhookSweeper } from './webhook-sweeper.ts'

/** pg-boss keeps its tables in their own schema, away from the Drizzle-managed ones. */
export const PGBOSS_SCHEMA = 'pgboss'
/** Jobs still running at shutdown get this long to finish before pg-boss fails them (they retry). */
export const SHUTDOWN_GRACE_MS = 30_000
/** /readyz must answer quickly even when PostgreSQL hangs instead of refusing. */
const READINESS_TIMEOUT_MS = 2_000

type Readiness = { ok: boolean; database: 'up' | 'down'; queue: 'up' | 'down' }

export type StartWorkerOptions = {
  databaseUrl: string
  /** 0 picks a free port (tests). */
  port: number
  log: Logger
  /** Defaults to every job of the product; tests may pass their own. */
  jobs?: readonly JobDefinition[]
  /** Where uploaded files live (the upload cleanup job deletes from it): the apps' store. */
  storage: BlobStore
  /** The application key; without it (some tests) the webhook and receipt sweepers do not run. */
  secrets?: SecretBox
  webhookSweep?: { intervalMs: number; graceMs: number }
  receiptSweep?: { intervalMs: number }
  /** SEG-2: the profile reminder sweep (default once a minute). */
  reminderSweep?: { intervalMs: number }
  /** How the sweepers reach LINE (tests may count calls); default one client per channel token. */
  lineClient?: LineClientFactory
  /** The delivery pump (runs with `secrets`): where apps/liff is served, and tuning. */
  deliveries?: Partial<
    Pick<
      DeliveryPumpOptions,
      | 'publicBaseUrl'
      | 'intervalMs'
      | 'concurrency'
      | 'freezeChunk'
      | 'leaseMs'
      | 'retryBaseMs'
      | 'statsIntervalMs'
      | 'insight'
    >
  >
}

export type RunningWorker = {
  /** The port the health server listens on. */
  port: number
  boss: PgBoss
  isReady: () => Promise<boolean>
  /** Graceful: running jobs finish (up to SHUTDOWN_GRACE_MS), then the server and pools close. */
  stop: () => Promise<void>
}

/**
 * Starts pg-boss on DATABASE_URL, registers every job of core (CONVENTIONS C16) and serves
 * /healthz and /readyz. The worker is stateless: more copies of it just share the queues.
 */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const { log } = options
  const jobs = options.jobs ?? allJobs
  const database = createDatabase(options.databaseUrl, { max: 10 })
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: PGBOSS_SCHEMA,
    application_name: 'kairan-worker',
    max: 10,
  })
  boss.on('error', (error) => log.error({ err: error }, 'pg-boss error'))
  boss.on('warning', (warning) => log.warn({ data: warning.data }, `pg-boss: ${warning.message}`))

  let isBossRunning = false
  let isStopping = false
  const readiness = async (): Promise<Readiness> => {
    const isQueueUp = isBossRunning && !isStopping
    const isDatabaseUp = await withTimeout(isDatabaseReachable(database.sql), READINESS_TIMEOUT_MS, false)
    return {
      ok: isQueueUp && isDatabaseUp,
      database: isDatabaseUp ? 'up' : 'down',
      queue: isQueueUp ? 'up' : 'down',
    }
  }
  const isReady = async () => (await readiness()).ok
  const server = createHealthServer(readiness)

  try {
    await boss.start()
    isBossRunning = true
    for (const job of jobs) await registerJob(boss, job, { db: database.db, storage: options.storage }, log)
    await removeStaleSchedules(boss, jobs, log)
    server.listen(options.port)
    await once(server, 'listening')
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {})
    await database.close().catch(() => {})
    server.close()
    throw error
  }
  const port = (server.address() as AddressInfo).port
  const live = options.secrets ? createLivePublisher({ databaseUrl: options.databaseUrl, log }) : null
  const sweeper =
    options.secrets && live
      ? startWebhookSweeper({
          deps: { db: database.db, secrets: options.secrets, live, log, lineClient: options.lineClient },
          intervalMs: options.webhookSweep?.intervalMs ?? 2_000,
          graceMs: options.webhookSweep?.graceMs ?? 5_000,
          log: log.child({ task: 'webhook-sweep' }),
        })
      : null
  const receipts = options.secrets
    ? startReceiptSweeper({
        deps: { db: database.db, secrets: options.secrets, lineClient: options.lineClient },
        intervalMs: options.receiptSweep?.intervalMs ?? 3_000,
        log: log.child({ task: 'receipt-sweep' }),
      })
    : null
  const reminders = options.secrets
    ? startReminderSweeper({
        deps: { db: database.db, secrets: options.secrets, lineClient: options.lineClient },
        intervalMs: options.reminderSweep?.intervalMs ?? 60_000,
        log: log.child({ task: 'reminder-sweep' }),
      })
    : null
  const deliveryPump =
    options.secrets && live
      ? startDeliveryPump({
          db: database.db,
          secrets: options.secrets,
          live,
          log: log.child({ task: 'delivery-pump' }),
          lineClient: options.lineClient,
          ...options.deliveries,
          publicBaseUrl: options.deliveries?.publicBaseUrl ?? 'http://localhost:3100',
        })
      : null
  log.info(
    {
      port,
      jobs: jobs.map((j) => j.name),
      webhookSweep: sweeper !== null,
      receiptSweep: receipts !== null,
      reminderSweep: reminders !== null,
      deliveryPump: deliveryPump !== null,
    },
    'worker started',
  )

  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      isStopping = true
      log.info('worker stopping: letting running jobs finish')
      await Promise.all([
        sweeper?.stop(),
        receipts?.stop(),
        reminders?.stop(),
        deliveryPump?.stop(),
        boss.stop({ graceful: true, timeout: SHUTDOWN_GRACE_MS }),
      ])
      isBossRunning = false
      await live?.close()
      server.close()
      server.closeAllConnections()
      await database.close()
      log.info('worker stopped')
    })()
    return stopping
  }
  return { port, boss, isReady, stop }
}

/** What every job handler gets besides its logger (see core's JobContext). */
type JobDeps = { db: ReturnType<typeof createDatabase>['db']; storage: BlobStore }

async function registerJob(boss: PgBoss, job: JobDefinition, deps: JobDeps, log: Logger): Promise<void> {
  const retry = {
    ...(job.retryLimit === undefined ? {} : { retryLimit: job.retryLimit }),
    ...(job.retryDelaySeconds === undefined ? {} : { retryDelay: job.retryDelaySeconds }),
  }
  // createQueue does nothing when the queue exists; updateQueue carries changed retry settings over.
  await boss.createQueue(job.name, retry)
  if (Object.keys(retry).length > 0) await boss.updateQueue(job.name, retry)

  await boss.work(job.name, { perJobResults: true }, async (batch) => {
    const results: JobResult[] = []
    for (const item of batch) results.push(await runJob(job, item, deps, log))
    return results
  })

  if (job.cron) {
    // Upserts: every worker copy registers the same schedule; pg-boss sends one job per occurrence.
    await boss.schedule(job.name, job.cron, {}, { tz: job.timezone ?? 'Asia/Tokyo' })
  } else {
    await boss.unschedule(job.name)
  }
}

async function runJob(
  job: JobDefinition,
  item: { id: string; data: unknown; retryCount: number },
  deps: JobDeps,
  log: Logger,
): Promise<JobResult> {
  const jobLog = log.child({ job: job.name, jobId: item.id, retryCount: item.retryCount })
  const parsed = job.payload.safeParse(item.data ?? {})
  if (!parsed.success) {
    // Retrying cannot fix a bad payload: fail it for good (dead-letter queue if one is configured).
    jobLog.error({ issues: parsed.error.issues }, 'job payload is invalid')
    return {
      id: item.id,
      status: 'deadletter',
      output: { error: 'invalid payload', issues: parsed.error.issues },
    }
  }
  const startedAt = performance.now()
  try {
    await job.handler(parsed.data, { ...deps, log: jobLog })
    jobLog.info({ ms: Math.round(performance.now() - startedAt) }, 'job completed')
    return { id: item.id, status: 'completed' }
  } catch (error) {
    jobLog.error({ err: error, ms: Math.round(performance.now() - startedAt) }, 'job failed')
    const message = error instanceof Error ? error.message : String(error)
    return { id: item.id, status: 'failed', output: { error: message } }
  }
}

/** A job that lost its cron (or was deleted) must not keep being sent to a queue nobody works. */
async function removeStaleSchedules(
  boss: PgBoss,
  jobs: readonly JobDefinition[],
  log: Logger,
): Promise<void> {
  const scheduled = new Set(jobs.filter((j) => j.cron).map((j) => j.name))
  for (const schedule of await boss.getSchedules()) {
    if (scheduled.has(schedule.name)) continue
    await boss.unschedule(schedule.name, schedule.key)
    log.info({ job: schedule.name }, 'removed schedule of a job that no longer has one')
  }
}

function createHealthServer(readiness: () => Promise<Readiness>): http.Server {
  return http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    const json = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      res.end(JSON.stringify(body))
    }
    if (path === '/healthz') return json(200, { ok: true })
    if (path === '/readyz') {
      readiness().then(
        (r) => json(r.ok ? 200 : 503, r),
        () => json(503, { ok: false }),
      )
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
    res.end('Not found\n')
  })
}

async function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
