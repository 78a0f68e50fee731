import { handlePendingWebhookEvents, type WebhookDeps } from '@kairan/core'
import type { Logger } from 'pino'

export type WebhookSweeperOptions = {
  deps: WebhookDeps
  /** How often to look for unhandled events. */
  intervalMs: number
  /** Events younger than this are left to the LIFF process that received them. */
  graceMs: number
  log: Logger
}

/**
 * DESIGN invariant 1, the healing half: webhook events the LIFF process stored but did not finish
 * handling (it crashed, or handling failed and its back-off has passed) are handled here. Every
 * worker copy may sweep at once: each event is locked while handled (SKIP LOCKED) and marked
 * handled in the same transaction, so none is handled twice.
 */
export function startWebhookSweeper(options: WebhookSweeperOptions) {
  const { deps, log } = options
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let isStopped = false

  const sweep = async () => {
    try {
      // Keep going while there is a backlog, a batch at a time.
      for (;;) {
        const counts = await handlePendingWebhookEvents(deps, { olderThanMs: options.graceMs, limit: 100 })
        const total = counts.handled + counts.skipped + counts.failed
        if (total > 0) log.info(counts, 'webhook sweep')
        if (total < 100 || isStopped) break
      }
    } catch (error) {
      log.error({ err: error }, 'webhook sweep failed; trying again at the next interval')
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
    /** Runs one sweep now (tests, start-up). */
    sweepNow: () => sweep(),
    /** Lets a running sweep finish (each event is its own transaction), then stops. */
    async stop() {
      isStopped = true
      clearTimeout(timer)
      await running
    },
  }
}
