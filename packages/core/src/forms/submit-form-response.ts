import type { Tx } from '@kairan/db'
import { citizenAttributeValues, formResponses, forms, formUploads } from '@kairan/db/schema'
import {
  type Answers,
  allQuestions,
  type FormDefinition,
  validateSubmission,
  validationMessage,
} from '@kairan/forms'
import { and, eq, inArray, isNull, notInArray, or, sql } from 'drizzle-orm'
import { type CitizenCtx, type Ctx, requireCitizen } from '../ctx.ts'
import { Conflict, Invalid, NotFound } from '../errors.ts'
import { SubmitFormResponseInput } from '../schemas.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { sealAnswers } from './answers-codec.ts'
import { type FormRow, isLimitReached, requireTenantForm } from './form-scope.ts'
import { requireFormVersion, uploadIdsByQuestion } from './resident-forms.ts'

/**
 * A resident sends (or changes) an answer. The answers are judged by the same validator the LIFF
 * page runs, on the version the resident was shown (FORM-7), so the server refuses exactly what
 * the page refuses. The form row is locked for the rest, so the response limit holds however many
 * residents send at once (DESIGN invariant 3) and a resident never ends up with two answers on a
 * single-answer form.
 */
export async function submitFormResponse({
  ctx,
  secrets,
  input,
}: {
  ctx: Ctx
  secrets: SecretBox
  input: SubmitFormResponseInput
}) {
  requireCitizen(ctx)
  const parsed = SubmitFormResponseInput.parse(input)
  const version = await requireFormVersion(ctx.db, ctx.actor.tenantId, parsed.formId, parsed.versionId)
  const now = new Date()
  const checked = validateSubmission(
    version.definition,
    { answers: parsed.answers, consent: parsed.consent },
    { language: parsed.language, now, audience: 'resident' },
  )
  if (!checked.ok) throw new Invalid('errors.form_invalid_answers', checked.errors)
  const answers = checked.answers

  return withTransaction(ctx, async (tx) => {
    const form = await requireTenantForm(tx, ctx.actor.tenantId, parsed.formId, { lock: true })
    assertAcceptingAnswers(form, now)
    const existing = await responseToChange(tx, ctx, form, parsed.responseId)
    if (!existing && parsed.submissionKey) {
      const stored = await storedSubmission(tx, ctx, form.id, parsed.submissionKey)
      if (stored) return { responseId: stored.id, submittedAt: stored.submittedAt, edited: false }
    }
    if (!existing && isLimitReached(form)) throw new Conflict('errors.form_limit_reached')

    const receipt = form.sendsReceipt
      ? { receiptStatus: 'pending' as const, receiptAttempts: 0, receiptNextAttemptAt: now }
      : { receiptStatus: 'none' as const, receiptAttempts: 0, receiptNextAttemptAt: null }
    const values = {
      formVersionId: version.id,
      answersEnc: sealAnswers(secrets, answers),
      language: parsed.language,
      ...receipt,
    }
    const [saved] = existing
      ? await tx
          .update(formResponses)
          .set({ ...values, editCount: sql`${formResponses.editCount} + 1` })
          .where(eq(formResponses.id, existing.id))
          .returning()
      : await tx
          .insert(formResponses)
          .values({
            ...values,
            tenantId: form.tenantId,
            channelId: ctx.actor.channelId,
            formId: form.id,
            citizenId: ctx.actor.citizenId,
            submittedAt: now,
            submissionKey: parsed.submissionKey ?? null,
          })
          .returning()
    const response = saved!
    await attachUploads(tx, ctx, form.id, response.id, version.definition, answers, parsed.language)
    await saveAttributes(tx, ctx, form.id, version.definition, answers)
    if (!existing) {
      // Keep updatedAt: the forms list sorts by staff's edits, not by answers arriving.
      await tx
        .update(forms)
        .set({ responseCount: sql`${forms.responseCount} + 1`, updatedAt: sql`${forms.updatedAt}` })
        .where(eq(forms.id, form.id))
    }
    return { responseId: response.id, submittedAt: response.submittedAt, edited: Boolean(existing) }
  })
}

/** The answer a retried submission already made (the form row is locked, so no race). */
async function storedSubmission(tx: Tx, ctx: CitizenCtx, formId: string, submissionKey: string) {
  const [row] = await tx
    .select({ id: formResponses.id, submittedAt: formResponses.submittedAt })
    .from(formResponses)
    .where(
      and(
        eq(formResponses.formId, formId),
        eq(formResponses.citizenId, ctx.actor.citizenId),
        eq(formResponses.submissionKey, submissionKey),
      ),
    )
  return row ?? null
}

function assertAcceptingAnswers(form: FormRow, now: Date): void {
  if (!form.currentVersionId) throw new NotFound('errors.form_not_found')
  if (form.archivedAt || form.isClosedManually || (form.closesAt && form.closesAt <= now)) {
    throw new Conflict('errors.form_closed')
  }
  if (form.opensAt && form.opensAt > now) throw new Conflict('errors.form_not_open')
}

/**
 * The answer this submission changes, if any: the one named (single mode, the resident's own), or
 * on a single-answer form the resident's existing answer even when none is named (a second tab
 * or a double tap must not make a second answer). Every-submission forms never change answers.
 */
async function responseToChange(tx: Tx, ctx: CitizenCtx, form: FormRow, responseId: string | undefined) {
  if (form.answerMode === 'multiple') {
    if (responseId) throw new Conflict('errors.form_response_not_editable')
    return null
  }
  const [own] = await tx
    .select({ id: formResponses.id })
    .from(formResponses)
    .where(
      and(
        eq(formResponses.formId, form.id),
        eq(formResponses.citizenId, ctx.actor.citizenId),
        ...(responseId ? [eq(formResponses.id, responseId)] : []),
      ),
    )
    .limit(1)
  if (responseId && !own) throw new NotFound('errors.not_found')
  return own ?? null
}

/**
 * Attaches the files the answers name and detaches those an edit dropped (the cleanup job removes
 * them). Each must be this resident's upload for this form and question, not already part of
 * another answer; otherwise the question gets the validator's own "file invalid" message.
 */
async function attachUploads(
  tx: Tx,
  ctx: CitizenCtx,
  formId: string,
  responseId: string,
  def: FormDefinition,
  answers: Answers,
  language: string,
) {
  const wanted = uploadIdsByQuestion(def, answers)
  const ids = [...wanted.values()].flat()
  if (ids.length > 0) {
    const rows = await tx.select().from(formUploads).where(inArray(formUploads.id, ids)).for('update')
    const byId = new Map(rows.map((r) => [r.id, r]))
    const errors: Record<string, string> = {}
    for (const [questionId, uploadIds] of wanted) {
      const isValid = uploadIds.every((id) => {
        const upload = byId.get(id)
        return (
          upload !== undefined &&
          upload.citizenId === ctx.actor.citizenId &&
          upload.formId === formId &&
          upload.questionId === questionId &&
          (upload.responseId === null || upload.responseId === responseId)
        )
      })
      if (!isValid) errors[questionId] = validationMessage('file_invalid', language)
    }
    if (Object.keys(errors).length > 0) throw new Invalid('errors.form_invalid_answers', errors)
    await tx
      .update(formUploads)
      .set({ responseId })
      .where(
        and(
          inArray(formUploads.id, ids),
          or(isNull(formUploads.responseId), eq(formUploads.responseId, responseId)),
        ),
      )
  }
  await tx
    .update(formUploads)
    .set({ responseId: null })
    .where(
      and(
        eq(formUploads.responseId, responseId),
        ...(ids.length > 0 ? [notInArray(formUploads.id, ids)] : []),
      ),
    )
}

/**
 * Answer → attribute mapping (issue 4, item 10): questions with an `attributeKey` set the
 * resident's attribute to the picked option ids or the text. An answer left empty removes an
 * attribute this form had set, and leaves one set by another form alone.
 */
async function saveAttributes(
  tx: Tx,
  ctx: CitizenCtx,
  formId: string,
  def: FormDefinition,
  answers: Answers,
) {
  for (const q of allQuestions(def)) {
    if (!q.attributeKey || q.type === 'staff_note') continue
    const value = answers[q.id]
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      await tx
        .delete(citizenAttributeValues)
        .where(
          and(
            eq(citizenAttributeValues.citizenId, ctx.actor.citizenId),
            eq(citizenAttributeValues.key, q.attributeKey),
            eq(citizenAttributeValues.sourceFormId, formId),
          ),
        )
      continue
    }
    const values = Array.isArray(value) ? value : [String(value)]
    await tx
      .insert(citizenAttributeValues)
      .values({
        tenantId: ctx.actor.tenantId,
        channelId: ctx.actor.channelId,
        citizenId: ctx.actor.citizenId,
        key: q.attributeKey,
        values,
        sourceFormId: formId,
      })
      .onConflictDoUpdate({
        target: [citizenAttributeValues.citizenId, citizenAttributeValues.key],
        set: { values, sourceFormId: formId, updatedAt: new Date() },
      })
  }
}
