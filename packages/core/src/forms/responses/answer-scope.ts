import type { DbOrTx } from '@kairan/db'
import { citizens, formResponses, forms, formUploads, formVersions } from '@kairan/db/schema'
import {
  type Answers,
  allQuestions,
  type ChoiceOption,
  type FormDefinition,
  isChoiceQuestion,
  type LocalizedText,
  type Question,
  type QuestionType,
} from '@kairan/forms'
import { and, asc, desc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm'
import { NotFound } from '../../errors.ts'
import type { SecretBox } from '../../shared/secret-box.ts'
import { openAnswers, storedDefinition } from '../answers-codec.ts'

/** Midnight of a YYYY-MM-DD day in Asia/Tokyo (UTC+9, no daylight saving): staff think in local days. */
export function tokyoDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+09:00`)
}

const DAY_MS = 86_400_000

/** YYYY-MM-DD of the Japan-time day of a moment. */
export function tokyoDay(moment: Date): string {
  return new Date(moment.getTime() + 9 * 3_600_000).toISOString().slice(0, 10)
}

export type PublishedVersion = {
  id: string
  version: number
  publishedAt: Date
  definition: FormDefinition
}

/** A column of the answers table and of exports: one per question, across versions. */
export type AnswerColumn = {
  questionId: string
  label: LocalizedText
  type: QuestionType
  /** Choice questions: the options, current ones first, then those only older versions had. */
  options?: { id: string; label: LocalizedText }[]
}

export type FormForAnswers = {
  id: string
  title: LocalizedText
  currentVersionId: string | null
  /** Newest first. */
  versions: PublishedVersion[]
  columns: AnswerColumn[]
  /** The question behind each column (labels and options merged across versions). */
  questions: Map<string, Question>
}

/**
 * A form of the actor's tenant with every published version; another tenant's form is "not
 * found" (never "forbidden", which would confirm that it exists).
 */
export async function loadFormForAnswers(
  db: DbOrTx,
  tenantId: string,
  formId: string,
): Promise<FormForAnswers> {
  const [form] = await db
    .select({ id: forms.id, currentVersionId: forms.currentVersionId, draft: forms.draftDefinition })
    .from(forms)
    .where(and(eq(forms.id, formId), eq(forms.tenantId, tenantId)))
  if (!form) throw new NotFound('errors.form_not_found')
  const rows = await db
    .select({
      id: formVersions.id,
      version: formVersions.version,
      publishedAt: formVersions.publishedAt,
      definition: formVersions.definition,
    })
    .from(formVersions)
    .where(and(eq(formVersions.formId, form.id), eq(formVersions.tenantId, tenantId)))
    .orderBy(desc(formVersions.version))
  const versions = rows.map((v) => ({ ...v, definition: storedDefinition(v.definition) }))
  const current = versions.find((v) => v.id === form.currentVersionId) ?? versions[0]
  // The published title; a never-published form shows its draft's (which may still be incomplete).
  const title = current?.definition.title ?? (form.draft as { title?: LocalizedText } | null)?.title ?? {}
  const ordered = current ? [current, ...versions.filter((v) => v !== current)] : versions
  const { columns, questions } = mergeQuestions(ordered.map((v) => v.definition))
  return { id: form.id, title, currentVersionId: current?.id ?? null, versions, columns, questions }
}

/**
 * One column per question id: the current version's questions in their order, then questions
 * only older versions had. Option ids are stable across versions, so a choice question's options
 * are the union (current labels win).
 */
export function mergeQuestions(definitions: FormDefinition[]): {
  columns: AnswerColumn[]
  questions: Map<string, Question>
} {
  const questions = new Map<string, Question>()
  for (const definition of definitions) {
    for (const q of allQuestions(definition)) {
      const known = questions.get(q.id)
      if (!known) {
        questions.set(q.id, q)
      } else if (isChoiceQuestion(known) && isChoiceQuestion(q)) {
        const ids = new Set(known.options.map((o) => o.id))
        const older: ChoiceOption[] = q.options.filter((o) => !ids.has(o.id))
        if (older.length > 0) questions.set(q.id, { ...known, options: [...known.options, ...older] })
      }
    }
  }
  const columns = [...questions.values()].map(
    (q): AnswerColumn => ({
      questionId: q.id,
      label: q.label,
      type: q.type,
      ...(isChoiceQuestion(q) ? { options: q.options.map((o) => ({ id: o.id, label: o.label })) } : {}),
    }),
  )
  return { columns, questions }
}

export type AnswerPeriod = { from?: string | undefined; to?: string | undefined }

/** The SQL side of a scope: tenant, form, period (Asia/Tokyo days, inclusive) and version. */
export function responseWhere(
  tenantId: string,
  formId: string,
  scope: AnswerPeriod & { versionId?: string | undefined },
): SQL {
  const where: SQL[] = [eq(formResponses.tenantId, tenantId), eq(formResponses.formId, formId)]
  if (scope.from) where.push(gte(formResponses.submittedAt, tokyoDayStart(scope.from)))
  if (scope.to)
    where.push(lt(formResponses.submittedAt, new Date(tokyoDayStart(scope.to).getTime() + DAY_MS)))
  if (scope.versionId) where.push(eq(formResponses.formVersionId, scope.versionId))
  return and(...where) as SQL
}

const responseColumns = {
  id: formResponses.id,
  formVersionId: formResponses.formVersionId,
  answersEnc: formResponses.answersEnc,
  language: formResponses.language,
  submittedAt: formResponses.submittedAt,
  updatedAt: formResponses.updatedAt,
  editCount: formResponses.editCount,
  citizenId: formResponses.citizenId,
  displayName: citizens.displayName,
  pictureUrl: citizens.pictureUrl,
  // The exact timestamp as text: a JS Date drops the microseconds, which would make the keyset
  // cursor skip rows submitted within the same millisecond.
  cursor: sql<string>`${formResponses.submittedAt}::text`,
}

export type ResponseRow = Omit<
  Awaited<ReturnType<typeof selectResponses>>[number],
  'answersEnc' | 'cursor'
> & { answers: Answers }

function selectResponses(db: DbOrTx, where: SQL, order: 'asc' | 'desc', limit: number, offset = 0) {
  const by = order === 'asc' ? asc : desc
  return db
    .select(responseColumns)
    .from(formResponses)
    .innerJoin(citizens, eq(citizens.id, formResponses.citizenId))
    .where(where)
    .orderBy(by(formResponses.submittedAt), by(formResponses.id))
    .limit(limit)
    .offset(offset)
}

function opened(secrets: SecretBox, rows: Awaited<ReturnType<typeof selectResponses>>): ResponseRow[] {
  return rows.map(({ answersEnc, cursor: _cursor, ...row }) => ({
    ...row,
    answers: openAnswers(secrets, answersEnc),
  }))
}

/** One page of answers (newest first), decrypted: for listing without answer filters. */
export async function responsePage(
  db: DbOrTx,
  secrets: SecretBox,
  where: SQL,
  page: { limit: number; offset: number },
): Promise<ResponseRow[]> {
  return opened(secrets, await selectResponses(db, where, 'desc', page.limit, page.offset))
}

/** How many answers are decrypted at once while scanning. */
export const SCAN_BATCH = 1000

/**
 * Every answer in the scope, decrypted, in batches of SCAN_BATCH with a keyset cursor. Answers
 * are sealed (SEC-2), so filters, counts and exports read them in the application; batching keeps
 * memory flat whatever the number of answers — scanning tens of thousands takes a few seconds at
 * most, which is fine for a city's surveys. Past that, filterable answers would need a searchable
 * (blind-index) column.
 */
export async function* scanResponses(
  db: DbOrTx,
  secrets: SecretBox,
  where: SQL,
  order: 'asc' | 'desc',
): AsyncGenerator<ResponseRow[]> {
  let after: { cursor: string; id: string } | null = null
  for (;;) {
    const cursorWhere: SQL | undefined = after
      ? order === 'asc'
        ? sql`(${formResponses.submittedAt}, ${formResponses.id}) > (${after.cursor}::timestamptz, ${after.id}::uuid)`
        : sql`(${formResponses.submittedAt}, ${formResponses.id}) < (${after.cursor}::timestamptz, ${after.id}::uuid)`
      : undefined
    const batch = await selectResponses(
      db,
      cursorWhere ? (and(where, cursorWhere) as SQL) : where,
      order,
      SCAN_BATCH,
    )
    if (batch.length === 0) return
    const last = batch[batch.length - 1]!
    after = { cursor: last.cursor, id: last.id }
    yield opened(secrets, batch)
    if (batch.length < SCAN_BATCH) return
  }
}

export type UploadedFileInfo = { id: string; contentType: string; byteSize: number; fileName: string | null }

/** The files attached to these answers, by response id (file names are sealed: they can hold a name). */
export async function uploadsOf(
  db: DbOrTx,
  secrets: SecretBox,
  tenantId: string,
  responseIds: string[],
): Promise<Map<string, UploadedFileInfo[]>> {
  const byResponse = new Map<string, UploadedFileInfo[]>()
  if (responseIds.length === 0) return byResponse
  const rows = await db
    .select({
      id: formUploads.id,
      responseId: formUploads.responseId,
      contentType: formUploads.contentType,
      byteSize: formUploads.byteSize,
      fileNameEnc: formUploads.fileNameEnc,
    })
    .from(formUploads)
    .where(and(eq(formUploads.tenantId, tenantId), inArray(formUploads.responseId, responseIds)))
    .orderBy(asc(formUploads.createdAt), asc(formUploads.id))
  for (const r of rows) {
    const list = byResponse.get(r.responseId!) ?? []
    list.push({
      id: r.id,
      contentType: r.contentType,
      byteSize: r.byteSize,
      fileName: r.fileNameEnc ? secrets.decrypt(r.fileNameEnc) : null,
    })
    byResponse.set(r.responseId!, list)
  }
  return byResponse
}

/** `formatAnswer`'s file lookup: upload id → its name. */
export function fileNames(
  files: UploadedFileInfo[] | undefined,
): Record<string, { fileName: string | null }> {
  return Object.fromEntries((files ?? []).map((f) => [f.id, { fileName: f.fileName }]))
}
