import { formResponses } from '@kairan/db/schema'
import { formatAnswer, type Question } from '@kairan/forms'
import { count } from 'drizzle-orm'
import { writeAccessLog } from '../../audit/write-access-log.ts'
import { type Ctx, requirePermission } from '../../ctx.ts'
import type { SecretBox } from '../../shared/secret-box.ts'
import { compileAnswerFilters, matchesAll } from './answer-filters.ts'
import {
  type FormForAnswers,
  fileNames,
  loadFormForAnswers,
  type ResponseRow,
  responsePage,
  responseWhere,
  scanResponses,
  type UploadedFileInfo,
  uploadsOf,
} from './answer-scope.ts'
import { ListFormResponsesInput } from './schemas.ts'

/** Each answered question of a row as plain text in the staff's language (unanswered: absent). */
export function answerCells(
  questions: Map<string, Question>,
  row: ResponseRow,
  language: string,
  files: UploadedFileInfo[] | undefined,
): Record<string, string> {
  const names = fileNames(files)
  const cells: Record<string, string> = {}
  for (const [questionId, value] of Object.entries(row.answers)) {
    const question = questions.get(questionId)
    if (question) cells[questionId] = formatAnswer(question, value, language, names)
  }
  return cells
}

/** What the answers page needs to know of the form itself (title, versions for the filter). */
export function formSummary(form: FormForAnswers) {
  const current = form.versions.find((v) => v.id === form.currentVersionId)
  return {
    id: form.id,
    title: form.title,
    currentVersion: current?.version ?? null,
    versions: form.versions.map((v) => ({ id: v.id, version: v.version, publishedAt: v.publishedAt })),
  }
}

/**
 * The answers table of one form (FORM-2): newest first, filtered by period, version and answers
 * to questions. Showing answers is a bulk read of personal data, so every page shown is written
 * to the access log (`form_response.list`, SEC-5) with the filters and the number found.
 */
export async function listFormResponses({
  ctx,
  secrets,
  input,
}: {
  ctx: Ctx
  secrets: SecretBox
  input: ListFormResponsesInput
}) {
  requirePermission(ctx, 'form_answers.read')
  const f = ListFormResponsesInput.parse(input)
  const tenantId = ctx.actor.tenantId
  const form = await loadFormForAnswers(ctx.db, tenantId, f.formId)
  const matchers = compileAnswerFilters(f.filters, form.questions)
  const where = responseWhere(tenantId, form.id, f)
  const offset = (f.page - 1) * f.pageSize

  let rows: ResponseRow[]
  let total: number
  if (matchers.length === 0) {
    const [page, [matching]] = await Promise.all([
      responsePage(ctx.db, secrets, where, { limit: f.pageSize, offset }),
      ctx.db.select({ n: count() }).from(formResponses).where(where),
    ])
    rows = page
    total = matching?.n ?? 0
  } else {
    // Answers are sealed: decrypt the scope batch by batch, keeping only the requested page.
    rows = []
    total = 0
    for await (const batch of scanResponses(ctx.db, secrets, where, 'desc')) {
      for (const row of batch) {
        if (!matchesAll(matchers, row.answers)) continue
        if (total >= offset && rows.length < f.pageSize) rows.push(row)
        total++
      }
    }
  }
  const [all] = await ctx.db
    .select({ n: count() })
    .from(formResponses)
    .where(responseWhere(tenantId, form.id, {}))
  const files = await uploadsOf(
    ctx.db,
    secrets,
    tenantId,
    rows.map((r) => r.id),
  )
  const versionNumber = new Map(form.versions.map((v) => [v.id, v.version]))

  await writeAccessLog(ctx.db, ctx, {
    tenantId,
    action: 'form_response.list',
    targetType: 'form',
    targetId: form.id,
    detail: {
      from: f.from,
      to: f.to,
      versionId: f.versionId,
      filters: f.filters,
      page: f.page,
      total,
      shown: rows.length,
    },
  })

  return {
    form: formSummary(form),
    columns: form.columns,
    rows: rows.map((row) => ({
      id: row.id,
      submittedAt: row.submittedAt,
      updatedAt: row.updatedAt,
      editCount: row.editCount,
      citizen: { id: row.citizenId, displayName: row.displayName, pictureUrl: row.pictureUrl },
      version: versionNumber.get(row.formVersionId) ?? null,
      language: row.language,
      cells: answerCells(form.questions, row, f.language, files.get(row.id)),
    })),
    /** Answers matching every filter. */
    total,
    /** All answers of the form, whatever the filters. */
    formTotal: all?.n ?? 0,
    page: f.page,
    pageSize: f.pageSize,
  }
}
export type FormResponseList = Awaited<ReturnType<typeof listFormResponses>>
export type FormResponseListRow = FormResponseList['rows'][number]
