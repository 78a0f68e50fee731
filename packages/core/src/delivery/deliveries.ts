import { randomUUID } from 'node:crypto'
import type { DbOrTx } from '@kairan/db'
import {
  channelTestDevices,
  citizens,
  deliveries,
  deliveryImages,
  deliverySeries,
  deliveryStatSamples,
  forms,
  segments,
} from '@kairan/db/schema'
import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { z } from 'zod'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { requireTenantChannel } from '../channels/channel-scope.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { Conflict, Invalid, NotFound } from '../errors.ts'
import { loadDeliverySettings } from '../onboarding/delivery-settings.ts'
import { loadAttributes } from '../segments/attributes.ts'
import { countSegmentIn } from '../segments/count-segment.ts'
import { describeSegment } from '../segments/describe-segment.ts'
import { SegmentFilter } from '../segments/filter.ts'
import { loadFormTitles } from '../segments/segments.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { DeliveryContent } from './content.ts'
import { deliveryBatchProgress } from './fanout.ts'
import {
  describeRecurrence,
  firstOccurrenceFrom,
  nextOccurrences,
  RecurrenceSpec,
  specFromRRule,
  toRRule,
} from './recurrence.ts'
import { contentImageIds, variantLanguages } from './render.ts'

/**
 * SEG-7, SEG-8, SEG-9: deliveries staff compose, schedule, cancel and test, and recurring series.
 * Status: draft → scheduled → sending (the worker, H4's fan-out) → sent / partially_failed /
 * failed; draft or scheduled → cancelled. Every change that races the worker is ONE conditional
 * UPDATE (`… where status in ('draft','scheduled')`): the worker starts a delivery with
 * `update … set status = 'sending' where status = 'scheduled' and scheduled_at <= now()`, so
 * exactly one of the two wins and the loser sees zero rows.
 */

export type DeliveryRow = typeof deliveries.$inferSelect
export type DeliverySeriesRow = typeof deliverySeries.$inferSelect
export type DeliveryTarget = DeliveryRow['target']
export type DeliveryStatus = DeliveryRow['status']

const EMPTY_FILTER: SegmentFilter = { version: 1, op: 'and', groups: [] }
const EDITABLE: DeliveryStatus[] = ['draft', 'scheduled']

// --- inputs ---------------------------------------------------------------------------------

const title = z.string().trim().min(1, { error: 'errors.required' }).max(100, { error: 'errors.too_long' })
const target = z.enum(['all', 'segment', 'test'])
const segmentRef = z.uuid().nullish()

const targetFields = { target, segmentId: segmentRef }
const requireSegmentWhenTargeted = <T extends { target: string; segmentId?: string | null }>(v: T) =>
  v.target !== 'segment' || !!v.segmentId

export const CreateDeliveryInput = z
  .object({ channelId: z.uuid(), title, content: DeliveryContent, ...targetFields })
  .refine(requireSegmentWhenTargeted, { error: 'errors.segment_required', path: ['segmentId'] })
export type CreateDeliveryInput = z.input<typeof CreateDeliveryInput>

export const UpdateDeliveryInput = z
  .object({
    id: z.uuid(),
    revision: z.number().int().min(1),
    title,
    content: DeliveryContent,
    ...targetFields,
  })
  .refine(requireSegmentWhenTargeted, { error: 'errors.segment_required', path: ['segmentId'] })
export type UpdateDeliveryInput = z.input<typeof UpdateDeliveryInput>

export const DeliveryIdInput = z.object({ id: z.uuid() })
export type DeliveryIdInput = z.input<typeof DeliveryIdInput>

export const PreviewRecipientsInput = z
  .object({ channelId: z.uuid(), ...targetFields })
  .refine(requireSegmentWhenTargeted, { error: 'errors.segment_required', path: ['segmentId'] })
export type PreviewRecipientsInput = z.input<typeof PreviewRecipientsInput>

export const DeliveryWhen = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('now') }),
  z.object({ kind: z.literal('at'), at: z.iso.datetime({ offset: true }) }),
])
export type DeliveryWhen = z.infer<typeof DeliveryWhen>

export const ScheduleDeliveryInput = z.object({
  id: z.uuid(),
  revision: z.number().int().min(1),
  when: DeliveryWhen,
  confirmedRecipientCount: z.number().int().min(0).nullish(),
})
export type ScheduleDeliveryInput = z.input<typeof ScheduleDeliveryInput>

export const CreateSeriesInput = z
  .object({
    channelId: z.uuid(),
    title,
    content: DeliveryContent,
    ...targetFields,
    recurrence: RecurrenceSpec,
    confirmedRecipientCount: z.number().int().min(0).nullish(),
  })
  .refine(requireSegmentWhenTargeted, { error: 'errors.segment_required', path: ['segmentId'] })
export type CreateSeriesInput = z.input<typeof CreateSeriesInput>

export const UpdateSeriesInput = z
  .object({
    id: z.uuid(),
    title,
    content: DeliveryContent,
    ...targetFields,
    recurrence: RecurrenceSpec,
    confirmedRecipientCount: z.number().int().min(0).nullish(),
  })
  .refine(requireSegmentWhenTargeted, { error: 'errors.segment_required', path: ['segmentId'] })
export type UpdateSeriesInput = z.input<typeof UpdateSeriesInput>

export const ListSeriesInput = z.object({ channelId: z.uuid(), includeStopped: z.boolean().optional() })
export type ListSeriesInput = z.input<typeof ListSeriesInput>

// --- shared helpers -------------------------------------------------------------------------

/** A delivery of this tenant (optionally locked), or not_found. */
export async function requireTenantDelivery(
  db: DbOrTx,
  tenantId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<DeliveryRow> {
  const query = db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.id, id), eq(deliveries.tenantId, tenantId)))
  const [row] = options.lock ? await query.for('update') : await query
  if (!row) throw new NotFound('errors.not_found')
  return row
}

async function requireTenantSeries(db: DbOrTx, tenantId: string, id: string): Promise<DeliverySeriesRow> {
  const [row] = await db
    .select()
    .from(deliverySeries)
    .where(and(eq(deliverySeries.id, id), eq(deliverySeries.tenantId, tenantId)))
  if (!row) throw new NotFound('errors.not_found')
  return row
}

/** LINE allows unit names of up to 30 characters `[a-zA-Z0-9_]`: `d_`/`s_` and 28 hex digits. */
export function aggregationUnitFor(kind: 'delivery' | 'series', id: string): string {
  return `${kind === 'delivery' ? 'd' : 's'}_${id.replace(/-/g, '').slice(0, 28)}`
}

/**
 * What staff composed may only point at this channel's images, this tenant's forms and a live
 * segment of this channel: a copied id from another city is refused, not sent.
 */
async function checkReferences(
  db: DbOrTx,
  tenantId: string,
  channelId: string,
  content: DeliveryContent,
  targetKind: DeliveryTarget,
  segmentId: string | null | undefined,
) {
  const imageIds = contentImageIds(content)
  if (imageIds.length > 0) {
    const found = await db
      .select({ id: deliveryImages.id })
      .from(deliveryImages)
      .where(and(inArray(deliveryImages.id, imageIds), eq(deliveryImages.channelId, channelId)))
    if (found.length !== imageIds.length)
      throw new Invalid('errors.delivery_image_missing', { content: 'image' })
  }
  const formIds = [
    ...new Set(
      content.messages.flatMap((m) =>
        m.type === 'card'
          ? m.buttons.flatMap((b) => (b.action.kind === 'form' ? [b.action.formId] : []))
          : [],
      ),
    ),
  ]
  if (formIds.length > 0) {
    const found = await db
      .select({ id: forms.id })
      .from(forms)
      .where(and(inArray(forms.id, formIds), eq(forms.tenantId, tenantId)))
    if (found.length !== formIds.length) throw new Invalid('errors.form_not_found', { content: 'form' })
  }
  if (targetKind === 'segment') {
    const [segment] = await db
      .select({ id: segments.id, archivedAt: segments.archivedAt })
      .from(segments)
      .where(
        and(eq(segments.id, segmentId!), eq(segments.channelId, channelId), eq(segments.tenantId, tenantId)),
      )
    if (!segment) throw new Invalid('errors.segment_required', { segmentId: 'not_found' })
    if (segment.archivedAt) throw new Invalid('errors.segment_archived', { segmentId: 'archived' })
  }
}

/** The channel's confirmation threshold (SEG-8). */
async function confirmThreshold(db: DbOrTx, channelId: string): Promise<number> {
  return (await loadDeliverySettings(db, channelId)).confirmThreshold
}

/** Following test devices of the channel (SEG-7). */
async function countTestDevices(db: DbOrTx, channelId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(channelTestDevices)
    .innerJoin(citizens, eq(citizens.id, channelTestDevices.citizenId))
    .where(and(eq(channelTestDevices.channelId, channelId), eq(citizens.status, 'following')))
  return row?.n ?? 0
}

/** How many residents a target reaches now (for previews and the confirmation check). */
export async function countRecipients(
  db: DbOrTx,
  scope: { tenantId: string; channelId: string },
  targetKind: DeliveryTarget,
  segmentId: string | null | undefined,
): Promise<number> {
  if (targetKind === 'test') return countTestDevices(db, scope.channelId)
  let filter = EMPTY_FILTER
  if (targetKind === 'segment') {
    const [segment] = await db
      .select({ filter: segments.filter })
      .from(segments)
      .where(and(eq(segments.id, segmentId!), eq(segments.tenantId, scope.tenantId)))
    if (!segment) throw new Invalid('errors.segment_required', { segmentId: 'not_found' })
    filter = SegmentFilter.parse(segment.filter)
  }
  return (await countSegmentIn(db, scope, filter)).count
}

/**
 * SEG-8: above the threshold the staff member must have seen (and typed or ticked) the count.
 * Residents follow and unfollow between the preview and the click, so a small drift (1 % + 5) is
 * accepted; more and the new count is shown for a fresh confirmation.
 */
function checkConfirmation(countNow: number, threshold: number, confirmed: number | null | undefined) {
  if (countNow <= threshold) return
  if (confirmed === null || confirmed === undefined) {
    throw new Conflict('errors.delivery_confirmation_required', { count: countNow, threshold })
  }
  if (Math.abs(confirmed - countNow) > Math.ceil(countNow * 0.01) + 5) {
    throw new Conflict('errors.delivery_recipients_changed', { count: countNow, confirmed })
  }
}

function assertContentSendable(content: unknown): DeliveryContent {
  const parsed = DeliveryContent.safeParse(content)
  if (!parsed.success) throw new Invalid('errors.invalid_input', { content: 'invalid' })
  return parsed.data
}

/**
 * The segment as it is now, for `deliveries.segment_snapshot` (SEG-5: a delivery keeps showing the
 * names and labels it was sent with, after attributes or the segment change). H4's freeze stores it.
 */
export async function buildSegmentSnapshot(db: DbOrTx, tenantId: string, segmentId: string | null) {
  if (!segmentId) return null
  const [segment] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.id, segmentId), eq(segments.tenantId, tenantId)))
  if (!segment) return null
  const filter = SegmentFilter.parse(segment.filter)
  const attributes = await loadAttributes(db, tenantId, { includeDeleted: true })
  const formTitles = await loadFormTitles(db, tenantId)
  return {
    id: segment.id,
    name: segment.name,
    filter,
    description: {
      ja: describeSegment(filter, attributes, 'ja', formTitles),
      en: describeSegment(filter, attributes, 'en', formTitles),
    },
  }
}
export type SegmentSnapshot = NonNullable<Awaited<ReturnType<typeof buildSegmentSnapshot>>>

// --- verbs: deliveries ----------------------------------------------------------------------

/** A new draft (SEG-8). */
export async function createDelivery({ ctx, input }: { ctx: Ctx; input: CreateDeliveryInput }) {
  requirePermission(ctx, 'deliveries.manage')
  const d = CreateDeliveryInput.parse(input)
  const tenantId = ctx.actor.tenantId
  await requireTenantChannel(ctx.db, tenantId, d.channelId)
  return withTransaction(ctx, async (tx) => {
    await checkReferences(tx, tenantId, d.channelId, d.content, d.target, d.segmentId)
    const [row] = await tx
      .insert(deliveries)
      .values({
        tenantId,
        channelId: d.channelId,
        title: d.title,
        content: d.content,
        target: d.target,
        segmentId: d.target === 'segment' ? d.segmentId! : null,
        createdByStaffUserId: ctx.actor.userId,
        updatedByStaffUserId: ctx.actor.userId,
      })
      .returning({ id: deliveries.id, revision: deliveries.revision })
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'delivery.create',
      targetType: 'delivery',
      targetId: row!.id,
      detail: { title: d.title, target: d.target, segmentId: d.segmentId ?? null },
    })
    return row!
  })
}

/**
 * Saves an edit of a draft or scheduled delivery. Refused when someone saved in between (stale
 * revision) or sending has started. A scheduled delivery goes back to draft: what was confirmed
 * (content, recipients) has changed, so it is scheduled again with a fresh confirmation.
 */
export async function updateDelivery({ ctx, input }: { ctx: Ctx; input: UpdateDeliveryInput }) {
  requirePermission(ctx, 'deliveries.manage')
  const d = UpdateDeliveryInput.parse(input)
  const tenantId = ctx.actor.tenantId
  return withTransaction(ctx, async (tx) => {
    const before = await requireTenantDelivery(tx, tenantId, d.id)
    await checkReferences(tx, tenantId, before.channelId, d.content, d.target, d.segmentId)
    const [row] = await tx
      .update(deliveries)
      .set({
        title: d.title,
        content: d.content,
        target: d.target,
        segmentId: d.target === 'segment' ? d.segmentId! : null,
        status: 'draft',
        confirmedRecipientCount: null,
        aggregationUnit: null,
        revision: sql`${deliveries.revision} + 1`,
        updatedByStaffUserId: ctx.actor.userId,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(deliveries.id, d.id),
          eq(deliveries.revision, d.revision),
          inArray(deliveries.status, EDITABLE),
          isNull(deliveries.seriesId),
        ),
      )
      .returning({ id: deliveries.id, revision: deliveries.revision, status: deliveries.status })
    if (!row) throw editConflict(before, d.revision)
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'delivery.update',
      targetType: 'delivery',
      targetId: d.id,
      detail: {
        title: d.title,
        target: d.target,
        segmentId: d.segmentId ?? null,
        statusBefore: before.status,
      },
    })
    return row
  })
}

function editConflict(before: DeliveryRow, revision: number) {
  if (before.seriesId) return new Conflict('errors.delivery_is_occurrence')
  if (!EDITABLE.includes(before.status))
    return new Conflict('errors.delivery_already_started', { status: before.status })
  return new Conflict('errors.stale_revision', { revision: before.revision, yours: revision })
}

/** "Who would get it": the count now, the threshold, and whether sending needs a confirmation. */
export async function previewDeliveryRecipients({ ctx, input }: { ctx: Ctx; input: PreviewRecipientsInput }) {
  requirePermission(ctx, 'deliveries.manage')
  const p = PreviewRecipientsInput.parse(input)
  const scope = { tenantId: ctx.actor.tenantId, channelId: p.channelId }
  await requireTenantChannel(ctx.db, scope.tenantId, p.channelId)
  const [recipients, threshold] = await Promise.all([
    countRecipients(ctx.db, scope, p.target, p.segmentId),
    confirmThreshold(ctx.db, p.channelId),
  ])
  return { count: recipients, threshold, needsConfirmation: p.target !== 'test' && recipients > threshold }
}

/**
 * Schedules a draft now or at a time (SEG-8). Above the channel's threshold the confirmed count
 * must match the current one (1 % + 5). Sets the aggregation unit the statistics use (SEG-10).
 */
export async function scheduleDelivery({ ctx, input }: { ctx: Ctx; input: ScheduleDeliveryInput }) {
  requirePermission(ctx, 'deliveries.manage')
  const s = ScheduleDeliveryInput.parse(input)
  const tenantId = ctx.actor.tenantId
  const now = new Date()
  const at = s.when.kind === 'now' ? now : new Date(s.when.at)
  if (s.when.kind === 'at' && at.getTime() <= now.getTime()) {
    throw new Invalid('errors.delivery_time_past', { when: 'past' })
  }
  return withTransaction(ctx, async (tx) => {
    const before = await requireTenantDelivery(tx, tenantId, s.id)
    const content = assertContentSendable(before.content)
    await checkReferences(tx, tenantId, before.channelId, content, before.target, before.segmentId)
    const scope = { tenantId, channelId: before.channelId }
    const recipients = await countRecipients(tx, scope, before.target, before.segmentId)
    if (before.target === 'test') {
      if (recipients === 0) throw new Conflict('errors.delivery_no_test_devices')
    } else {
      checkConfirmation(recipients, await confirmThreshold(tx, before.channelId), s.confirmedRecipientCount)
    }
    const [row] = await tx
      .update(deliveries)
      .set({
        status: 'scheduled',
        scheduledAt: s.when.kind === 'now' ? sql`now()` : at,
        aggregationUnit: before.target === 'test' ? null : aggregationUnitFor('delivery', before.id),
        confirmedRecipientCount: s.confirmedRecipientCount ?? null,
        revision: sql`${deliveries.revision} + 1`,
        updatedByStaffUserId: ctx.actor.userId,
        updatedAt: now,
      })
      .where(
        and(
          eq(deliveries.id, s.id),
          eq(deliveries.revision, s.revision),
          inArray(deliveries.status, EDITABLE),
          isNull(deliveries.seriesId),
        ),
      )
      .returning({
        id: deliveries.id,
        revision: deliveries.revision,
        status: deliveries.status,
        scheduledAt: deliveries.scheduledAt,
      })
    if (!row) throw editConflict(before, s.revision)
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'delivery.schedule',
      targetType: 'delivery',
      targetId: s.id,
      detail: {
        when: s.when.kind,
        scheduledAt: row.scheduledAt?.toISOString() ?? null,
        recipientCount: recipients,
        confirmedRecipientCount: s.confirmedRecipientCount ?? null,
        languages: variantLanguages(content),
      },
    })
    return { ...row, recipientCount: recipients }
  })
}

/**
 * Cancels a draft or scheduled delivery: ONE conditional statement, so it cannot interleave with
 * the worker's start. Zero rows means sending has started (or it was already finished/cancelled).
 */
export async function cancelDelivery({ ctx, input }: { ctx: Ctx; input: DeliveryIdInput }) {
  requirePermission(ctx, 'deliveries.manage')
  const { id } = DeliveryIdInput.parse(input)
  const tenantId = ctx.actor.tenantId
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx
      .update(deliveries)
      .set({
        status: 'cancelled',
        cancelledAt: sql`now()`,
        cancelledByStaffUserId: ctx.actor.userId,
        updatedAt: sql`now()`,
      })
      .where(
        and(eq(deliveries.id, id), eq(deliveries.tenantId, tenantId), inArray(deliveries.status, EDITABLE)),
      )
      .returning({ id: deliveries.id, status: deliveries.status, title: deliveries.title })
    if (!row) {
      const current = await requireTenantDelivery(tx, tenantId, id)
      throw new Conflict('errors.delivery_already_started', { status: current.status })
    }
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'delivery.cancel',
      targetType: 'delivery',
      targetId: id,
      detail: { title: row.title },
    })
    return { id: row.id, status: row.status }
  })
}

/**
 * "テスト送信" (SEG-7): a NEW delivery with the same content to the channel's test devices only,
 * scheduled now, without an aggregation unit (never in statistics). `id` is a delivery or a series.
 */
export async function sendTestDelivery({ ctx, input }: { ctx: Ctx; input: DeliveryIdInput }) {
  requirePermission(ctx, 'deliveries.manage')
  const { id } = DeliveryIdInput.parse(input)
  const tenantId = ctx.actor.tenantId
  return withTransaction(ctx, async (tx) => {
    const [fromDelivery] = await tx
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.id, id), eq(deliveries.tenantId, tenantId)))
    const source = fromDelivery ?? (await requireTenantSeries(tx, tenantId, id))
    const content = assertContentSendable(source.content)
    await checkReferences(tx, tenantId, source.channelId, content, 'test', null)
    const devices = await countTestDevices(tx, source.channelId)
    if (devices === 0) throw new Conflict('errors.delivery_no_test_devices')
    const testTitle = `[テスト] ${source.title.replace(/^\[テスト\] /, '')}`.slice(0, 120)
    const [row] = await tx
      .insert(deliveries)
      .values({
        tenantId,
        channelId: source.channelId,
        title: testTitle,
        content,
        target: 'test',
        status: 'scheduled',
        scheduledAt: sql`now()`,
        aggregationUnit: null,
        createdByStaffUserId: ctx.actor.userId,
        updatedByStaffUserId: ctx.actor.userId,
      })
      .returning({ id: deliveries.id, status: deliveries.status })
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'delivery.test_send',
      targetType: 'delivery',
      targetId: row!.id,
      detail: { sourceId: id, recipientCount: devices },
    })
    return { ...row!, recipientCount: devices }
  })
}

/** A new draft with the same title, content and target (any status may be copied). */
export async function duplicateDelivery({ ctx, input }: { ctx: Ctx; input: DeliveryIdInput }) {
  requirePermission(ctx, 'deliveries.manage')
  const { id } = DeliveryIdInput.parse(input)
  const tenantId = ctx.actor.tenantId
  return withTransaction(ctx, async (tx) => {
    const source = await requireTenantDelivery(tx, tenantId, id)
    const isTest = source.target === 'test' && source.title.startsWith('[テスト] ')
    const [row] = await tx
      .insert(deliveries)
      .values({
        tenantId,
        channelId: source.channelId,
        title: `${isTest ? source.title.slice('[テスト] '.length) : source.title}（コピー）`.slice(0, 120),
        content: source.content,
        target: source.target,
        segmentId: source.segmentId,
        createdByStaffUserId: ctx.actor.userId,
        updatedByStaffUserId: ctx.actor.userId,
      })
      .returning({ id: deliveries.id, revision: deliveries.revision })
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'delivery.duplicate',
      targetType: 'delivery',
      targetId: row!.id,
      detail: { sourceId: id },
    })
    return row!
  })
}

/** Deletes a draft (never a delivery that was scheduled or sent: those stay in the history). */
export async function deleteDraft({ ctx, input }: { ctx: Ctx; input: DeliveryIdInput }) {
  requirePermission(ctx, 'deliveries.manage')
  const { id } = DeliveryIdInput.parse(input)
  const tenantId = ctx.actor.tenantId
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx
      .delete(deliveries)
      .where(and(eq(deliveries.id, id), eq(deliveries.tenantId, tenantId), eq(deliveries.status, 'draft')))
      .returning({ id: deliveries.id, title: deliveries.title })
    if (!row) {
      const current = await requireTenantDelivery(tx, tenantId, id)
      throw new Conflict('errors.delivery_not_draft', { status: current.status })
    }
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'delivery.delete',
      targetType: 'delivery',
      targetId: id,
      detail: { title: row.title },
    })
    return { id }
  })
}

/** Sent / failed / open recipients of a delivery, from its frozen batches, with the ETA. */
async function progressOf(db: DbOrTx, delivery: DeliveryRow, now = new Date()) {
  const { total: batched, sent, failed } = await deliveryBatchProgress(db, delivery.id)
  const total = Math.max(delivery.recipientCount ?? 0, batched)
  const pending = Math.max(total - sent - failed, 0)
  let etaSeconds: number | null = null
  if (delivery.status === 'sending' && delivery.startedAt && sent + failed > 0 && pending > 0) {
    const elapsed = Math.max((now.getTime() - delivery.startedAt.getTime()) / 1000, 0.001)
    etaSeconds = Math.ceil(pending / ((sent + failed) / elapsed))
  } else if (delivery.status === 'sending' && pending === 0 && delivery.frozenAt) {
    etaSeconds = 0
  }
  return { total, sent, failed, pending, isFrozen: delivery.frozenAt !== null, etaSeconds }
}

/** Open/click rates from LINE's unique counts over our delivered count (null until known). */
export function statsView(stats: unknown, delivered: number) {
  if (!stats || typeof stats !== 'object') return null
  const s = stats as {
    delivered?: number | null
    uniqueImpression?: number | null
    uniqueClick?: number | null
  }
  const base = s.delivered ?? delivered
  const rate = (n: number | null | undefined) =>
    n === null || n === undefined || base <= 0 ? null : n / base
  return {
    delivered: base,
    uniqueImpression: s.uniqueImpression ?? null,
    uniqueClick: s.uniqueClick ?? null,
    openRate: rate(s.uniqueImpression),
    clickRate: rate(s.uniqueClick),
  }
}

/** Who a delivery goes to, in words (ja and en): the snapshot once frozen, else the segment now. */
async function targetDescription(
  db: DbOrTx,
  delivery: Pick<DeliveryRow, 'tenantId' | 'target' | 'segmentId' | 'segmentSnapshot'>,
) {
  if (delivery.target === 'all') return { ja: 'すべての友だち', en: 'All friends', segmentName: null }
  if (delivery.target === 'test') return { ja: 'テスト端末のみ', en: 'Test devices only', segmentName: null }
  const snapshot = delivery.segmentSnapshot as Partial<SegmentSnapshot> | null
  if (snapshot?.description?.ja) {
    return {
      ja: snapshot.description.ja,
      en: snapshot.description.en ?? snapshot.description.ja,
      segmentName: snapshot.name ?? null,
    }
  }
  const live = await buildSegmentSnapshot(db, delivery.tenantId, delivery.segmentId)
  if (!live) return { ja: '（削除されたセグメント）', en: '(deleted segment)', segmentName: null }
  return { ...live.description, segmentName: live.name }
}

/** One delivery for the detail page: content, progress, statistics over time, target in words. */
export async function getDelivery({ ctx, input }: { ctx: Ctx; input: DeliveryIdInput }) {
  requirePermission(ctx, 'deliveries.manage')
  const { id } = DeliveryIdInput.parse(input)
  const delivery = await requireTenantDelivery(ctx.db, ctx.actor.tenantId, id)
  const [progress, samples, target] = await Promise.all([
    progressOf(ctx.db, delivery),
    ctx.db
      .select()
      .from(deliveryStatSamples)
      .where(eq(deliveryStatSamples.deliveryId, id))
      .orderBy(asc(deliveryStatSamples.fetchedAt)),
    targetDescription(ctx.db, delivery),
  ])
  const content = DeliveryContent.safeParse(delivery.content)
  return {
    id: delivery.id,
    channelId: delivery.channelId,
    seriesId: delivery.seriesId,
    title: delivery.title,
    status: delivery.status,
    target: delivery.target,
    segmentId: delivery.segmentId,
    targetDescription: target,
    content: delivery.content as DeliveryContent,
    languages: content.success ? variantLanguages(content.data) : ['ja'],
    revision: delivery.revision,
    scheduledAt: delivery.scheduledAt,
    startedAt: delivery.startedAt,
    finishedAt: delivery.finishedAt,
    cancelledAt: delivery.cancelledAt,
    via: delivery.via,
    aggregationUnit: delivery.aggregationUnit,
    isTest: delivery.target === 'test',
    confirmedRecipientCount: delivery.confirmedRecipientCount,
    failureReason: delivery.failureReason,
    progress,
    stats: statsView(delivery.stats, progress.sent),
    statsFetchedAt: delivery.statsFetchedAt,
    statSamples: samples.map((s) => ({
      fetchedAt: s.fetchedAt,
      delivered: s.delivered,
      uniqueImpression: s.uniqueImpression,
      uniqueClick: s.uniqueClick,
    })),
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
  }
}
export type DeliveryDetail = Awaited<ReturnType<typeof getDelivery>>

// --- verbs: series --------------------------------------------------------------------------

async function checkSeriesRecipients(
  db: DbOrTx,
  scope: { tenantId: string; channelId: string },
  s: { target: DeliveryTarget; segmentId?: string | null; confirmedRecipientCount?: number | null },
) {
  const recipients = await countRecipients(db, scope, s.target, s.segmentId)
  if (s.target === 'test') {
    if (recipients === 0) throw new Conflict('errors.delivery_no_test_devices')
  } else {
    checkConfirmation(recipients, await confirmThreshold(db, scope.channelId), s.confirmedRecipientCount)
  }
  return recipients
}

/** SEG-9: a recurring delivery; each occurrence becomes a delivery when due (H3's scheduler). */
export async function createSeries({ ctx, input }: { ctx: Ctx; input: CreateSeriesInput }) {
  requirePermission(ctx, 'deliveries.manage')
  const s = CreateSeriesInput.parse(input)
  const tenantId = ctx.actor.tenantId
  await requireTenantChannel(ctx.db, tenantId, s.channelId)
  const nextRunAt = firstOccurrenceFrom(s.recurrence, new Date())
  if (!nextRunAt) throw new Invalid('errors.recurrence_no_dates', { recurrence: 'empty' })
  return withTransaction(ctx, async (tx) => {
    await checkReferences(tx, tenantId, s.channelId, s.content, s.target, s.segmentId)
    const recipients = await checkSeriesRecipients(tx, { tenantId, channelId: s.channelId }, s)
    const id = randomUUID()
    const [row] = await tx
      .insert(deliverySeries)
      .values({
        id,
        tenantId,
        channelId: s.channelId,
        title: s.title,
        content: s.content,
        target: s.target,
        segmentId: s.target === 'segment' ? s.segmentId! : null,
        rrule: toRRule(s.recurrence),
        excludedDates: s.recurrence.excludedDates,
        skipHolidays: s.recurrence.skipHolidays,
        aggregationUnit: aggregationUnitFor('series', id),
        nextRunAt,
        createdByStaffUserId: ctx.actor.userId,
        updatedByStaffUserId: ctx.actor.userId,
      })
      .returning({ id: deliverySeries.id, nextRunAt: deliverySeries.nextRunAt })
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'delivery_series.create',
      targetType: 'delivery_series',
      targetId: id,
      detail: { title: s.title, target: s.target, rrule: toRRule(s.recurrence), recipientCount: recipients },
    })
    return row!
  })
}

/** Edits a series; the next run is recomputed from now (occurrences already sent stay as they were). */
export async function updateSeries({ ctx, input }: { ctx: Ctx; input: UpdateSeriesInput }) {
  requirePermission(ctx, 'deliveries.manage')
  const s = UpdateSeriesInput.parse(input)
  const tenantId = ctx.actor.tenantId
  return withTransaction(ctx, async (tx) => {
    const before = await requireTenantSeries(tx, tenantId, s.id)
    if (!before.isActive) throw new Conflict('errors.series_stopped')
    await checkReferences(tx, tenantId, before.channelId, s.content, s.target, s.segmentId)
    await checkSeriesRecipients(tx, { tenantId, channelId: before.channelId }, s)
    const nextRunAt = firstOccurrenceFrom(s.recurrence, new Date())
    const [row] = await tx
      .update(deliverySeries)
      .set({
        title: s.title,
        content: s.content,
        target: s.target,
        segmentId: s.target === 'segment' ? s.segmentId! : null,
        rrule: toRRule(s.recurrence),
        excludedDates: s.recurrence.excludedDates,
        skipHolidays: s.recurrence.skipHolidays,
        nextRunAt,
        updatedByStaffUserId: ctx.actor.userId,
        updatedAt: new Date(),
      })
      .where(and(eq(deliverySeries.id, s.id), eq(deliverySeries.isActive, true)))
      .returning({ id: deliverySeries.id, nextRunAt: deliverySeries.nextRunAt })
    if (!row) throw new Conflict('errors.series_stopped')
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'delivery_series.update',
      targetType: 'delivery_series',
      targetId: s.id,
      detail: { title: s.title, target: s.target, rrule: toRRule(s.recurrence) },
    })
    return row
  })
}

/** Stops a series: no further occurrences (one already sending finishes; a scheduled one is cancelled). */
export async function stopSeries({ ctx, input }: { ctx: Ctx; input: DeliveryIdInput }) {
  requirePermission(ctx, 'deliveries.manage')
  const { id } = DeliveryIdInput.parse(input)
  const tenantId = ctx.actor.tenantId
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx
      .update(deliverySeries)
      .set({
        isActive: false,
        nextRunAt: null,
        updatedByStaffUserId: ctx.actor.userId,
        updatedAt: new Date(),
      })
      .where(and(eq(deliverySeries.id, id), eq(deliverySeries.tenantId, tenantId)))
      .returning({ id: deliverySeries.id, title: deliverySeries.title })
    if (!row) throw new NotFound('errors.not_found')
    const cancelled = await tx
      .update(deliveries)
      .set({ status: 'cancelled', cancelledAt: sql`now()`, cancelledByStaffUserId: ctx.actor.userId })
      .where(and(eq(deliveries.seriesId, id), eq(deliveries.status, 'scheduled')))
      .returning({ id: deliveries.id })
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'delivery_series.stop',
      targetType: 'delivery_series',
      targetId: id,
      detail: { title: row.title, cancelledOccurrences: cancelled.length },
    })
    return { id, cancelledOccurrences: cancelled.length }
  })
}

function seriesSpec(row: DeliverySeriesRow): RecurrenceSpec | null {
  try {
    return specFromRRule(row.rrule, row.skipHolidays)
  } catch {
    return null
  }
}

/** A series with its rule in words, the next five dates and its occurrences so far. */
export async function getSeries({ ctx, input }: { ctx: Ctx; input: DeliveryIdInput }) {
  requirePermission(ctx, 'deliveries.manage')
  const { id } = DeliveryIdInput.parse(input)
  const row = await requireTenantSeries(ctx.db, ctx.actor.tenantId, id)
  const spec = seriesSpec(row)
  const occurrences = await ctx.db
    .select({
      id: deliveries.id,
      status: deliveries.status,
      scheduledAt: deliveries.scheduledAt,
      recipientCount: deliveries.recipientCount,
      stats: deliveries.stats,
    })
    .from(deliveries)
    .where(eq(deliveries.seriesId, id))
    .orderBy(desc(deliveries.scheduledAt))
    .limit(100)
  const target = await targetDescription(ctx.db, { ...row, segmentSnapshot: null })
  const from = row.nextRunAt ? new Date(row.nextRunAt.getTime() - 1) : new Date()
  return {
    id: row.id,
    channelId: row.channelId,
    title: row.title,
    content: row.content as DeliveryContent,
    target: row.target,
    segmentId: row.segmentId,
    targetDescription: target,
    recurrence: spec,
    rrule: row.rrule,
    description: spec ? { ja: describeRecurrence(spec, 'ja'), en: describeRecurrence(spec, 'en') } : null,
    nextDates: spec && row.isActive ? nextOccurrences(spec, from, 5) : [],
    aggregationUnit: row.aggregationUnit,
    isActive: row.isActive,
    nextRunAt: row.nextRunAt,
    occurrences,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}
export type DeliverySeriesDetail = Awaited<ReturnType<typeof getSeries>>

/** The channel's series (active first, then by next run). */
export async function listSeries({ ctx, input }: { ctx: Ctx; input: ListSeriesInput }) {
  requirePermission(ctx, 'deliveries.manage')
  const l = ListSeriesInput.parse(input)
  await requireTenantChannel(ctx.db, ctx.actor.tenantId, l.channelId)
  const rows = await ctx.db
    .select()
    .from(deliverySeries)
    .where(
      and(
        eq(deliverySeries.tenantId, ctx.actor.tenantId),
        eq(deliverySeries.channelId, l.channelId),
        l.includeStopped ? undefined : eq(deliverySeries.isActive, true),
      ),
    )
    .orderBy(desc(deliverySeries.isActive), asc(deliverySeries.nextRunAt), desc(deliverySeries.createdAt))
  return rows.map((row) => {
    const spec = seriesSpec(row)
    return {
      id: row.id,
      title: row.title,
      target: row.target,
      segmentId: row.segmentId,
      isActive: row.isActive,
      nextRunAt: row.nextRunAt,
      description: spec ? { ja: describeRecurrence(spec, 'ja'), en: describeRecurrence(spec, 'en') } : null,
      createdAt: row.createdAt,
    }
  })
}
export type DeliverySeriesListRow = Awaited<ReturnType<typeof listSeries>>[number]
