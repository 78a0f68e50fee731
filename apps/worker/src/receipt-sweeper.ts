import { type ReceiptDeps, sendPendingReceipts } from '@kairan/core'
import type { Logger } from 'pino'
import { type SweepLoop, startSweepLoop } from './sweep-loop.ts'

const BATCH = 50

/**
 * Pushes the LINE receipts of form answers ("we received your answer") once they are due. Copies
 * of the worker may sweep at once: core claims each receipt before pushing, and its retry key
 * makes a repeated push a no-op at LINE, so a resident gets each receipt once.
 */
export function startReceiptSweeper(options: {
  deps: ReceiptDeps
  intervalMs: number
  log: Logger
}): SweepLoop {
  return startSweepLoop({
    intervalMs: options.intervalMs,
    batchSize: BATCH,
    what: 'form receipt sweep',
    log: options.log,
    batch: async () => {
      const counts = await sendPendingReceipts({ ...options.deps, log: options.log }, { limit: BATCH })
      return { total: counts.sent + counts.retrying + counts.failed, counts }
    },
  })
}
