import type { DbOrTx } from '@kairan/db'
import { deliveries, segments } from '@kairan/db/schema'
import { and, count, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm'
import { z } from 'zod'
import { requireTenantChannel } from '../channels/channel-scope.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { statsView } from './deliveries.ts'
import { tokyoInstant } from './recurrence.ts'

/** SEG-11: the delivery history (list page and exports share the filter and the row shape). */

export const DELIVERY_STATUSES = [
  'draft',
  'scheduled',
  'sending',
  'sent',
  'partially_failed',
  'failed',
  'cancelled',
] as const

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'errors.invalid_date' })

/** Period (Asia/Tokyo dates, inclusive) and statuses; test sends are left out unless asked for. */
export const DeliveryHistoryFilter = z.object({
  channelId: z.uuid(),
  from: isoDate.nullish(),
  to: isoDate.nullish(),
  status: z.array(z.enum(DELIVERY_STATUSES)).max(DELIVERY_STATUSES.length).nullish(),
  includeTests: z.boolean().optional(),
})
export type DeliveryHistoryFilter = z.input<typeof DeliveryHistoryFilter>

export const ListDeliveriesInput = DeliveryHistoryFilter.extend({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
  /** Language of `targetLabel` for "all friends" / "test devices". */
  language: z.enum(['ja', 'en']).default('ja'),
})
export type ListDeliveriesInput = z.input<typeof ListDeliveriesInput>

const TARGET_LABELS = {
  ja: { all: 'すべての友だち', test: 'テスト端末', segment: 'セグメント' },
  en: { all: 'All friends', test: 'Test devices', segment: 'Segment' },
} as const

/** When a delivery happened for the history: started, else scheduled, else created. */
const happenedAt = sql`coalesce(${deliveries.startedAt}, ${deliveries.scheduledAt}, ${deliveries.createdAt})`

const DAY_MS = 24 * 60 * 60 * 1000

export function historyWhere(tenantId: string, f: z.infer<typeof DeliveryHistoryFilter>): SQL {
  return and(
    eq(deliveries.tenantId, tenantId),
    eq(deliveries.channelId, f.channelId),
    f.from ? sql`${happenedAt} >= ${tokyoInstant(f.from, '00:00').toISOString()}::timestamptz` : undefined,
    f.to
      ? sql`${happenedAt} < ${new Date(tokyoInstant(f.to, '00:00').getTime() + DAY_MS).toISOString()}::timestamptz`
      : undefined,
    f.status && f.status.length > 0 ? inArray(deliveries.status, f.status) : undefined,
    f.includeTests ? undefined : ne(deliveries.target, 'test'),
  )!
}

const batchSum = (status: 'sent' | 'failed') =>
  sql<number>`(select coalesce(sum(b.size), 0)::int from delivery_batches b where b.delivery_id = ${deliveries.id} and b.status = ${status})`

export type DeliveryHistoryRow = {
  id: string
  title: string
  status: (typeof DELIVERY_STATUSES)[number]
  target: 'all' | 'segment' | 'test'
  targetLabel: string
  segmentName: string | null
  scheduledAt: Date | null
  startedAt: Date | null
  finishedAt: Date | null
  createdAt: Date
  recipientCount: number | null
  sentCount: number
  failedCount: number
  stats: ReturnType<typeof statsView>
  isTest: boolean
  seriesId: string | null
}

/** Rows of the history in order (newest first), for a page or a whole export. */
export async function historyRows(
  db: DbOrTx,
  tenantId: string,
  filter: z.infer<typeof DeliveryHistoryFilter>,
  language: 'ja' | 'en',
  window: { limit: number; offset: number },
): Promise<DeliveryHistoryRow[]> {
  const rows = await db
    .select({
      id: deliveries.id,
      title: deliveries.title,
      status: deliveries.status,
      target: deliveries.target,
      segmentSnapshot: deliveries.segmentSnapshot,
      segmentName: segments.name,
      scheduledAt: deliveries.scheduledAt,
      startedAt: deliveries.startedAt,
      finishedAt: deliveries.finishedAt,
      createdAt: deliveries.createdAt,
      recipientCount: deliveries.recipientCount,
      stats: deliveries.stats,
      seriesId: deliveries.seriesId,
      sentCount: batchSum('sent'),
      failedCount: batchSum('failed'),
    })
    .from(deliveries)
    .leftJoin(segments, eq(segments.id, deliveries.segmentId))
    .where(historyWhere(tenantId, filter))
    .orderBy(desc(happenedAt), desc(deliveries.id))
    .limit(window.limit)
    .offset(window.offset)
  return rows.map((r) => {
    const snapshotName = (r.segmentSnapshot as { name?: string } | null)?.name ?? null
    const segmentName = r.target === 'segment' ? (snapshotName ?? r.segmentName ?? null) : null
    return {
      id: r.id,
      title: r.title,
      status: r.status,
      target: r.target,
      targetLabel: segmentName ?? TARGET_LABELS[language][r.target],
      segmentName,
      scheduledAt: r.scheduledAt,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      createdAt: r.createdAt,
      recipientCount: r.recipientCount,
      sentCount: r.sentCount,
      failedCount: r.failedCount,
      stats: statsView(r.stats, r.sentCount),
      isTest: r.target === 'test',
      seriesId: r.seriesId,
    }
  })
}

/** 配信履歴: a page of deliveries of a channel with counts, status and open rates. */
export async function listDeliveries({ ctx, input }: { ctx: Ctx; input: ListDeliveriesInput }) {
  requirePermission(ctx, 'deliveries.manage')
  const l = ListDeliveriesInput.parse(input)
  const tenantId = ctx.actor.tenantId
  await requireTenantChannel(ctx.db, tenantId, l.channelId)
  const [rows, [total]] = await Promise.all([
    historyRows(ctx.db, tenantId, l, l.language, { limit: l.pageSize, offset: (l.page - 1) * l.pageSize }),
    ctx.db.select({ n: count() }).from(deliveries).where(historyWhere(tenantId, l)),
  ])
  return { rows, total: total?.n ?? 0, page: l.page, pageSize: l.pageSize }
}
export type DeliveryList = Awaited<ReturnType<typeof listDeliveries>>
