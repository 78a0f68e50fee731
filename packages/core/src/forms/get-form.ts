import { channels, formResponses, formVersions, staffUsers } from '@kairan/db/schema'
import { asc, count, desc, eq } from 'drizzle-orm'
import { type Ctx, requirePermission } from '../ctx.ts'
import { FormIdInput } from '../schemas.ts'
import { storedDefinition } from './answers-codec.ts'
import { draftEditorName } from './form-drafts.ts'
import { formStatus, requireTenantForm } from './form-scope.ts'

/** The builder's form: the draft with its revision, the settings, and every published version. */
export async function getForm({ ctx, input }: { ctx: Ctx; input: FormIdInput }) {
  requirePermission(ctx, 'forms.manage')
  const { formId } = FormIdInput.parse(input)
  const form = await requireTenantForm(ctx.db, ctx.actor.tenantId, formId)
  const [versions, counts, tenantChannels, draftUpdatedBy] = await Promise.all([
    ctx.db
      .select({
        id: formVersions.id,
        version: formVersions.version,
        publishedAt: formVersions.publishedAt,
        definition: formVersions.definition,
        publishedBy: staffUsers.displayName,
      })
      .from(formVersions)
      .leftJoin(staffUsers, eq(staffUsers.id, formVersions.publishedByStaffUserId))
      .where(eq(formVersions.formId, form.id))
      .orderBy(desc(formVersions.version)),
    ctx.db
      .select({ versionId: formResponses.formVersionId, n: count() })
      .from(formResponses)
      .where(eq(formResponses.formId, form.id))
      .groupBy(formResponses.formVersionId),
    ctx.db
      .select({ id: channels.id, name: channels.name, liffId: channels.liffId })
      .from(channels)
      .where(eq(channels.tenantId, ctx.actor.tenantId))
      .orderBy(asc(channels.kind), asc(channels.name)),
    draftEditorName(ctx.db, form),
  ])
  const perVersion = new Map(counts.map((c) => [c.versionId, c.n]))
  const current = versions.find((v) => v.id === form.currentVersionId) ?? null
  const draft = storedDefinition(form.draftDefinition)
  return {
    id: form.id,
    status: formStatus(form),
    draft,
    draftRevision: form.draftRevision,
    draftUpdatedAt: form.draftUpdatedAt,
    draftUpdatedBy,
    settings: {
      answerMode: form.answerMode,
      opensAt: form.opensAt,
      closesAt: form.closesAt,
      responseLimit: form.responseLimit,
      sendsReceipt: form.sendsReceipt,
      isClosedManually: form.isClosedManually,
    },
    currentVersion: current
      ? {
          id: current.id,
          version: current.version,
          publishedAt: current.publishedAt,
          definition: storedDefinition(current.definition),
        }
      : null,
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      publishedAt: v.publishedAt,
      publishedBy: v.publishedBy,
      responseCount: perVersion.get(v.id) ?? 0,
    })),
    responseCount: form.responseCount,
    hasUnpublishedChanges: !current || !sameJson(form.draftDefinition, current.definition),
    archivedAt: form.archivedAt,
    channels: tenantChannels,
  }
}
export type FormDetail = Awaited<ReturnType<typeof getForm>>

/** Structural equality of two JSON values, ignoring key order (as jsonb compares). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
  if (ka.length !== kb.length) return false
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}
