import { randomBytes } from 'node:crypto'
import type { Db } from '@kairan/db'
import { citizens } from '@kairan/db/schema'
import type { FormDefinition } from '@kairan/forms'
import type { CitizenCtx, StaffCtx } from '../ctx.ts'
import { testRequest } from '../testing/factories.ts'
import { createForm } from './create-form.ts'
import { getForm } from './get-form.ts'
import { publishForm } from './publish-form.ts'
import { saveFormDraft } from './save-form-draft.ts'
import { updateFormSettings } from './update-form-settings.ts'

/** Test data for forms (CONVENTIONS C19): built through the verbs staff use, unique per call. */

/** A resident survey with the question kinds the server treats specially. */
export function residentSurvey(): FormDefinition {
  return {
    schemaVersion: 1,
    title: { ja: '防災アンケート', en: 'Disaster survey' },
    sections: [
      {
        id: 's_main',
        questions: [
          { id: 'q_name', type: 'short_text', label: { ja: 'お名前', en: 'Name' }, required: true },
          {
            id: 'q_code',
            type: 'short_text',
            label: { ja: '会員番号（半角）', en: 'Member number' },
            required: false,
            charRule: { kind: 'half_width', convert: false },
          },
          { id: 'q_mail', type: 'email', label: { ja: 'メールアドレス', en: 'E-mail' }, required: false },
          {
            id: 'q_district',
            type: 'single_choice',
            label: { ja: 'お住まいの地区', en: 'District' },
            required: false,
            attributeKey: 'district',
            options: [
              { id: 'o_north', label: { ja: '北地区', en: 'North' } },
              { id: 'o_south', label: { ja: '南地区', en: 'South' } },
            ],
          },
          {
            id: 'q_photo',
            type: 'image',
            label: { ja: '被害の写真', en: 'Photo of the damage' },
            required: false,
            maxFiles: 2,
            maxSizeMb: 1,
          },
          { id: 'q_staff', type: 'staff_note', label: { ja: '職員メモ' }, required: false },
        ],
      },
    ],
    consent: { checkboxLabel: { ja: '利用規約に同意します', en: 'I agree to the terms' } },
  }
}

/** A form created, drafted and published by `admin`, with these settings. */
export async function publishedForm(
  admin: StaffCtx,
  definition: FormDefinition = residentSurvey(),
  settings: Partial<{
    answerMode: 'single' | 'multiple'
    opensAt: Date | null
    closesAt: Date | null
    responseLimit: number | null
    sendsReceipt: boolean
  }> = {},
) {
  const { id: formId } = await createForm({ ctx: admin, input: { title: definition.title.ja! } })
  const { revision } = await saveFormDraft({ ctx: admin, input: { formId, expectedRevision: 1, definition } })
  await updateFormSettings({
    ctx: admin,
    input: {
      formId,
      answerMode: 'single',
      opensAt: null,
      closesAt: null,
      responseLimit: null,
      sendsReceipt: false,
      ...settings,
    },
  })
  const { versionId } = await publishForm({ ctx: admin, input: { formId, expectedRevision: revision } })
  return { formId, versionId, revision }
}

/** A resident of the channel signed in on its LIFF pages, as the citizen guard builds it. */
export async function residentCtx(
  db: Db,
  tenantId: string,
  channelId: string,
  options: { lineUserId?: string; status?: 'following' | 'not_following' } = {},
): Promise<CitizenCtx & { lineUserId: string }> {
  const lineUserId = options.lineUserId ?? `U${randomBytes(16).toString('hex')}`
  const [citizen] = await db
    .insert(citizens)
    .values({ tenantId, channelId, lineUserId, status: options.status ?? 'following', displayName: '住民' })
    .returning()
  return {
    db,
    request: testRequest,
    lineUserId,
    actor: { type: 'citizen', citizenId: citizen!.id, tenantId, channelId, sessionId: 'test' },
  }
}

export async function currentRevision(admin: StaffCtx, formId: string): Promise<number> {
  return (await getForm({ ctx: admin, input: { formId } })).draftRevision
}

/** The first bytes of real files, enough for the type sniffer. */
export const sampleFiles = {
  jpeg: () =>
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF photo bytes')]),
  pdf: () => Buffer.from('%PDF-1.7\n1 0 obj'),
  mp4: () =>
    Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from('ftypisom\0\0\0\0isomavc1'),
      Buffer.from('video'),
    ]),
}
