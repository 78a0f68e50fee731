import type { DbOrTx } from '@kairan/db'
import { attributeDefinitions } from '@kairan/db/schema'
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { type Ctx, requireAnyPermission, requirePermission } from '../ctx.ts'
import { Conflict, Invalid, NotFound } from '../errors.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import {
  AttributeIdInput,
  AttributeKeyInput,
  CreateAttributeInput,
  ListAttributesInput,
  ReorderAttributesInput,
  UpdateAttributeInput,
} from './inputs.ts'

/** SEG-3: an attribute staff defined: a key residents' values are stored under, and its options. */
export type AttributeDef = {
  id: string
  key: string
  kind: 'single' | 'multiple'
  label: Record<string, string>
  options: { value: string; label: Record<string, string> }[]
  position: number
  deletedAt: Date | null
}

type AttributeRow = typeof attributeDefinitions.$inferSelect

function toDef(row: AttributeRow): AttributeDef {
  return {
    id: row.id,
    key: row.key,
    kind: row.kind,
    label: row.label,
    options: row.options,
    position: row.position,
    deletedAt: row.deletedAt,
  }
}

/** The tenant's attributes in their order (live ones; deleted too when asked, for old labels). */
export async function loadAttributes(
  db: DbOrTx,
  tenantId: string,
  options: { includeDeleted?: boolean } = {},
): Promise<AttributeDef[]> {
  const rows = await db
    .select()
    .from(attributeDefinitions)
    .where(
      and(
        eq(attributeDefinitions.tenantId, tenantId),
        options.includeDeleted ? undefined : isNull(attributeDefinitions.deletedAt),
      ),
    )
    .orderBy(asc(attributeDefinitions.position), asc(attributeDefinitions.createdAt))
  return rows.map(toDef)
}

/** The attributes page and the segment builder (those who compose deliveries read them too). */
export async function listAttributes({
  ctx,
  input,
}: {
  ctx: Ctx
  input?: { includeDeleted?: boolean }
}): Promise<AttributeDef[]> {
  requireAnyPermission(ctx, ['segments.manage', 'deliveries.manage'])
  const { includeDeleted } = ListAttributesInput.parse(input ?? {})
  return loadAttributes(ctx.db, ctx.actor.tenantId, { includeDeleted })
}

async function requireAttribute(db: DbOrTx, tenantId: string, id: string, lock = false) {
  const query = db
    .select()
    .from(attributeDefinitions)
    .where(and(eq(attributeDefinitions.id, id), eq(attributeDefinitions.tenantId, tenantId)))
  const [row] = lock ? await query.for('update') : await query
  if (!row) throw new NotFound('errors.not_found')
  return row
}

export async function createAttribute({ ctx, input }: { ctx: Ctx; input: CreateAttributeInput }) {
  requirePermission(ctx, 'segments.manage')
  const { key, kind, label, options } = CreateAttributeInput.parse(input)
  const tenantId = ctx.actor.tenantId
  return withTransaction(ctx, async (tx) => {
    const [{ next } = { next: 0 }] = await tx
      .select({ next: sql<number>`coalesce(max(${attributeDefinitions.position}) + 1, 0)::int` })
      .from(attributeDefinitions)
      .where(and(eq(attributeDefinitions.tenantId, tenantId), isNull(attributeDefinitions.deletedAt)))
    const position = next
    const [row] = await tx
      .insert(attributeDefinitions)
      .values({ tenantId, key, kind, label, options, position })
      .onConflictDoNothing()
      .returning()
    if (!row) throw new Invalid('errors.attribute_key_exists', { key: 'attribute_key_exists' })
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'attribute.create',
      targetType: 'attribute',
      targetId: row.id,
      detail: { after: { key, kind, label, options } },
    })
    return toDef(row)
  })
}

/**
 * Labels and options change; the key and kind do not. Removing an option residents hold is
 * allowed: their values stay (a segment on it matches nobody new), and deliveries keep the labels
 * they were sent with in their segment snapshot.
 */
export async function updateAttribute({ ctx, input }: { ctx: Ctx; input: UpdateAttributeInput }) {
  requirePermission(ctx, 'segments.manage')
  const { id, label, options } = UpdateAttributeInput.parse(input)
  const tenantId = ctx.actor.tenantId
  return withTransaction(ctx, async (tx) => {
    const before = await requireAttribute(tx, tenantId, id, true)
    if (before.deletedAt) throw new Conflict('errors.attribute_deleted')
    const [row] = await tx
      .update(attributeDefinitions)
      .set({ label, options, updatedAt: new Date() })
      .where(eq(attributeDefinitions.id, id))
      .returning()
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'attribute.update',
      targetType: 'attribute',
      targetId: id,
      detail: {
        before: { label: before.label, options: before.options },
        after: { label, options },
      },
    })
    return toDef(row!)
  })
}

/** Soft delete: the row stays so past deliveries and segments still read its labels. */
export async function deleteAttribute({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, 'segments.manage')
  const { id } = AttributeIdInput.parse(input)
  const tenantId = ctx.actor.tenantId
  return withTransaction(ctx, async (tx) => {
    const before = await requireAttribute(tx, tenantId, id, true)
    if (before.deletedAt) return { id }
    await tx
      .update(attributeDefinitions)
      .set({ deletedAt: new Date(), updatedAt: new Date() })
      .where(eq(attributeDefinitions.id, id))
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'attribute.delete',
      targetType: 'attribute',
      targetId: id,
      detail: { before: { key: before.key } },
    })
    return { id }
  })
}

/** The order on the attributes page and in My settings: `ids` first to last. */
export async function reorderAttributes({ ctx, input }: { ctx: Ctx; input: { ids: string[] } }) {
  requirePermission(ctx, 'segments.manage')
  const { ids } = ReorderAttributesInput.parse(input)
  const tenantId = ctx.actor.tenantId
  if (new Set(ids).size !== ids.length) throw new Invalid('errors.invalid_input', { ids: 'duplicate' })
  return withTransaction(ctx, async (tx) => {
    const rows = await tx
      .select({ id: attributeDefinitions.id })
      .from(attributeDefinitions)
      .where(and(eq(attributeDefinitions.tenantId, tenantId), inArray(attributeDefinitions.id, ids)))
    if (rows.length !== ids.length) throw new NotFound('errors.not_found')
    for (const [position, id] of ids.entries()) {
      await tx
        .update(attributeDefinitions)
        .set({ position, updatedAt: new Date() })
        .where(eq(attributeDefinitions.id, id))
    }
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'attribute.reorder',
      targetType: 'attribute',
      detail: { after: { ids } },
    })
    return { ids }
  })
}

/**
 * The form builder's "load options from the attribute": a live attribute's options as choice
 * options (option id = attribute value), so answers map onto the attribute without translation.
 */
export async function attributeOptionsForForm({ ctx, input }: { ctx: Ctx; input: { key: string } }) {
  requireAnyPermission(ctx, ['segments.manage', 'forms.manage'])
  const { key } = AttributeKeyInput.parse(input)
  const [row] = await ctx.db
    .select()
    .from(attributeDefinitions)
    .where(
      and(
        eq(attributeDefinitions.tenantId, ctx.actor.tenantId),
        eq(attributeDefinitions.key, key),
        isNull(attributeDefinitions.deletedAt),
      ),
    )
  if (!row) throw new NotFound('errors.not_found')
  return {
    key: row.key,
    kind: row.kind,
    label: row.label,
    options: row.options.map((o) => ({ id: o.value, label: o.label })),
  }
}
