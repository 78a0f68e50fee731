import { type ReminderDeps, sendProfileReminders } from '@kairan/core'
import type { Logger } from 'pino'
import { type SweepLoop, startSweepLoop } from './sweep-loop.ts'

const BATCH = 50

/**
 * SEG-2: pushes the one "please fill in your profile" reminder to friends who have not answered
 * the channel's profile form some days after following. Copies of the worker may sweep at once:
 * core locks the residents it pushes to (SKIP LOCKED) and marks them in the same transaction,
 * and its retry key makes a repeated push a no-op at LINE, so a resident is reminded once.
 */
export function startReminderSweeper(options: {
  deps: Omit<ReminderDeps, 'now' | 'log'>
  intervalMs: number
  log: Logger
}): SweepLoop {
  return startSweepLoop({
    intervalMs: options.intervalMs,
    batchSize: BATCH,
    what: 'profile reminder sweep',
    log: options.log,
    batch: async () => {
      const counts = await sendProfileReminders({ ...options.deps, log: options.log }, { limit: BATCH })
      // Residents left for a retry are picked again at once: they do not make a backlog.
      return { total: counts.sent + counts.failed, counts }
    },
  })
}
