import type { Db, Tx } from '@kairan/db'
import { deliveries, deliverySeries } from '@kairan/db/schema'
import { and, asc, eq, lte, sql } from 'drizzle-orm'
import { nextOccurrences, RecurrenceParseError, type RecurrenceSpec, specFromRRule } from './recurrence.ts'

/**
 * SEG-9: turns the due occurrences of recurring deliveries into `deliveries` rows, which the pump
 * then sends like any scheduled delivery (H4 calls this before starting due deliveries).
 *
 * - Each occurrence becomes one row: the unique index (series_id, scheduled_at) and
 *   ON CONFLICT DO NOTHING make a repeat harmless, and the series rows are claimed with
 *   FOR UPDATE SKIP LOCKED, so two workers never materialise the same series at once.
 * - An occurrence more than `MISSED_OCCURRENCE_GRACE_MS` in the past (the worker was down) is not
 *   sent late — a notice about this morning's rubbish collection is wrong in the evening — but
 *   recorded as a cancelled delivery with `failure_reason = 'missed_occurrence'`, so the history
 *   shows what did not go out and why.
 * - The rule is read from the series row on every run, so edits and newly excluded dates apply to
 *   occurrences not yet materialised.
 */

export const MISSED_OCCURRENCE_GRACE_MS = 6 * 60 * 60 * 1000
/** Series per transaction (each holds its row locks only for its own inserts). */
const BATCH = 50
/** Occurrences looked at per series and run; a series down for longer resumes after `now`. */
const MAX_CATCH_UP = 100

export type MaterializeResult = {
  /** Deliveries created with status `scheduled`. */
  scheduled: number
  /** Occurrences recorded as missed (cancelled). */
  missed: number
  /** Series whose stored rule could not be read: stopped (next_run_at null), with their ids. */
  unreadable: string[]
}

type SeriesRow = typeof deliverySeries.$inferSelect

/** The spec of a stored series: its RFC 5545 text plus the columns kept beside it. */
export function seriesSpec(
  series: Pick<SeriesRow, 'rrule' | 'excludedDates' | 'skipHolidays'>,
): RecurrenceSpec {
  const spec = specFromRRule(series.rrule, series.skipHolidays)
  const excludedDates = [...new Set([...spec.excludedDates, ...series.excludedDates])].sort()
  return { ...spec, excludedDates }
}

export async function materializeDueSeries({
  db,
  now = new Date(),
}: {
  db: Db
  now?: Date
}): Promise<MaterializeResult> {
  const result: MaterializeResult = { scheduled: 0, missed: 0, unreadable: [] }
  for (;;) {
    const claimed = await db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(deliverySeries)
        .where(and(eq(deliverySeries.isActive, true), lte(deliverySeries.nextRunAt, now)))
        .orderBy(asc(deliverySeries.nextRunAt))
        .limit(BATCH)
        .for('update', { skipLocked: true })
      for (const series of due) await materializeSeries(tx, series, now, result)
      return due.length
    })
    if (claimed < BATCH) return result
  }
}

async function materializeSeries(tx: Tx, series: SeriesRow, now: Date, result: MaterializeResult) {
  let spec: RecurrenceSpec
  try {
    spec = seriesSpec(series)
  } catch (error) {
    if (!(error instanceof RecurrenceParseError)) throw error
    result.unreadable.push(series.id)
    await advance(tx, series.id, null)
    return
  }
  // From the stored next run (inclusive), under the rule as it is now.
  const from = new Date(series.nextRunAt!.getTime() - 1)
  const due = nextOccurrences(spec, from, MAX_CATCH_UP).filter((at) => at.getTime() <= now.getTime())
  for (const at of due) {
    const isMissed = now.getTime() - at.getTime() > MISSED_OCCURRENCE_GRACE_MS
    const inserted = await tx
      .insert(deliveries)
      .values({
        tenantId: series.tenantId,
        channelId: series.channelId,
        seriesId: series.id,
        title: series.title,
        status: isMissed ? 'cancelled' : 'scheduled',
        target: series.target,
        segmentId: series.segmentId,
        content: series.content,
        scheduledAt: at,
        aggregationUnit: series.aggregationUnit,
        createdByStaffUserId: series.updatedByStaffUserId ?? series.createdByStaffUserId,
        ...(isMissed ? { cancelledAt: now, failureReason: 'missed_occurrence' } : {}),
      })
      .onConflictDoNothing()
      .returning({ id: deliveries.id })
    if (inserted.length > 0) {
      if (isMissed) result.missed++
      else result.scheduled++
    }
  }
  await advance(tx, series.id, nextOccurrences(spec, now, 1)[0] ?? null)
}

function advance(tx: Tx, seriesId: string, nextRunAt: Date | null) {
  return (
    tx
      .update(deliverySeries)
      // Scheduler bookkeeping is not an edit of the series.
      .set({ nextRunAt, updatedAt: sql`${deliverySeries.updatedAt}` })
      .where(eq(deliverySeries.id, seriesId))
  )
}
