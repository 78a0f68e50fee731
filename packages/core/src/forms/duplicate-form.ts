import { forms } from '@kairan/db/schema'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { FormIdInput } from '../schemas.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { storedDefinition } from './answers-codec.ts'
import { requireTenantForm } from './form-scope.ts'

/** What "copy" is called after a title, per language (Japanese and やさしい日本語 alike). */
const COPY_SUFFIX: Record<string, string> = {
  ja: '（コピー）',
  'ja-easy': '（コピー）',
  en: ' (copy)',
  ko: ' (사본)',
  'zh-Hans': '（副本）',
  'zh-Hant': '（副本）',
}

/**
 * A new unpublished form from another's draft ("前回のアンケートを元に作る"): the questions, answer
 * mode, limit and receipt setting; not the dates, answers or versions.
 */
export async function duplicateForm({ ctx, input }: { ctx: Ctx; input: FormIdInput }) {
  requirePermission(ctx, 'forms.manage')
  const { formId } = FormIdInput.parse(input)
  return withTransaction(ctx, async (tx) => {
    const source = await requireTenantForm(tx, ctx.actor.tenantId, formId)
    const draft = storedDefinition(source.draftDefinition)
    const title = Object.fromEntries(
      Object.entries(draft.title).map(([lang, text]) => [
        lang,
        `${text}${COPY_SUFFIX[lang] ?? ' (copy)'}`.slice(0, 200),
      ]),
    )
    const [copy] = await tx
      .insert(forms)
      .values({
        tenantId: source.tenantId,
        draftDefinition: { ...draft, title },
        draftUpdatedByStaffUserId: ctx.actor.userId,
        createdByStaffUserId: ctx.actor.userId,
        answerMode: source.answerMode,
        responseLimit: source.responseLimit,
        sendsReceipt: source.sendsReceipt,
      })
      .returning({ id: forms.id })
    await writeAccessLog(tx, ctx, {
      tenantId: source.tenantId,
      action: 'form.duplicate',
      targetType: 'form',
      targetId: copy!.id,
      detail: { sourceFormId: source.id, title: title.ja ?? null },
    })
    return { id: copy!.id }
  })
}
