import { formResponses } from '@kairan/db/schema'
import { and, desc, eq } from 'drizzle-orm'
import { type Ctx, requireCitizen } from '../ctx.ts'
import { NotFound } from '../errors.ts'
import { FormIdInput } from '../schemas.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import { openAnswers } from './answers-codec.ts'
import { requireTenantForm, residentFormStatus } from './form-scope.ts'
import {
  filesOfResponses,
  requireFormVersion,
  residentAnswers,
  residentDefinition,
} from './resident-forms.ts'

/** A resident sees at most this many of their own answers of a "every submission" form. */
const MY_RESPONSES_SHOWN = 50

/**
 * The LIFF form page: the current version (without staff notes), whether it accepts answers now,
 * and the resident's own answers to show and change (single mode: at most one). Answers given on
 * an older version come with their version id; the page fills the current version with them.
 */
export async function getCitizenForm({
  ctx,
  secrets,
  input,
}: {
  ctx: Ctx
  secrets: SecretBox
  input: FormIdInput
}) {
  requireCitizen(ctx)
  const { formId } = FormIdInput.parse(input)
  const form = await requireTenantForm(ctx.db, ctx.actor.tenantId, formId)
  if (!form.currentVersionId) throw new NotFound('errors.form_not_found')
  const version = await requireFormVersion(ctx.db, form.tenantId, form.id, form.currentVersionId)
  const rows = await ctx.db
    .select()
    .from(formResponses)
    .where(and(eq(formResponses.formId, form.id), eq(formResponses.citizenId, ctx.actor.citizenId)))
    .orderBy(desc(formResponses.submittedAt))
    .limit(form.answerMode === 'single' ? 1 : MY_RESPONSES_SHOWN)
  const files = await filesOfResponses(
    ctx.db,
    secrets,
    rows.map((r) => r.id),
  )
  // Staff notes are stripped by the definition each answer was given on.
  const definitions = new Map([[version.id, version.definition]])
  for (const versionId of new Set(rows.map((r) => r.formVersionId))) {
    if (!definitions.has(versionId))
      definitions.set(
        versionId,
        (await requireFormVersion(ctx.db, form.tenantId, form.id, versionId)).definition,
      )
  }
  return {
    formId: form.id,
    answerMode: form.answerMode,
    status: residentFormStatus(form),
    opensAt: form.opensAt,
    closesAt: form.closesAt,
    sendsReceipt: form.sendsReceipt,
    version: { id: version.id, version: version.version, definition: residentDefinition(version.definition) },
    myResponses: rows.map((r) => ({
      id: r.id,
      formVersionId: r.formVersionId,
      submittedAt: r.submittedAt,
      updatedAt: r.updatedAt,
      answers: residentAnswers(definitions.get(r.formVersionId)!, openAnswers(secrets, r.answersEnc)),
      files: files.get(r.id) ?? [],
    })),
  }
}
export type CitizenFormView = Awaited<ReturnType<typeof getCitizenForm>>
