import { randomBytes } from 'node:crypto'
import type { Db } from '@kairan/db'
import { citizens, formResponses, forms, formUploads, formVersions } from '@kairan/db/schema'
import type { Answers, FormDefinition } from '@kairan/forms'
import { eq } from 'drizzle-orm'
import type { SecretBox } from '../../shared/secret-box.ts'
import { sealAnswers } from '../answers-codec.ts'

/**
 * Test data for the answer reads (CONVENTIONS C19): forms, versions, residents, answers and
 * uploads inserted as rows, the way the submit verb leaves them (answers sealed).
 */

/** A survey with one question of each kind the answer pages treat differently. */
export function surveyV1(): FormDefinition {
  return {
    schemaVersion: 1,
    title: { ja: '市民アンケート: 2026/秋', en: 'Citizen survey' },
    sections: [
      {
        id: 's1',
        questions: [
          { id: 'q_name', type: 'short_text', label: { ja: 'お名前', en: 'Name' }, required: true },
          {
            id: 'q_color',
            type: 'single_choice',
            label: { ja: '好きな色', en: 'Favourite colour' },
            required: false,
            options: [
              { id: 'red', label: { ja: '赤', en: 'Red' } },
              { id: 'blue', label: { ja: '青', en: 'Blue' } },
            ],
          },
          {
            id: 'q_fruits',
            type: 'multiple_choice',
            label: { ja: '好きな果物', en: 'Fruits' },
            required: false,
            options: [
              { id: 'apple', label: { ja: 'りんご', en: 'Apple' } },
              { id: 'orange', label: { ja: 'みかん', en: 'Orange' } },
              { id: 'grape', label: { ja: 'ぶどう' } },
            ],
          },
          { id: 'q_phone', type: 'phone', label: { ja: '電話番号', en: 'Phone' }, required: false },
          { id: 'q_note', type: 'long_text', label: { ja: 'ご意見', en: 'Comments' }, required: false },
          {
            id: 'q_photo',
            type: 'image',
            label: { ja: '写真', en: 'Photo' },
            required: false,
            maxFiles: 2,
            maxSizeMb: 10,
          },
        ],
      },
    ],
  }
}

/** Version 2: a new option and a new question; the comments question is gone. */
export function surveyV2(): FormDefinition {
  const v1 = surveyV1()
  const questions = v1.sections[0]!.questions.filter((q) => q.id !== 'q_note')
  const color = questions.find((q) => q.id === 'q_color')
  if (color?.type === 'single_choice') color.options.push({ id: 'green', label: { ja: '緑', en: 'Green' } })
  questions.push({
    id: 'q_age',
    type: 'number',
    label: { ja: '年齢', en: 'Age' },
    required: false,
    integer: true,
  })
  return { ...v1, sections: [{ id: 's1', questions }] }
}

export async function insertForm(
  db: Db,
  tenantId: string,
  definitions: FormDefinition[],
): Promise<{ formId: string; versions: { id: string; version: number }[] }> {
  const last = definitions[definitions.length - 1]!
  const [form] = await db.insert(forms).values({ tenantId, draftDefinition: last }).returning()
  const versions: { id: string; version: number }[] = []
  for (const [i, definition] of definitions.entries()) {
    const [v] = await db
      .insert(formVersions)
      .values({ tenantId, formId: form!.id, version: i + 1, definition })
      .returning()
    versions.push({ id: v!.id, version: v!.version })
  }
  if (versions.length > 0) {
    await db
      .update(forms)
      .set({ currentVersionId: versions[versions.length - 1]!.id })
      .where(eq(forms.id, form!.id))
  }
  return { formId: form!.id, versions }
}

export async function insertCitizen(db: Db, tenantId: string, channelId: string, displayName: string | null) {
  const [citizen] = await db
    .insert(citizens)
    .values({
      tenantId,
      channelId,
      lineUserId: `U${randomBytes(16).toString('hex')}`,
      status: 'following',
      displayName,
    })
    .returning()
  return citizen!
}

export type ResponseSeed = {
  citizenId: string
  versionId: string
  answers: Answers
  language?: string
  submittedAt?: Date
  editCount?: number
  updatedAt?: Date
}

export async function insertResponses(
  db: Db,
  secrets: SecretBox,
  scope: { tenantId: string; channelId: string; formId: string },
  seeds: ResponseSeed[],
): Promise<string[]> {
  const rows = await db
    .insert(formResponses)
    .values(
      seeds.map((s) => ({
        ...scope,
        formVersionId: s.versionId,
        citizenId: s.citizenId,
        answersEnc: sealAnswers(secrets, s.answers),
        language: s.language ?? 'ja',
        ...(s.submittedAt ? { submittedAt: s.submittedAt } : {}),
        ...(s.updatedAt ? { updatedAt: s.updatedAt } : {}),
        editCount: s.editCount ?? 0,
      })),
    )
    .returning({ id: formResponses.id })
  return rows.map((r) => r.id)
}

export async function insertUpload(
  db: Db,
  secrets: SecretBox,
  scope: { tenantId: string; channelId: string; formId: string; citizenId: string },
  upload: { questionId: string; responseId: string; fileName: string; contentType?: string },
) {
  const [row] = await db
    .insert(formUploads)
    .values({
      ...scope,
      questionId: upload.questionId,
      responseId: upload.responseId,
      storageKey: `test/${randomBytes(8).toString('hex')}`,
      contentType: upload.contentType ?? 'image/jpeg',
      byteSize: 1234,
      fileNameEnc: secrets.encrypt(upload.fileName),
    })
    .returning()
  return row!
}
