import { forms } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { type Ctx, requirePermission, type StaffCtx } from '../ctx.ts'
import { FormIdInput, SetFormClosedInput } from '../schemas.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { definitionTitle } from './form-drafts.ts'
import { requireTenantForm } from './form-scope.ts'

/**
 * "受付終了" / "受付再開" by hand. Reopening lifts only the manual close: a passed closing date or a
 * full limit still keeps the form closed (the builder says so).
 */
export async function setFormClosed({ ctx, input }: { ctx: Ctx; input: SetFormClosedInput }) {
  requirePermission(ctx, 'forms.manage')
  const { formId, closed } = SetFormClosedInput.parse(input)
  return changeForm(ctx, formId, closed ? 'form.close' : 'form.reopen', { isClosedManually: closed })
}

/** Moves a form out of the list (and closes it to residents); its answers stay. */
export async function archiveForm({ ctx, input }: { ctx: Ctx; input: FormIdInput }) {
  requirePermission(ctx, 'forms.manage')
  const { formId } = FormIdInput.parse(input)
  return changeForm(ctx, formId, 'form.archive', { archivedAt: new Date() })
}

export async function unarchiveForm({ ctx, input }: { ctx: Ctx; input: FormIdInput }) {
  requirePermission(ctx, 'forms.manage')
  const { formId } = FormIdInput.parse(input)
  return changeForm(ctx, formId, 'form.unarchive', { archivedAt: null })
}

async function changeForm(
  ctx: StaffCtx,
  formId: string,
  action: string,
  change: Partial<Pick<typeof forms.$inferInsert, 'isClosedManually' | 'archivedAt'>>,
) {
  return withTransaction(ctx, async (tx) => {
    const form = await requireTenantForm(tx, ctx.actor.tenantId, formId, { lock: true })
    await tx.update(forms).set(change).where(eq(forms.id, form.id))
    await writeAccessLog(tx, ctx, {
      tenantId: form.tenantId,
      action,
      targetType: 'form',
      targetId: form.id,
      detail: { title: definitionTitle(form.draftDefinition).ja ?? null },
    })
    return { id: form.id }
  })
}
