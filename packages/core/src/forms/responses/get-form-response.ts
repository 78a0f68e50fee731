import { citizens, formResponses, forms, formVersions } from '@kairan/db/schema'
import { and, desc, eq } from 'drizzle-orm'
import { writeAccessLog } from '../../audit/write-access-log.ts'
import { type Ctx, requirePermission } from '../../ctx.ts'
import { NotFound } from '../../errors.ts'
import type { SecretBox } from '../../shared/secret-box.ts'
import { openAnswers, storedDefinition } from '../answers-codec.ts'
import { uploadsOf } from './answer-scope.ts'
import { FormResponseIdInput } from './schemas.ts'

/**
 * One answer with the version it was given on and its files (FORM-2). Every view is written to
 * the access log (`form_response.view`, SEC-5), together with the read.
 */
export async function getFormResponse({
  ctx,
  secrets,
  input,
}: {
  ctx: Ctx
  secrets: SecretBox
  input: FormResponseIdInput
}) {
  requirePermission(ctx, 'form_answers.read')
  const { responseId } = FormResponseIdInput.parse(input)
  const tenantId = ctx.actor.tenantId
  const [row] = await ctx.db
    .select({
      response: formResponses,
      citizen: {
        id: citizens.id,
        channelId: citizens.channelId,
        displayName: citizens.displayName,
        pictureUrl: citizens.pictureUrl,
      },
      version: { id: formVersions.id, version: formVersions.version, definition: formVersions.definition },
      currentVersionId: forms.currentVersionId,
    })
    .from(formResponses)
    .innerJoin(citizens, eq(citizens.id, formResponses.citizenId))
    .innerJoin(formVersions, eq(formVersions.id, formResponses.formVersionId))
    .innerJoin(forms, eq(forms.id, formResponses.formId))
    .where(and(eq(formResponses.id, responseId), eq(formResponses.tenantId, tenantId)))
  if (!row) throw new NotFound('errors.not_found')
  const { response } = row
  const [current] = await ctx.db
    .select({ version: formVersions.version, definition: formVersions.definition })
    .from(formVersions)
    .where(
      row.currentVersionId
        ? eq(formVersions.id, row.currentVersionId)
        : and(eq(formVersions.formId, response.formId), eq(formVersions.tenantId, tenantId)),
    )
    .orderBy(desc(formVersions.version))
    .limit(1)
  const files = await uploadsOf(ctx.db, secrets, tenantId, [response.id])

  await writeAccessLog(ctx.db, ctx, {
    tenantId,
    action: 'form_response.view',
    targetType: 'form_response',
    targetId: response.id,
    detail: { formId: response.formId, citizenId: response.citizenId },
  })

  const definition = storedDefinition(row.version.definition)
  return {
    id: response.id,
    formId: response.formId,
    /** The form's current title (the answer's own version may have had another). */
    formTitle: current ? storedDefinition(current.definition).title : definition.title,
    submittedAt: response.submittedAt,
    updatedAt: response.updatedAt,
    editCount: response.editCount,
    language: response.language,
    citizen: row.citizen,
    version: { id: row.version.id, version: row.version.version, definition },
    currentVersion: current?.version ?? null,
    answers: openAnswers(secrets, response.answersEnc),
    files: files.get(response.id) ?? [],
  }
}
export type FormResponseDetail = Awaited<ReturnType<typeof getFormResponse>>
