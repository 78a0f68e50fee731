import { forms, formVersions } from '@kairan/db/schema'
import { FormDefinition } from '@kairan/forms'
import { eq, max, sql } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { Invalid } from '../errors.ts'
import { PublishFormInput } from '../schemas.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { draftConflict } from './form-drafts.ts'
import { definitionFields, requireTenantForm } from './form-scope.ts'

/**
 * Publishes the draft as a new immutable version (FORM-7): residents who opened an older version
 * still send their answers on it, new visitors get this one. The draft must be complete (the strict
 * `FormDefinition`); what is missing is reported per path. Publishing an unchanged draft again
 * makes no new version.
 */
export async function publishForm({ ctx, input }: { ctx: Ctx; input: PublishFormInput }) {
  requirePermission(ctx, 'forms.manage')
  const { formId, expectedRevision } = PublishFormInput.parse(input)
  return withTransaction(ctx, async (tx) => {
    const form = await requireTenantForm(tx, ctx.actor.tenantId, formId, { lock: true })
    if (form.draftRevision !== expectedRevision) throw await draftConflict(tx, form)
    const parsed = FormDefinition.safeParse(form.draftDefinition)
    if (!parsed.success) throw new Invalid('errors.form_definition_invalid', definitionFields(parsed.error))
    if (form.currentVersionId) {
      const [current] = await tx
        .select({ id: formVersions.id, version: formVersions.version, isSame: sqlSame(form.draftDefinition) })
        .from(formVersions)
        .where(eq(formVersions.id, form.currentVersionId))
      if (current?.isSame) return { versionId: current.id, version: current.version }
    }
    const [last] = await tx
      .select({ version: max(formVersions.version) })
      .from(formVersions)
      .where(eq(formVersions.formId, form.id))
    const [created] = await tx
      .insert(formVersions)
      .values({
        tenantId: form.tenantId,
        formId: form.id,
        version: (last?.version ?? 0) + 1,
        definition: parsed.data,
        publishedByStaffUserId: ctx.actor.userId,
      })
      .returning({ id: formVersions.id, version: formVersions.version })
    await tx.update(forms).set({ currentVersionId: created!.id }).where(eq(forms.id, form.id))
    await writeAccessLog(tx, ctx, {
      tenantId: form.tenantId,
      action: 'form.publish',
      targetType: 'form',
      targetId: form.id,
      detail: { version: created!.version, title: parsed.data.title.ja },
    })
    return { versionId: created!.id, version: created!.version }
  })
}

/** Whether the stored version equals this draft (jsonb equality: key order does not matter). */
function sqlSame(draft: unknown) {
  return sql<boolean>`${formVersions.definition} = ${JSON.stringify(draft)}::jsonb`
}
