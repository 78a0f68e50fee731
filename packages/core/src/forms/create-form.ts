import { forms } from '@kairan/db/schema'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { CreateFormInput } from '../schemas.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { emptyFormDefinition } from './form-drafts.ts'

/** "新しいフォーム": an unpublished draft with the title and one empty section. */
export async function createForm({ ctx, input }: { ctx: Ctx; input: CreateFormInput }) {
  requirePermission(ctx, 'forms.manage')
  const { title } = CreateFormInput.parse(input)
  return withTransaction(ctx, async (tx) => {
    const [form] = await tx
      .insert(forms)
      .values({
        tenantId: ctx.actor.tenantId,
        draftDefinition: emptyFormDefinition(title),
        draftUpdatedByStaffUserId: ctx.actor.userId,
        createdByStaffUserId: ctx.actor.userId,
      })
      .returning({ id: forms.id })
    await writeAccessLog(tx, ctx, {
      tenantId: ctx.actor.tenantId,
      action: 'form.create',
      targetType: 'form',
      targetId: form!.id,
      detail: { after: { title } },
    })
    return { id: form!.id }
  })
}
