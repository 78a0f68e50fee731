import type { DbOrTx } from '@kairan/db'
import { sql } from 'drizzle-orm'
import { requireTenantChannel } from '../channels/channel-scope.ts'
import { type Ctx, requireAnyPermission } from '../ctx.ts'
import type { SegmentFilter } from './filter.ts'
import { CountSegmentInput } from './inputs.ts'
import { type SegmentScope, segmentWhere } from './segment-where.ts'

export type SegmentCount = { count: number; followers: number }

/**
 * How many followers a filter matches, and how many followers there are: one statement over the
 * channel's followers (no permission check: for verbs that already checked, workers, benchmarks).
 */
export async function countSegmentIn(
  db: DbOrTx,
  scope: SegmentScope,
  filter: SegmentFilter,
  now: Date = new Date(),
): Promise<SegmentCount> {
  const where = segmentWhere(filter, scope, now)
  // JIT compilation costs PostgreSQL ~100 ms per count and gains nothing on a scan this simple;
  // `set local` only lasts for this transaction.
  const row = await db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`)
    const [result] = await tx.execute<{ count: string | number; followers: string | number }>(
      sql`select count(*) filter (where ${where}) as count, count(*) as followers from citizens c where c.channel_id = ${scope.channelId} and c.status = 'following'`,
    )
    return result
  })
  return { count: Number(row?.count ?? 0), followers: Number(row?.followers ?? 0) }
}

/** The segment builder's live count (and the delivery composer's recipient preview). */
export async function countSegment({
  ctx,
  input,
}: {
  ctx: Ctx
  input: CountSegmentInput
}): Promise<SegmentCount> {
  requireAnyPermission(ctx, ['segments.manage', 'deliveries.manage'])
  const { channelId, filter } = CountSegmentInput.parse(input)
  await requireTenantChannel(ctx.db, ctx.actor.tenantId, channelId)
  return countSegmentIn(ctx.db, { tenantId: ctx.actor.tenantId, channelId }, filter)
}
