import { forms } from '@kairan/db/schema'
import { FormDraftDefinition } from '@kairan/forms'
import { and, eq, sql } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { Invalid } from '../errors.ts'
import { SaveFormDraftInput } from '../schemas.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { definitionTitle, draftConflict } from './form-drafts.ts'
import { definitionFields, requireTenantForm } from './form-scope.ts'

/**
 * Saves the builder's draft. Optimistic concurrency: the row is updated only if its revision is
 * still the one the editor loaded, so two colleagues editing the same form never overwrite each
 * other silently — the second save gets `errors.form_draft_conflict` naming who saved, and when.
 */
export async function saveFormDraft({ ctx, input }: { ctx: Ctx; input: SaveFormDraftInput }) {
  requirePermission(ctx, 'forms.manage')
  const { formId, expectedRevision, definition } = SaveFormDraftInput.parse(input)
  const parsed = FormDraftDefinition.safeParse(definition)
  if (!parsed.success) throw new Invalid('errors.form_definition_invalid', definitionFields(parsed.error))
  return withTransaction(ctx, async (tx) => {
    const [saved] = await tx
      .update(forms)
      .set({
        draftDefinition: parsed.data,
        draftRevision: sql`${forms.draftRevision} + 1`,
        draftUpdatedAt: new Date(),
        draftUpdatedByStaffUserId: ctx.actor.userId,
      })
      .where(
        and(
          eq(forms.id, formId),
          eq(forms.tenantId, ctx.actor.tenantId),
          eq(forms.draftRevision, expectedRevision),
        ),
      )
      .returning({ revision: forms.draftRevision, updatedAt: forms.draftUpdatedAt })
    if (!saved) {
      const current = await requireTenantForm(tx, ctx.actor.tenantId, formId)
      throw await draftConflict(tx, current)
    }
    await writeAccessLog(tx, ctx, {
      tenantId: ctx.actor.tenantId,
      action: 'form.draft',
      targetType: 'form',
      targetId: formId,
      detail: { revision: saved.revision, title: definitionTitle(parsed.data).ja ?? null },
    })
    return { revision: saved.revision, updatedAt: saved.updatedAt }
  })
}
