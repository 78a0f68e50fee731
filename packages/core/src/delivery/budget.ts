import { deliveries } from '@kairan/db/schema'
import { and, countDistinct, eq, gte, isNotNull, lt } from 'drizzle-orm'
import { z } from 'zod'
import { requireTenantChannel } from '../channels/channel-scope.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { defaultLineClientFactory, type LineClientFactory, loadChannelLine } from '../line/channel-line.ts'
import type { SecretBox } from '../shared/secret-box.ts'

/**
 * SEG-10: LINE allows 1,000 custom aggregation unit names per channel per month (Asia/Tokyo). Each
 * delivery uses its own unit and a series shares one; the composer warns when 900 are used.
 */
export const AGGREGATION_UNIT_LIMIT = 1000
export const AGGREGATION_UNIT_WARNING = 900
const LINE_TIMEOUT_MS = 3000

export const AggregationBudgetInput = z.object({ channelId: z.uuid() })
export type AggregationBudgetInput = z.input<typeof AggregationBudgetInput>

const TOKYO_OFFSET_MS = 9 * 3_600_000

/** The UTC bounds of the Tokyo calendar month containing `now`. */
export function tokyoMonthBounds(now: Date): { start: Date; end: Date } {
  const tokyo = new Date(now.getTime() + TOKYO_OFFSET_MS)
  const y = tokyo.getUTCFullYear()
  const m = tokyo.getUTCMonth()
  return {
    start: new Date(Date.UTC(y, m, 1) - TOKYO_OFFSET_MS),
    end: new Date(Date.UTC(y, m + 1, 1) - TOKYO_OFFSET_MS),
  }
}

/** LINE's own count, or null when the channel is not connected or LINE does not answer quickly. */
async function lineUsage(
  ctx: Ctx,
  secrets: SecretBox,
  lineClient: LineClientFactory,
  channelId: string,
): Promise<number | null> {
  try {
    const channel = await loadChannelLine(ctx.db, secrets, channelId)
    const client = channel ? lineClient(channel) : null
    if (!client) return null
    const usage = client.raw.getAggregationUnitUsage()
    usage.catch(() => {})
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), LINE_TIMEOUT_MS).unref())
    const result = await Promise.race([usage, timeout])
    return result ? result.numOfCustomAggregationUnits : null
  } catch {
    return null
  }
}

export async function aggregationBudget({
  ctx,
  secrets,
  lineClient = defaultLineClientFactory,
  input,
  now = new Date(),
}: {
  ctx: Ctx
  secrets: SecretBox
  lineClient?: LineClientFactory
  input: AggregationBudgetInput
  now?: Date
}) {
  requirePermission(ctx, 'deliveries.manage')
  const { channelId } = AggregationBudgetInput.parse(input)
  await requireTenantChannel(ctx.db, ctx.actor.tenantId, channelId)
  const { start, end } = tokyoMonthBounds(now)
  const [ours] = await ctx.db
    .select({ n: countDistinct(deliveries.aggregationUnit) })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.channelId, channelId),
        isNotNull(deliveries.aggregationUnit),
        gte(deliveries.startedAt, start),
        lt(deliveries.startedAt, end),
      ),
    )
  const fromDb = ours?.n ?? 0
  const fromLine = await lineUsage(ctx, secrets, lineClient, channelId)
  const usedThisMonth = Math.max(fromDb, fromLine ?? 0)
  return {
    usedThisMonth,
    fromLine,
    limit: AGGREGATION_UNIT_LIMIT,
    nearlySpent: usedThisMonth >= AGGREGATION_UNIT_WARNING,
  }
}
export type AggregationBudget = Awaited<ReturnType<typeof aggregationBudget>>
