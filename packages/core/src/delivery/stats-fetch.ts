import type { Db } from '@kairan/db'
import { deliveries, deliveryBatches, deliveryStatSamples } from '@kairan/db/schema'
import { LINE_API_BASE_URL } from '@kairan/line'
import { and, eq, sql } from 'drizzle-orm'
import type { Logger } from 'pino'
import { type ChannelLine, loadChannelLine } from '../line/channel-line.ts'
import type { SecretBox } from '../shared/secret-box.ts'

/*
 * SEG-10: LINE's statistics of finished deliveries, fetched by the worker.
 * - Multicast deliveries carry a custom aggregation unit: `getStatisticsPerUnit(unit, from, to)`
 *   over the JST days the delivery was sent. A series shares one unit (LINE allows 1,000 unit names
 *   a month) and has at most one occurrence a day, so the days of one occurrence are its own.
 * - A broadcast has no unit: `getMessageEvent(requestId)` of its one request.
 * - Test sends have neither and are never fetched (SEG-7).
 * `delivered` is what our batches recorded as accepted by LINE (LINE's own count for a broadcast).
 * LINE allows 60 insight calls an hour per channel; we make at most STATS_CALLS_PER_HOUR.
 */

export const STATS_CALLS_PER_HOUR = 40
/** LINE keeps per-unit statistics for a while, but openings after two weeks are few. */
export const STATS_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000

export type DeliveryStats = {
  delivered: number
  uniqueImpression: number | null
  uniqueClick: number | null
  fetchedAt: string
}

/** The two insight reads this needs (tests may count or fake them). */
export type InsightReader = {
  statisticsPerUnit(
    unit: string,
    from: string,
    to: string,
  ): Promise<{ uniqueImpression: number | null; uniqueClick: number | null }>
  messageEvent(
    requestId: string,
  ): Promise<{ delivered: number | null; uniqueImpression: number | null; uniqueClick: number | null }>
}
export type InsightReaderFactory = (channel: ChannelLine) => InsightReader | null

type Overview = { delivered?: number | null; uniqueImpression?: number | null; uniqueClick?: number | null }

/** Plain GETs with the channel token (the insight API is read-only, so a failure is just retried next time). */
export const defaultInsightReader: InsightReaderFactory = (channel) => {
  if (!channel.accessToken) return null
  const base = channel.apiBaseUrl ?? LINE_API_BASE_URL
  const get = async (path: string, query: Record<string, string>): Promise<{ overview?: Overview }> => {
    const url = new URL(path, base)
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v)
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${channel.accessToken}` },
      signal: AbortSignal.timeout(10_000),
    })
    if (!res.ok)
      throw new Error(`LINE insight ${path}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`)
    return (await res.json()) as { overview?: Overview }
  }
  return {
    async statisticsPerUnit(unit, from, to) {
      const { overview } = await get('/v2/bot/insight/message/event/aggregation', {
        customAggregationUnit: unit,
        from,
        to,
      })
      return {
        uniqueImpression: overview?.uniqueImpression ?? null,
        uniqueClick: overview?.uniqueClick ?? null,
      }
    },
    async messageEvent(requestId) {
      const { overview } = await get('/v2/bot/insight/message/event', { requestId })
      return {
        delivered: overview?.delivered ?? null,
        uniqueImpression: overview?.uniqueImpression ?? null,
        uniqueClick: overview?.uniqueClick ?? null,
      }
    },
  }
}

/** yyyyMMdd in Asia/Tokyo. */
export function jstDay(at: Date): string {
  return new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '')
}

/**
 * How stale statistics may get before the next fetch: hourly on the first day (most opens happen
 * then), every six hours up to three days, then daily until two weeks.
 */
function refetchAfterMs(finishedAgoMs: number): number {
  if (finishedAgoMs < 24 * 3_600_000) return 3_600_000
  if (finishedAgoMs < 3 * 24 * 3_600_000) return 6 * 3_600_000
  return 24 * 3_600_000
}

type Candidate = {
  id: string
  channel_id: string
  via: string | null
  aggregation_unit: string | null
  started_at: Date
  finished_at: Date
  stats_fetched_at: Date | null
}

/**
 * One round of the statistics fetch: for each channel, the finished deliveries (within 14 days)
 * whose numbers are due, oldest fetch first, within the channel's hourly budget. Returns how many
 * deliveries got fresh numbers.
 */
export async function fetchDeliveryStats({
  db,
  secrets,
  insight = defaultInsightReader,
  now,
  log,
}: {
  db: Db
  secrets: SecretBox
  insight?: InsightReaderFactory
  now: Date
  log?: Logger
}): Promise<{ fetched: number; failed: number }> {
  const since = new Date(now.getTime() - STATS_MAX_AGE_MS)
  const hourAgo = new Date(now.getTime() - 3_600_000)
  const candidates = (await db.execute(sql`
    select d.id, d.channel_id, d.via, d.aggregation_unit, d.started_at, d.finished_at, d.stats_fetched_at
    from deliveries d
    where d.status in ('sent', 'partially_failed') and d.finished_at >= ${since.toISOString()}
      and d.target <> 'test' and (d.aggregation_unit is not null or d.via = 'broadcast')
    order by d.stats_fetched_at nulls first, d.finished_at
    limit 500`)) as unknown as Candidate[]
  const due = candidates.filter(
    (c) =>
      !c.stats_fetched_at ||
      now.getTime() - new Date(c.stats_fetched_at).getTime() >=
        refetchAfterMs(now.getTime() - new Date(c.finished_at).getTime()),
  )
  const counts = { fetched: 0, failed: 0 }
  const byChannel = new Map<string, Candidate[]>()
  for (const c of due) byChannel.set(c.channel_id, [...(byChannel.get(c.channel_id) ?? []), c])
  for (const [channelId, list] of byChannel) {
    const [used] = (await db.execute(sql`
      select count(*)::int as n from delivery_stat_samples s join deliveries d on d.id = s.delivery_id
      where d.channel_id = ${channelId} and s.fetched_at > ${hourAgo.toISOString()}`)) as unknown as {
      n: number
    }[]
    const budget = STATS_CALLS_PER_HOUR - (used?.n ?? 0)
    if (budget <= 0) continue
    const channel = await loadChannelLine(db, secrets, channelId)
    const reader = channel ? insight(channel) : null
    if (!reader) continue
    for (const c of list.slice(0, budget)) {
      try {
        await fetchOne(db, reader, c, now)
        counts.fetched++
      } catch (error) {
        counts.failed++
        log?.warn({ err: error, deliveryId: c.id }, 'delivery statistics fetch failed')
        // Not retried at once: it goes to the back of the queue.
        await db.update(deliveries).set({ statsFetchedAt: now }).where(eq(deliveries.id, c.id))
      }
    }
  }
  return counts
}

async function fetchOne(db: Db, reader: InsightReader, c: Candidate, now: Date): Promise<void> {
  const [sent] = await db
    .select({ n: sql<number>`coalesce(sum(${deliveryBatches.size}), 0)::int` })
    .from(deliveryBatches)
    .where(and(eq(deliveryBatches.deliveryId, c.id), eq(deliveryBatches.status, 'sent')))
  let delivered = sent?.n ?? 0
  let numbers: { uniqueImpression: number | null; uniqueClick: number | null }
  if (c.via === 'broadcast') {
    const [batch] = await db
      .select({ requestId: deliveryBatches.lineRequestId })
      .from(deliveryBatches)
      .where(and(eq(deliveryBatches.deliveryId, c.id), eq(deliveryBatches.batchNo, 0)))
    if (!batch?.requestId) throw new Error('broadcast without a request ID')
    const event = await reader.messageEvent(batch.requestId)
    delivered = event.delivered ?? delivered
    numbers = event
  } else {
    numbers = await reader.statisticsPerUnit(
      c.aggregation_unit!,
      jstDay(new Date(c.started_at)),
      jstDay(new Date(c.finished_at)),
    )
  }
  const stats: DeliveryStats = {
    delivered,
    uniqueImpression: numbers.uniqueImpression,
    uniqueClick: numbers.uniqueClick,
    fetchedAt: now.toISOString(),
  }
  await db.transaction(async (tx) => {
    await tx.update(deliveries).set({ stats, statsFetchedAt: now }).where(eq(deliveries.id, c.id))
    await tx
      .insert(deliveryStatSamples)
      .values({
        deliveryId: c.id,
        fetchedAt: now,
        delivered,
        uniqueImpression: numbers.uniqueImpression,
        uniqueClick: numbers.uniqueClick,
      })
      .onConflictDoNothing()
  })
}
