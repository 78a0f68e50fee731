import { forms } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { Conflict } from '../errors.ts'
import { UpdateFormSettingsInput } from '../schemas.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { requireTenantForm } from './form-scope.ts'

/**
 * Answer mode, schedule, response limit and receipt message (FORM-5, FORM-6). A limit below the
 * answers already received is allowed: the form is then full. The answer mode cannot change once
 * answers exist (a resident with several answers cannot become "one editable answer").
 */
export async function updateFormSettings({ ctx, input }: { ctx: Ctx; input: UpdateFormSettingsInput }) {
  requirePermission(ctx, 'forms.manage')
  const { formId, ...settings } = UpdateFormSettingsInput.parse(input)
  return withTransaction(ctx, async (tx) => {
    const before = await requireTenantForm(tx, ctx.actor.tenantId, formId, { lock: true })
    if (settings.answerMode !== before.answerMode && before.responseCount > 0) {
      throw new Conflict('errors.form_has_responses')
    }
    const [after] = await tx.update(forms).set(settings).where(eq(forms.id, before.id)).returning()
    const visible = (f: typeof before) => ({
      answerMode: f.answerMode,
      opensAt: f.opensAt?.toISOString() ?? null,
      closesAt: f.closesAt?.toISOString() ?? null,
      responseLimit: f.responseLimit,
      sendsReceipt: f.sendsReceipt,
    })
    await writeAccessLog(tx, ctx, {
      tenantId: before.tenantId,
      action: 'form.settings',
      targetType: 'form',
      targetId: before.id,
      detail: { before: visible(before), after: visible(after!) },
    })
    return { ...visible(after!), opensAt: after!.opensAt, closesAt: after!.closesAt }
  })
}
