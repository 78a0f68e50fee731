import { handlePendingWebhookEvents, type WebhookDeps } from '@kairan/core'
import type { Logger } from 'pino'
import { type SweepLoop, startSweepLoop } from './sweep-loop.ts'

export type WebhookSweeperOptions = {
  deps: WebhookDeps
  /** How often to look for unhandled events. */
  intervalMs: number
  /** Events younger than this are left to the LIFF process that received them. */
  graceMs: number
  log: Logger
}

const BATCH = 100

/**
 * DESIGN invariant 1, the healing half: webhook events the LIFF process stored but did not finish
 * handling (it crashed, or handling failed and its back-off has passed) are handled here. Every
 * worker copy may sweep at once: each event is locked while handled (SKIP LOCKED) and marked
 * handled in the same transaction, so none is handled twice.
 */
export function startWebhookSweeper(options: WebhookSweeperOptions): SweepLoop {
  return startSweepLoop({
    intervalMs: options.intervalMs,
    batchSize: BATCH,
    what: 'webhook sweep',
    log: options.log,
    batch: async () => {
      const counts = await handlePendingWebhookEvents(options.deps, {
        olderThanMs: options.graceMs,
        limit: BATCH,
      })
      return { total: counts.handled + counts.skipped + counts.failed, counts }
    },
  })
}
