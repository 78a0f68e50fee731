import type { DbOrTx } from '@kairan/db'
import { formUploads, formVersions } from '@kairan/db/schema'
import { type Answers, type FormDefinition, isUploadQuestion } from '@kairan/forms'
import { and, eq, inArray } from 'drizzle-orm'
import { NotFound } from '../errors.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import { storedDefinition } from './answers-codec.ts'

/** What residents are shown of a definition: staff-only notes are left out entirely. */
export function residentDefinition(def: FormDefinition): FormDefinition {
  return {
    ...def,
    sections: def.sections.map((s) => ({
      ...s,
      questions: s.questions.filter((q) => q.type !== 'staff_note'),
    })),
  }
}

/** A resident's own answers without what staff wrote on them (staff notes). */
export function residentAnswers(def: FormDefinition, answers: Answers): Answers {
  const staffOnly = new Set(
    def.sections.flatMap((s) => s.questions.filter((q) => q.type === 'staff_note').map((q) => q.id)),
  )
  return Object.fromEntries(Object.entries(answers).filter(([id]) => !staffOnly.has(id)))
}

/** A published version of this form (of this tenant), or form_not_found. */
export async function requireFormVersion(db: DbOrTx, tenantId: string, formId: string, versionId: string) {
  const [version] = await db
    .select()
    .from(formVersions)
    .where(
      and(
        eq(formVersions.id, versionId),
        eq(formVersions.formId, formId),
        eq(formVersions.tenantId, tenantId),
      ),
    )
  if (!version) throw new NotFound('errors.form_not_found')
  return { ...version, definition: storedDefinition(version.definition) }
}

/** Upload ids an answer set refers to, by the question they answer. */
export function uploadIdsByQuestion(def: FormDefinition, answers: Answers): Map<string, string[]> {
  const byQuestion = new Map<string, string[]>()
  for (const q of def.sections.flatMap((s) => s.questions)) {
    const value = answers[q.id]
    if (isUploadQuestion(q) && Array.isArray(value) && value.length > 0) byQuestion.set(q.id, value)
  }
  return byQuestion
}

export type UploadedFileInfo = { id: string; contentType: string; byteSize: number; fileName: string | null }

/** The files attached to these responses, as the renderer lists them, by response. */
export async function filesOfResponses(
  db: DbOrTx,
  secrets: SecretBox,
  responseIds: readonly string[],
): Promise<Map<string, UploadedFileInfo[]>> {
  const files = new Map<string, UploadedFileInfo[]>()
  if (responseIds.length === 0) return files
  const rows = await db
    .select()
    .from(formUploads)
    .where(inArray(formUploads.responseId, [...responseIds]))
    .orderBy(formUploads.createdAt)
  for (const row of rows) {
    const list = files.get(row.responseId!) ?? []
    list.push({
      id: row.id,
      contentType: row.contentType,
      byteSize: row.byteSize,
      fileName: row.fileNameEnc ? secrets.decrypt(row.fileNameEnc) : null,
    })
    files.set(row.responseId!, list)
  }
  return files
}
