import type { DbOrTx } from '@kairan/db'
import { forms, segments } from '@kairan/db/schema'
import { and, asc, desc, eq, isNull } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { requireTenantChannel } from '../channels/channel-scope.ts'
import { type Ctx, requireAnyPermission, requirePermission } from '../ctx.ts'
import { NotFound } from '../errors.ts'
import { definitionTitle } from '../forms/form-drafts.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { loadAttributes } from './attributes.ts'
import { countSegmentIn } from './count-segment.ts'
import { describeSegment } from './describe-segment.ts'
import { SegmentFilter } from './filter.ts'
import { CreateSegmentInput, ListSegmentsInput, SegmentIdInput, UpdateSegmentInput } from './inputs.ts'

type SegmentRow = typeof segments.$inferSelect

/** The tenant's form titles, for describing "answered form …" conditions. */
export async function loadFormTitles(db: DbOrTx, tenantId: string) {
  const rows = await db
    .select({ id: forms.id, draft: forms.draftDefinition })
    .from(forms)
    .where(eq(forms.tenantId, tenantId))
  return rows.map((r) => ({ id: r.id, title: definitionTitle(r.draft) as Record<string, string> }))
}

/** A segment of this tenant, or not_found (another tenant's segment does not exist for you). */
export async function requireTenantSegment(db: DbOrTx, tenantId: string, id: string): Promise<SegmentRow> {
  const [row] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.id, id), eq(segments.tenantId, tenantId)))
  if (!row) throw new NotFound('errors.not_found')
  return row
}

function parseStoredFilter(filter: unknown): SegmentFilter {
  const parsed = SegmentFilter.safeParse(filter)
  return parsed.success ? parsed.data : { version: 1, op: 'and', groups: [] }
}

/** The segments page (and the composer's picker): each with its last count and description. */
export async function listSegments({
  ctx,
  input,
}: {
  ctx: Ctx
  input: { channelId: string; includeArchived?: boolean }
}) {
  requireAnyPermission(ctx, ['segments.manage', 'deliveries.manage'])
  const { channelId, includeArchived } = ListSegmentsInput.parse(input)
  const tenantId = ctx.actor.tenantId
  await requireTenantChannel(ctx.db, tenantId, channelId)
  const [rows, attributes, formTitles] = await Promise.all([
    ctx.db
      .select()
      .from(segments)
      .where(
        and(
          eq(segments.tenantId, tenantId),
          eq(segments.channelId, channelId),
          includeArchived ? undefined : isNull(segments.archivedAt),
        ),
      )
      .orderBy(asc(segments.name), desc(segments.createdAt)),
    loadAttributes(ctx.db, tenantId, { includeDeleted: true }),
    loadFormTitles(ctx.db, tenantId),
  ])
  return rows.map((row) => {
    const filter = parseStoredFilter(row.filter)
    return {
      id: row.id,
      channelId: row.channelId,
      name: row.name,
      description: row.description,
      filter,
      summary: {
        ja: describeSegment(filter, attributes, 'ja', formTitles),
        en: describeSegment(filter, attributes, 'en', formTitles),
      },
      lastCount: row.lastCount,
      lastCountedAt: row.lastCountedAt,
      archivedAt: row.archivedAt,
      updatedAt: row.updatedAt,
    }
  })
}
export type SegmentListRow = Awaited<ReturnType<typeof listSegments>>[number]

export async function getSegment({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requireAnyPermission(ctx, ['segments.manage', 'deliveries.manage'])
  const { id } = SegmentIdInput.parse(input)
  const tenantId = ctx.actor.tenantId
  const row = await requireTenantSegment(ctx.db, tenantId, id)
  const filter = parseStoredFilter(row.filter)
  const [attributes, formTitles] = await Promise.all([
    loadAttributes(ctx.db, tenantId, { includeDeleted: true }),
    loadFormTitles(ctx.db, tenantId),
  ])
  return {
    id: row.id,
    channelId: row.channelId,
    name: row.name,
    description: row.description,
    filter,
    summary: {
      ja: describeSegment(filter, attributes, 'ja', formTitles),
      en: describeSegment(filter, attributes, 'en', formTitles),
    },
    lastCount: row.lastCount,
    lastCountedAt: row.lastCountedAt,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}
export type SegmentDetail = Awaited<ReturnType<typeof getSegment>>

export async function createSegment({ ctx, input }: { ctx: Ctx; input: CreateSegmentInput }) {
  requirePermission(ctx, 'segments.manage')
  const { channelId, name, description, filter } = CreateSegmentInput.parse(input)
  const tenantId = ctx.actor.tenantId
  await requireTenantChannel(ctx.db, tenantId, channelId)
  const counted = await countSegmentIn(ctx.db, { tenantId, channelId }, filter)
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx
      .insert(segments)
      .values({
        tenantId,
        channelId,
        name,
        description: description ?? null,
        filter,
        lastCount: counted.count,
        lastCountedAt: new Date(),
        createdByStaffUserId: ctx.actor.userId,
        updatedByStaffUserId: ctx.actor.userId,
      })
      .returning()
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'segment.create',
      targetType: 'segment',
      targetId: row!.id,
      detail: { after: { name, filter } },
    })
    return { id: row!.id, lastCount: counted.count }
  })
}

export async function updateSegment({ ctx, input }: { ctx: Ctx; input: UpdateSegmentInput }) {
  requirePermission(ctx, 'segments.manage')
  const { id, name, description, filter } = UpdateSegmentInput.parse(input)
  const tenantId = ctx.actor.tenantId
  const before = await requireTenantSegment(ctx.db, tenantId, id)
  const counted = await countSegmentIn(ctx.db, { tenantId, channelId: before.channelId }, filter)
  return withTransaction(ctx, async (tx) => {
    await tx
      .update(segments)
      .set({
        name,
        description: description ?? null,
        filter,
        lastCount: counted.count,
        lastCountedAt: new Date(),
        updatedByStaffUserId: ctx.actor.userId,
        updatedAt: new Date(),
      })
      .where(and(eq(segments.id, id), eq(segments.tenantId, tenantId)))
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'segment.update',
      targetType: 'segment',
      targetId: id,
      detail: { before: { name: before.name, filter: before.filter }, after: { name, filter } },
    })
    return { id, lastCount: counted.count }
  })
}

/** Archived segments leave the lists; deliveries that used one keep their snapshot. */
export async function archiveSegment({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, 'segments.manage')
  const { id } = SegmentIdInput.parse(input)
  const tenantId = ctx.actor.tenantId
  return withTransaction(ctx, async (tx) => {
    const before = await requireTenantSegment(tx, tenantId, id)
    if (before.archivedAt) return { id }
    await tx
      .update(segments)
      .set({ archivedAt: new Date(), updatedAt: new Date(), updatedByStaffUserId: ctx.actor.userId })
      .where(eq(segments.id, id))
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'segment.archive',
      targetType: 'segment',
      targetId: id,
      detail: { before: { name: before.name } },
    })
    return { id }
  })
}
