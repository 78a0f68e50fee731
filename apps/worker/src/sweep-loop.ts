import type { Logger } from 'pino'

export type SweepLoopOptions = {
  /** How long to wait between sweeps (after one ends, so sweeps never overlap in one process). */
  intervalMs: number
  /** One batch; returns how many items it touched, and counts to log when there were some. */
  batch: () => Promise<{ total: number; counts: object }>
  /** A full batch means a backlog: the next runs at once. */
  batchSize: number
  /** Logged with the counts, e.g. "webhook sweep". */
  what: string
  log: Logger
}

export type SweepLoop = {
  /** Runs one sweep now (tests, start-up). */
  sweepNow: () => Promise<void>
  /** Lets a running sweep finish, then stops. */
  stop: () => Promise<void>
}

/**
 * The worker's polling loops (webhook events, form receipts): sweep, wait, sweep again. Every
 * worker copy may sweep at once; what a batch does must be safe under that (each sweeper claims its
 * rows with SKIP LOCKED). A failed sweep is logged and tried again at the next interval.
 */
export function startSweepLoop(options: SweepLoopOptions): SweepLoop {
  const { log } = options
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let isStopped = false

  const sweep = async () => {
    try {
      for (;;) {
        const { total, counts } = await options.batch()
        if (total > 0) log.info(counts, options.what)
        if (total < options.batchSize || isStopped) break
      }
    } catch (error) {
      log.error({ err: error }, `${options.what} failed; trying again at the next interval`)
    }
  }
  const schedule = () => {
    if (isStopped) return
    timer = setTimeout(() => {
      running = sweep().finally(() => {
        running = undefined
        schedule()
      })
    }, options.intervalMs)
  }
  schedule()

  return {
    sweepNow: () => sweep(),
    async stop() {
      isStopped = true
      clearTimeout(timer)
      await running
    },
  }
}
