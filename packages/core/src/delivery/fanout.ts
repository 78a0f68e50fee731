import type { Db, DbOrTx } from '@kairan/db'
import { deliveries, deliveryBatches, deliveryImages, segments } from '@kairan/db/schema'
import { LineApiError, type LineClient, type SendResult } from '@kairan/line'
import type { messagingApi } from '@line/bot-sdk'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { defaultLineClientFactory, type LineClientFactory, loadChannelLine } from '../line/channel-line.ts'
import { loadAttributes } from '../segments/attributes.ts'
import { describeSegment } from '../segments/describe-segment.ts'
import { SegmentFilter } from '../segments/filter.ts'
import { segmentWhere } from '../segments/segment-where.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import { DeliveryContent } from './content.ts'
import { contentImageIds, renderMessages, variantLanguages } from './render.ts'
import { deliveryRetryKey } from './retry-key.ts'
import { materializeDueSeries } from './series-scheduler.ts'

/*
 * Fan-out (SEG-13, DESIGN invariant 2: exactly once per recipient).
 *
 * 1. Start: `scheduled` → `sending` in one statement (cancelDelivery races it with the opposite
 *    statement; exactly one of the two matches the row).
 * 2. Prepare (once, idempotent): decide the path and snapshot the segment.
 *    - `broadcast`: target `all`, not a test, and the content exists in Japanese only. One request
 *      (batch 0, its own retry key) reaches every friend; statistics by its request ID. LINE allows
 *      60 broadcasts an hour, and a broadcast needs no recipient list, so nothing is frozen.
 *    - `multicast` otherwise (segments, tests, several languages: each resident must get the
 *      variant of their language, which a broadcast cannot do).
 * 3. Freeze (multicast): the recipients are selected in chunks by keyset on
 *    citizens(channel_id, line_user_id) after `freeze_cursor`, grouped in SQL into batches of ≤ 500
 *    of one language, and inserted as arrays together with the new cursor in ONE transaction: a
 *    crash leaves either the whole chunk or none of it. Batches are claimable as soon as their chunk
 *    commits, so sending overlaps freezing. The last (short) chunk sets `frozen_at`.
 * 4. Send: batches are claimed with SKIP LOCKED and a lease; each goes out with
 *    deliveryRetryKey(delivery, batch). A repeat (crash after LINE accepted, an expired lease, a
 *    second worker) carries the same key and body, and LINE answers 409 "already accepted": the
 *    batch is recorded sent without a second delivery. A batch whose first attempt is older than
 *    the retry-key window (less a margin) is marked failed and never sent again.
 * 5. Finish: when frozen and no batch is open, the delivery becomes sent / partially_failed / failed.
 *
 * Progress is read from the batches (sum of sizes by status), never kept in a counter row that
 * every send would update.
 */

export const BATCH_SIZE = 500
export const DEFAULT_FREEZE_CHUNK = 20_000
export const DEFAULT_LEASE_MS = 30_000
/** LINE remembers a retry key for 24 hours. */
export const RETRY_KEY_WINDOW_MS = 24 * 60 * 60 * 1000
/** A batch is never (re)sent later than this after its first attempt: an hour's margin on the window. */
export const RESEND_CUTOFF_MS = RETRY_KEY_WINDOW_MS - 60 * 60 * 1000
export const WINDOW_PASSED_ERROR = 'retry key window passed: not confirmed within 24 hours, not resent'

export type DeliveryRef = { id: string; tenantId: string; channelId: string }
export type DeliveryVia = 'multicast' | 'broadcast'

/** Every language variant of a delivery is a message array rendered once per process. */
export type PreparedDelivery = DeliveryRef & {
  via: DeliveryVia
  aggregationUnit: string | null
  client: LineClient
  messages: ReadonlyMap<string, messagingApi.Message[]>
}

export type ClaimedBatch = {
  deliveryId: string
  batchNo: number
  language: string
  lineUserIds: string[]
  size: number
  attempts: number
}

export type BatchOutcome =
  | { kind: 'sent'; requestId: string | null; httpStatus: number }
  | { kind: 'failed'; httpStatus: number | null; error: string }
  | { kind: 'retry'; error: string }

const rowsOf = <T>(result: unknown): T[] => result as T[]

/**
 * The scheduler's step: occurrences of recurring deliveries that are due become deliveries, then
 * every scheduled delivery whose time has come starts sending (one statement; see cancelDelivery).
 */
export async function startDueDeliveries({ db, now }: { db: Db; now: Date }): Promise<DeliveryRef[]> {
  await materializeDueSeries({ db, now })
  return db
    .update(deliveries)
    .set({ status: 'sending', startedAt: now, updatedAt: now })
    .where(and(eq(deliveries.status, 'scheduled'), sql`${deliveries.scheduledAt} <= ${now.toISOString()}`))
    .returning({ id: deliveries.id, tenantId: deliveries.tenantId, channelId: deliveries.channelId })
}

/** The deliveries being sent, oldest first (the pump works on these). */
export async function listSendingDeliveries(
  db: DbOrTx,
): Promise<(DeliveryRef & { via: DeliveryVia | null; isFrozen: boolean })[]> {
  const rows = await db
    .select({
      id: deliveries.id,
      tenantId: deliveries.tenantId,
      channelId: deliveries.channelId,
      via: deliveries.via,
      frozenAt: deliveries.frozenAt,
    })
    .from(deliveries)
    .where(eq(deliveries.status, 'sending'))
    .orderBy(deliveries.startedAt)
  return rows.map(({ frozenAt, via, ...r }) => ({
    ...r,
    via: via as DeliveryVia | null,
    isFrozen: frozenAt !== null,
  }))
}

/**
 * Decides how a started delivery goes out and snapshots its segment (name, filter, description as
 * they are when sending starts: a later edit of the segment changes nothing here). Idempotent: only
 * a delivery without `via` is touched. A segment delivery whose segment is gone fails.
 */
export async function decideDeliveryPath(db: Db, deliveryId: string, now: Date): Promise<DeliveryVia | null> {
  return db.transaction(async (tx) => {
    const [d] = await tx
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.id, deliveryId), eq(deliveries.status, 'sending')))
      .for('update')
    if (!d) return null
    if (d.via) return d.via as DeliveryVia
    const content = DeliveryContent.parse(d.content)
    const languages = variantLanguages(content)
    let snapshot: object | null = null
    if (d.target === 'segment') {
      const [segment] = d.segmentId
        ? await tx.select().from(segments).where(eq(segments.id, d.segmentId))
        : []
      if (!segment) {
        await tx
          .update(deliveries)
          .set({
            status: 'failed',
            failureReason: 'segment_missing',
            finishedAt: now,
            recipientCount: 0,
            updatedAt: now,
          })
          .where(eq(deliveries.id, d.id))
        return null
      }
      const filter = SegmentFilter.parse(segment.filter)
      const attributes = await loadAttributes(tx, d.tenantId, { includeDeleted: true })
      snapshot = {
        segmentId: segment.id,
        name: segment.name,
        filter,
        description: {
          ja: describeSegment(filter, attributes, 'ja'),
          en: describeSegment(filter, attributes, 'en'),
        },
      }
    }
    const via: DeliveryVia =
      d.target === 'all' && languages.length === 1 && languages[0] === 'ja' ? 'broadcast' : 'multicast'
    await tx
      .update(deliveries)
      .set({ via, segmentSnapshot: snapshot, updatedAt: now })
      .where(eq(deliveries.id, d.id))
    if (via === 'broadcast') {
      // One "batch" records the broadcast's outcome like any other; its size is the friends we know of.
      const [{ n } = { n: 0 }] = rowsOf<{ n: number }>(
        await tx.execute(
          sql`select count(*)::int as n from citizens c where c.channel_id = ${d.channelId} and c.status = 'following'`,
        ),
      )
      await tx
        .insert(deliveryBatches)
        .values({
          deliveryId: d.id,
          batchNo: 0,
          tenantId: d.tenantId,
          language: 'ja',
          lineUserIds: [],
          citizenIds: [],
          size: n,
        })
        .onConflictDoNothing()
      await tx
        .update(deliveries)
        .set({ recipientCount: n, frozenAt: now, updatedAt: now })
        .where(eq(deliveries.id, d.id))
    }
    return via
  })
}

/** Who a delivery goes to, as SQL over `citizens c` (followers only, always). */
function recipientsWhere(
  d: { tenantId: string; channelId: string; target: string; segmentSnapshot: unknown },
  at: Date,
) {
  const scope = { tenantId: d.tenantId, channelId: d.channelId }
  if (d.target === 'test') {
    return sql`(c.channel_id = ${d.channelId} and c.tenant_id = ${d.tenantId} and c.status = 'following'
      and exists (select 1 from channel_test_devices t where t.citizen_id = c.id and t.channel_id = c.channel_id))`
  }
  if (d.target === 'segment') {
    const filter = SegmentFilter.parse((d.segmentSnapshot as { filter?: unknown } | null)?.filter)
    return segmentWhere(filter, scope, at)
  }
  return segmentWhere({ version: 1, op: 'and', groups: [] } as SegmentFilter, scope, at)
}

export type FreezeResult =
  /** Another worker holds the delivery (freezing a chunk), or it is not sending any more. */
  { state: 'busy' | 'done' } | { state: 'chunk'; recipients: number; batches: number; isFrozen: boolean }

/**
 * Freezes the next chunk of a multicast delivery's recipients (see the top of this file). The
 * delivery row is locked (SKIP LOCKED) for the transaction, so chunks of one delivery are frozen
 * one at a time across all workers, each exactly once.
 */
export async function freezeDeliveryChunk({
  db,
  deliveryId,
  chunkSize = DEFAULT_FREEZE_CHUNK,
  now,
}: {
  db: Db
  deliveryId: string
  chunkSize?: number
  now: Date
}): Promise<FreezeResult> {
  const size = Math.max(BATCH_SIZE, Math.ceil(chunkSize / BATCH_SIZE) * BATCH_SIZE)
  return db.transaction(async (tx) => {
    const [d] = await tx
      .select()
      .from(deliveries)
      .where(eq(deliveries.id, deliveryId))
      .for('update', { skipLocked: true })
    if (!d) return { state: 'busy' }
    if (d.status !== 'sending' || d.frozenAt !== null || d.via !== 'multicast') return { state: 'done' }
    const languages = variantLanguages(DeliveryContent.parse(d.content))
    const where = recipientsWhere(d, d.startedAt ?? now)
    const [last] = rowsOf<{ n: number | null }>(
      await tx.execute(sql`select max(batch_no) as n from delivery_batches where delivery_id = ${d.id}`),
    )
    const base = last?.n ?? 0
    const [chunk] = rowsOf<{ picked: number; last_uid: string | null; batches: number }>(
      await tx.execute(sql`
        with picked as materialized (
          select c.id, c.line_user_id,
                 case when c.language = any(${pgTextArray(languages)}::text[]) then c.language else 'ja' end as lang
          from citizens c
          where ${where} and c.line_user_id > ${d.freezeCursor ?? ''}
          order by c.line_user_id
          limit ${size}
        ), grouped as (
          select lang, array_agg(line_user_id order by line_user_id) as uids,
                 array_agg(id order by line_user_id) as cids, count(*)::int as n, min(line_user_id) as first_uid
          from (select *, (row_number() over (partition by lang order by line_user_id) - 1) / ${BATCH_SIZE} as grp
                from picked) numbered
          group by lang, grp
        ), inserted as (
          insert into delivery_batches (delivery_id, batch_no, tenant_id, language, line_user_ids, citizen_ids, size)
          select ${d.id}, ${base} + row_number() over (order by first_uid), ${d.tenantId}, lang, uids, cids, n
          from grouped
          returning 1
        )
        select (select count(*)::int from picked) as picked,
               (select max(line_user_id) from picked) as last_uid,
               (select count(*)::int from inserted) as batches`),
    )
    const picked = chunk?.picked ?? 0
    const isFrozen = picked < size
    await tx
      .update(deliveries)
      .set({
        freezeCursor: chunk?.last_uid ?? d.freezeCursor,
        recipientCount: (d.recipientCount ?? 0) + picked,
        ...(isFrozen ? { frozenAt: now } : {}),
      })
      .where(eq(deliveries.id, d.id))
    return { state: 'chunk', recipients: picked, batches: chunk?.batches ?? 0, isFrozen }
  })
}

function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`
}

/**
 * Claims up to `limit` open batches of a delivery: pending ones, and those whose lease ran out (a
 * worker died or gave up on them). Each claim counts an attempt and holds a lease; a batch past the
 * resend cutoff is left for expireStaleBatches.
 */
export async function claimDeliveryBatches({
  db,
  deliveryId,
  limit,
  leaseMs = DEFAULT_LEASE_MS,
  now,
}: {
  db: DbOrTx
  deliveryId: string
  limit: number
  leaseMs?: number
  now: Date
}): Promise<ClaimedBatch[]> {
  const lease = new Date(now.getTime() + leaseMs)
  const cutoff = new Date(now.getTime() - RESEND_CUTOFF_MS)
  const rows = rowsOf<{
    batch_no: number
    language: string
    line_user_ids: string[]
    size: number
    attempts: number
  }>(
    await db.execute(sql`
      update delivery_batches b
      set status = 'sending', attempts = b.attempts + 1, lease_until = ${lease.toISOString()}::timestamptz,
          first_attempt_at = coalesce(b.first_attempt_at, ${now.toISOString()}::timestamptz)
      from (
        select batch_no from delivery_batches
        where delivery_id = ${deliveryId} and status in ('pending', 'sending')
          and (lease_until is null or lease_until < ${now.toISOString()})
          and (first_attempt_at is null or first_attempt_at > ${cutoff.toISOString()})
        order by batch_no
        limit ${limit}
        for update skip locked
      ) due
      where b.delivery_id = ${deliveryId} and b.batch_no = due.batch_no
      returning b.batch_no, b.language, b.line_user_ids, b.size, b.attempts`),
  )
  return rows.map((r) => ({
    deliveryId,
    batchNo: r.batch_no,
    language: r.language,
    lineUserIds: r.line_user_ids,
    size: r.size,
    attempts: r.attempts,
  }))
}

/**
 * Batches not confirmed within the retry-key window (less the margin) are failed, never resent:
 * LINE may have delivered them and would no longer recognise the key (a person decides).
 */
export async function expireStaleBatches({
  db,
  deliveryId,
  now,
}: {
  db: DbOrTx
  deliveryId: string
  now: Date
}): Promise<number> {
  const cutoff = new Date(now.getTime() - RESEND_CUTOFF_MS)
  const rows = await db
    .update(deliveryBatches)
    .set({ status: 'failed', error: WINDOW_PASSED_ERROR, leaseUntil: null })
    .where(
      and(
        eq(deliveryBatches.deliveryId, deliveryId),
        inArray(deliveryBatches.status, ['pending', 'sending']),
        sql`${deliveryBatches.firstAttemptAt} <= ${cutoff.toISOString()}`,
        sql`(${deliveryBatches.leaseUntil} is null or ${deliveryBatches.leaseUntil} < ${now.toISOString()})`,
      ),
    )
    .returning({ batchNo: deliveryBatches.batchNo })
  return rows.length
}

/**
 * Everything a worker needs to send a delivery's batches: the channel's LINE client and the
 * messages of each language, rendered once. Null when the delivery is not sending or the channel
 * has no access token (it waits until staff set one).
 */
export async function prepareDelivery({
  db,
  secrets,
  lineClient = defaultLineClientFactory,
  publicBaseUrl,
  deliveryId,
}: {
  db: Db
  secrets: SecretBox
  lineClient?: LineClientFactory
  publicBaseUrl: string
  deliveryId: string
}): Promise<PreparedDelivery | null> {
  const [d] = await db.select().from(deliveries).where(eq(deliveries.id, deliveryId))
  if (d?.status !== 'sending' || !d.via) return null
  const channel = await loadChannelLine(db, secrets, d.channelId)
  const client = channel ? lineClient(channel) : null
  if (!channel || !client) return null
  const content = DeliveryContent.parse(d.content)
  const imageIds = contentImageIds(content)
  const images =
    imageIds.length === 0
      ? []
      : await db
          .select({ id: deliveryImages.id, width: deliveryImages.width, height: deliveryImages.height })
          .from(deliveryImages)
          .where(inArray(deliveryImages.id, imageIds))
  const env = {
    publicBaseUrl,
    liffId: channel.liffId,
    channelId: d.channelId,
    images: new Map(images.map((i) => [i.id, { width: i.width, height: i.height }])),
  }
  const messages = new Map(variantLanguages(content).map((l) => [l, renderMessages(content, l, env)]))
  return {
    id: d.id,
    tenantId: d.tenantId,
    channelId: d.channelId,
    via: d.via as DeliveryVia,
    aggregationUnit: d.aggregationUnit,
    client,
    messages,
  }
}

/** Sends one claimed batch (always with its retry key) and classifies the answer. Never throws. */
export async function sendDeliveryBatch(
  delivery: PreparedDelivery,
  batch: ClaimedBatch,
): Promise<BatchOutcome> {
  const messages = delivery.messages.get(batch.language) ?? delivery.messages.get('ja')
  if (!messages) return { kind: 'failed', httpStatus: null, error: 'no messages for the language' }
  const retryKey = deliveryRetryKey(delivery.id, batch.batchNo)
  const units = delivery.aggregationUnit ? { customAggregationUnits: [delivery.aggregationUnit] } : {}
  try {
    let result: SendResult
    if (delivery.via === 'broadcast') {
      result = await delivery.client.broadcast({ messages }, { retryKey })
    } else {
      if (batch.lineUserIds.length === 0) return { kind: 'sent', requestId: null, httpStatus: 200 }
      result = await delivery.client.multicast({ to: batch.lineUserIds, messages, ...units }, { retryKey })
    }
    return {
      kind: 'sent',
      requestId: result.requestId,
      httpStatus: result.status === 'already-accepted' ? 409 : 200,
    }
  } catch (error) {
    return classifyFailure(error)
  }
}

function classifyFailure(error: unknown): BatchOutcome {
  const message = error instanceof Error ? error.message : String(error)
  if (!(error instanceof LineApiError)) return { kind: 'retry', error: message }
  switch (error.code) {
    case 'rate_limited':
    case 'server_error':
    case 'timeout':
    case 'network':
    // A rejected token is fixed by staff in the channel settings; the batch waits until then.
    case 'unauthorized':
      return { kind: 'retry', error: message }
    default:
      // LINE refused the request itself (invalid recipients or messages, the month's quota used
      // up, forbidden): the same request would be refused again. Recorded; a person decides.
      return { kind: 'failed', httpStatus: error.status, error: message.slice(0, 2000) }
  }
}

/** Backoff of a batch that will be tried again: 5 s, 10 s, 20 s … at most 5 minutes. */
export function retryDelayMs(attempts: number, baseMs = 5_000): number {
  return Math.min(baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 16), 300_000)
}

/**
 * Records a batch's outcome, only if this worker's claim still holds (same attempt, still
 * `sending`): a worker whose lease ran out while it waited on LINE changes nothing.
 */
export async function recordBatchOutcome({
  db,
  batch,
  outcome,
  now,
  retryBaseMs,
}: {
  db: DbOrTx
  batch: ClaimedBatch
  outcome: BatchOutcome
  now: Date
  retryBaseMs?: number
}): Promise<void> {
  const values =
    outcome.kind === 'sent'
      ? {
          status: 'sent' as const,
          sentAt: now,
          lineRequestId: outcome.requestId,
          httpStatus: outcome.httpStatus,
          error: null,
          leaseUntil: null,
        }
      : outcome.kind === 'failed'
        ? {
            status: 'failed' as const,
            httpStatus: outcome.httpStatus,
            error: outcome.error,
            leaseUntil: null,
          }
        : {
            status: 'pending' as const,
            error: outcome.error.slice(0, 2000),
            leaseUntil: new Date(now.getTime() + retryDelayMs(batch.attempts, retryBaseMs)),
          }
  await db
    .update(deliveryBatches)
    .set(values)
    .where(
      and(
        eq(deliveryBatches.deliveryId, batch.deliveryId),
        eq(deliveryBatches.batchNo, batch.batchNo),
        eq(deliveryBatches.status, 'sending'),
        eq(deliveryBatches.attempts, batch.attempts),
      ),
    )
}

export type DeliveryProgress = {
  total: number
  sent: number
  failed: number
  pending: number
  batches: number
}

/** Recipients by batch state (from the batches; `total` is what is frozen so far). */
export async function deliveryBatchProgress(db: DbOrTx, deliveryId: string): Promise<DeliveryProgress> {
  const [row] = rowsOf<{ total: number; sent: number; failed: number; batches: number }>(
    await db.execute(sql`
      select coalesce(sum(size), 0)::int as total,
             coalesce(sum(size) filter (where status = 'sent'), 0)::int as sent,
             coalesce(sum(size) filter (where status = 'failed'), 0)::int as failed,
             count(*)::int as batches
      from delivery_batches where delivery_id = ${deliveryId}`),
  )
  const total = row?.total ?? 0
  const sent = row?.sent ?? 0
  const failed = row?.failed ?? 0
  return { total, sent, failed, pending: total - sent - failed, batches: row?.batches ?? 0 }
}

/**
 * Ends a delivery once it is frozen and no batch is open: `sent` when every batch went out,
 * `failed` when none did (or there was nobody to send to), else `partially_failed`. Returns the new
 * status, or null while it is not finished.
 */
export async function finishDeliveryIfDone({
  db,
  deliveryId,
  now,
}: {
  db: DbOrTx
  deliveryId: string
  now: Date
}): Promise<string | null> {
  const [row] = rowsOf<{ status: string }>(
    await db.execute(sql`
      update deliveries d
      set status = (case
            when s.batches = 0 then 'failed'
            when s.failed = 0 then 'sent'
            when s.sent = 0 then 'failed'
            else 'partially_failed' end)::delivery_status,
          failure_reason = case
            when s.batches = 0 then 'no_recipients'
            when s.failed = 0 then null
            else 'batches_failed' end,
          finished_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
      from (
        select count(*) filter (where status = 'sent')::int as sent,
               count(*) filter (where status = 'failed')::int as failed,
               count(*) filter (where status in ('pending', 'sending'))::int as open,
               count(*)::int as batches
        from delivery_batches where delivery_id = ${deliveryId}
      ) s
      where d.id = ${deliveryId} and d.status = 'sending' and d.frozen_at is not null and s.open = 0
      returning d.status`),
  )
  return row?.status ?? null
}
