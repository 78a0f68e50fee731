import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { FormDefinition } from '@kairan/forms'
import { describe, expect, it } from 'vitest'
import { Conflict, type DomainError, Forbidden, Invalid, NotFound } from '../errors.ts'
import { createTenant, staffCtx } from '../testing/factories.ts'
import { testSecrets } from '../testing/line-events.ts'
import { testBlobStore } from '../testing/storage.ts'
import { useTestDb } from '../testing/use-test-db.ts'
import { createForm } from './create-form.ts'
import { duplicateForm } from './duplicate-form.ts'
import { archiveForm, setFormClosed, unarchiveForm } from './form-lifecycle.ts'
import { deleteAbandonedUploads, readFormUpload, storeFormUpload } from './form-uploads.ts'
import { currentRevision, publishedForm, residentCtx, residentSurvey, sampleFiles } from './forms-test-kit.ts'
import { getCitizenForm } from './get-citizen-form.ts'
import { getForm } from './get-form.ts'
import { listForms } from './list-forms.ts'
import { listOpenForms } from './list-open-forms.ts'
import { publishForm } from './publish-form.ts'
import { saveFormDraft } from './save-form-draft.ts'
import { submitFormResponse } from './submit-form-response.ts'
import { updateFormSettings } from './update-form-settings.ts'

const testDb = useTestDb()
const secrets = testSecrets()
const storage = testBlobStore()

async function city() {
  const { db } = testDb.current
  const tenant = await createTenant(db)
  const admin = await staffCtx(db, tenant.id, { role: 'tenant_admin' })
  const channel = tenant.channels[0]!
  const resident = (options?: Parameters<typeof residentCtx>[3]) =>
    residentCtx(db, tenant.id, channel.id, options)
  return { db, tenant, admin, channel, resident }
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise
  } catch (error) {
    return error as DomainError
  }
  throw new Error('expected a refusal')
}

const validAnswers = { q_name: '山田 太郎', q_district: 'o_north' }

async function rowCount(table: string, where: string, value: string): Promise<number> {
  const [row] = await testDb.current.sql.unsafe(
    `select count(*)::int as n from ${table} where ${where} = $1`,
    [value],
  )
  return row!.n as number
}

async function accessActions(targetId: string): Promise<string[]> {
  const rows = await testDb.current
    .sql`select action from access_logs where target_id = ${targetId} order by created_at, id`
  return rows.map((r) => r.action as string)
}

describe('form drafts (staff)', () => {
  it('creates a draft, lists it, and refuses a save based on a revision a colleague replaced', async () => {
    const { db, tenant, admin } = await city()
    const colleague = await staffCtx(db, tenant.id, { permissions: ['forms.manage'] })
    const { id: formId } = await createForm({ ctx: admin, input: { title: '防災アンケート' } })
    const loaded = await getForm({ ctx: admin, input: { formId } })
    expect(loaded).toMatchObject({
      status: 'draft',
      draftRevision: 1,
      currentVersion: null,
      hasUnpublishedChanges: true,
    })
    expect(loaded.draft.title).toEqual({ ja: '防災アンケート' })
    expect((await listForms({ ctx: admin, input: { status: 'draft', q: '防災' } })).map((f) => f.id)).toEqual(
      [formId],
    )
    expect(await listForms({ ctx: admin, input: { status: 'open' } })).toEqual([])

    // Both loaded revision 1; the colleague saves first.
    const first = await saveFormDraft({
      ctx: colleague,
      input: { formId, expectedRevision: 1, definition: residentSurvey() },
    })
    expect(first.revision).toBe(2)
    const stale = await refusal(
      saveFormDraft({
        ctx: admin,
        input: { formId, expectedRevision: 1, definition: { ...residentSurvey(), title: { ja: '上書き' } } },
      }),
    )
    expect(stale).toBeInstanceOf(Conflict)
    expect(stale.key).toBe('errors.form_draft_conflict')
    const [who] = await testDb.current
      .sql`select display_name from staff_users where id = ${colleague.actor.userId}`
    expect(stale.params).toMatchObject({ by: who!.display_name, at: first.updatedAt.toISOString() })
    expect((await getForm({ ctx: admin, input: { formId } })).draft.title.ja).toBe('防災アンケート')
    // Reloaded, the save goes through.
    expect(
      (
        await saveFormDraft({
          ctx: admin,
          input: { formId, expectedRevision: 2, definition: residentSurvey() },
        })
      ).revision,
    ).toBe(3)
    expect(await accessActions(formId)).toEqual(['form.create', 'form.draft', 'form.draft'])
  })

  it('reports a malformed draft per field, and keeps tenants apart', async () => {
    const { db, admin } = await city()
    const { id: formId } = await createForm({ ctx: admin, input: { title: 'x' } })
    const broken = {
      ...residentSurvey(),
      sections: [{ id: 's1', questions: [{ id: 'q1', type: 'short_text', label: { en: 'No Japanese' } }] }],
    }
    const invalid = await refusal(
      saveFormDraft({ ctx: admin, input: { formId, expectedRevision: 1, definition: broken } }),
    )
    expect(invalid).toBeInstanceOf(Invalid)
    expect((invalid as Invalid).fields).toEqual({ 'sections.0.questions.0.label': 'ja_required' })

    const other = await createTenant(db)
    const outsider = await staffCtx(db, other.id, { role: 'tenant_admin' })
    expect(await refusal(getForm({ ctx: outsider, input: { formId } }))).toBeInstanceOf(NotFound)
    expect(
      await refusal(
        saveFormDraft({
          ctx: outsider,
          input: { formId, expectedRevision: 1, definition: residentSurvey() },
        }),
      ),
    ).toBeInstanceOf(NotFound)
    // Answer readers find their forms in the list; staff with neither permission do not.
    const readerCity = (await createTenant(db)).id
    const reader = await staffCtx(db, readerCity, { permissions: ['form_answers.read'] })
    expect(await listForms({ ctx: reader })).toEqual([])
    const unrelated = await staffCtx(db, readerCity, { permissions: ['friends.read'] })
    expect(await refusal(listForms({ ctx: unrelated }))).toBeInstanceOf(Forbidden)
    expect(await refusal(getForm({ ctx: reader, input: { formId } }))).toBeInstanceOf(Forbidden)
  })
})

describe('publishing (FORM-7)', () => {
  it('refuses an incomplete draft per path, then makes versions 1 and 2', async () => {
    const { admin } = await city()
    const { id: formId } = await createForm({ ctx: admin, input: { title: '調査' } })
    const draft = residentSurvey()
    // A condition on a later question: fine to save, not to publish.
    draft.sections[0]!.questions[0] = {
      ...draft.sections[0]!.questions[0]!,
      showWhen: { questionId: 'q_district', operator: 'equals', value: 'o_north' },
    } as FormDefinition['sections'][number]['questions'][number]
    await saveFormDraft({ ctx: admin, input: { formId, expectedRevision: 1, definition: draft } })
    const incomplete = await refusal(publishForm({ ctx: admin, input: { formId, expectedRevision: 2 } }))
    expect(incomplete.key).toBe('errors.form_definition_invalid')
    expect((incomplete as Invalid).fields).toEqual({
      'sections.0.questions.0.showWhen.questionId': 'condition_target_invalid',
    })
    expect(await refusal(publishForm({ ctx: admin, input: { formId, expectedRevision: 1 } }))).toBeInstanceOf(
      Conflict,
    )

    await saveFormDraft({ ctx: admin, input: { formId, expectedRevision: 2, definition: residentSurvey() } })
    const v1 = await publishForm({ ctx: admin, input: { formId, expectedRevision: 3 } })
    expect(v1.version).toBe(1)
    // Nothing changed: no new version.
    expect(await publishForm({ ctx: admin, input: { formId, expectedRevision: 3 } })).toEqual(v1)
    const changed = { ...residentSurvey(), title: { ja: '防災アンケート（第2版）' } }
    await saveFormDraft({ ctx: admin, input: { formId, expectedRevision: 3, definition: changed } })
    expect((await getForm({ ctx: admin, input: { formId } })).hasUnpublishedChanges).toBe(true)
    const v2 = await publishForm({ ctx: admin, input: { formId, expectedRevision: 4 } })
    expect(v2.version).toBe(2)
    const detail = await getForm({ ctx: admin, input: { formId } })
    expect(detail).toMatchObject({
      status: 'open',
      hasUnpublishedChanges: false,
      currentVersion: { id: v2.versionId, version: 2 },
    })
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1])
    expect(detail.currentVersion?.definition.title.ja).toBe('防災アンケート（第2版）')
    expect((await accessActions(formId)).filter((a) => a === 'form.publish')).toHaveLength(2)
  })

  it('a form edited while a resident answers the old version keeps the answer on that version', async () => {
    const { admin, resident } = await city()
    const { formId, versionId: v1 } = await publishedForm(admin)
    const taro = await resident()
    const shown = await getCitizenForm({ ctx: taro, secrets, input: { formId } })
    expect(shown.version.id).toBe(v1)
    // Staff notes never reach residents.
    expect(shown.version.definition.sections[0]!.questions.map((q) => q.id)).not.toContain('q_staff')

    // Meanwhile staff drop the member-number question and add an age question, and publish v2.
    const v2Definition = residentSurvey()
    const questions = v2Definition.sections[0]!.questions.filter((q) => q.id !== 'q_code')
    questions.push({ id: 'q_age', type: 'number', label: { ja: '年齢' }, required: false, integer: true })
    v2Definition.sections[0]!.questions = questions
    const revision = await currentRevision(admin, formId)
    await saveFormDraft({
      ctx: admin,
      input: { formId, expectedRevision: revision, definition: v2Definition },
    })
    const { versionId: v2 } = await publishForm({
      ctx: admin,
      input: { formId, expectedRevision: revision + 1 },
    })

    // The resident sends what v1 asked, on v1: accepted and stored with v1.
    const sent = await submitFormResponse({
      ctx: taro,
      secrets,
      input: {
        formId,
        versionId: v1,
        answers: { ...validAnswers, q_code: 'A-123' },
        consent: true,
        language: 'ja',
      },
    })
    expect(sent.edited).toBe(false)
    // Reopened: v2, with the answer (given on v1) to prefill it.
    const reopened = await getCitizenForm({ ctx: taro, secrets, input: { formId } })
    expect(reopened.version.id).toBe(v2)
    expect(reopened.myResponses).toEqual([
      expect.objectContaining({
        id: sent.responseId,
        formVersionId: v1,
        answers: { ...validAnswers, q_code: 'A-123' },
      }),
    ])
    const edited = await submitFormResponse({
      ctx: taro,
      secrets,
      input: {
        formId,
        versionId: v2,
        responseId: sent.responseId,
        answers: { ...validAnswers, q_age: '４２' },
        consent: true,
        language: 'ja',
      },
    })
    expect(edited).toMatchObject({ responseId: sent.responseId, edited: true })
    const [row] = await testDb.current
      .sql`select form_version_id, edit_count from form_responses where id = ${sent.responseId}`
    expect(row).toEqual({ form_version_id: v2, edit_count: 1 })
    const detail = await getForm({ ctx: admin, input: { formId } })
    expect(detail.versions.map((v) => [v.version, v.responseCount])).toEqual([
      [2, 1],
      [1, 0],
    ])
    expect(detail.responseCount).toBe(1)
  })
})

describe('answering', () => {
  it('stores answers sealed, drops what the validator drops, and maps attributes', async () => {
    const { admin, resident } = await city()
    const { formId, versionId } = await publishedForm(admin)
    const taro = await resident()
    await submitFormResponse({
      ctx: taro,
      secrets,
      input: {
        formId,
        versionId,
        answers: { ...validAnswers, q_staff: '住民が書いたメモ', q_unknown: 'x' },
        consent: true,
        language: 'en',
      },
    })
    const [row] = await testDb.current
      .sql`select answers_enc, language from form_responses where form_id = ${formId}`
    expect(row!.answers_enc).not.toContain('山田')
    expect(row!.language).toBe('en')
    const mine = await getCitizenForm({ ctx: taro, secrets, input: { formId } })
    expect(mine.myResponses[0]!.answers).toEqual(validAnswers)
    const attribute = async () =>
      (
        await testDb.current
          .sql`select values from citizen_attribute_values where citizen_id = ${taro.actor.citizenId} and key = 'district'`
      )[0]?.values
    expect(await attribute()).toEqual(['o_north'])
    await submitFormResponse({
      ctx: taro,
      secrets,
      input: {
        formId,
        versionId,
        answers: { ...validAnswers, q_district: 'o_south' },
        consent: true,
        language: 'ja',
      },
    })
    expect(await attribute()).toEqual(['o_south'])
    // Left empty on an edit: the attribute this form set is removed.
    await submitFormResponse({
      ctx: taro,
      secrets,
      input: { formId, versionId, answers: { q_name: '山田' }, consent: true, language: 'ja' },
    })
    expect(await attribute()).toBeUndefined()
  })

  it('single mode keeps one editable answer; multiple mode adds answers and refuses edits', async () => {
    const { admin, resident } = await city()
    const single = await publishedForm(admin)
    const taro = await resident()
    const hanako = await resident()
    const submit = (ctx: typeof taro, form: typeof single, extra: object = {}) =>
      submitFormResponse({
        ctx,
        secrets,
        input: {
          formId: form.formId,
          versionId: form.versionId,
          answers: validAnswers,
          consent: true,
          language: 'ja',
          ...extra,
        },
      })
    const first = await submit(taro, single)
    // A second tab, no responseId: the same answer is changed, no second row.
    const again = await submit(taro, single)
    expect(again).toMatchObject({ responseId: first.responseId, edited: true })
    expect(await rowCount('form_responses', 'form_id', single.formId)).toBe(1)
    expect(await refusal(submit(hanako, single, { responseId: first.responseId }))).toBeInstanceOf(NotFound)

    const multiple = await publishedForm(admin, residentSurvey(), { answerMode: 'multiple' })
    const a = await submit(taro, multiple)
    const b = await submit(taro, multiple)
    expect(a.responseId).not.toBe(b.responseId)
    expect((await refusal(submit(taro, multiple, { responseId: a.responseId }))).key).toBe(
      'errors.form_response_not_editable',
    )
    // A retry of a submission whose reply was lost (same key) finds it; it is not stored twice.
    const submissionKey = '6f1c2a7e-8d34-4b8e-9f0a-2c3d4e5f6a7b'
    const sent = await submit(taro, multiple, { submissionKey })
    const retried = await submit(taro, multiple, { submissionKey })
    expect(retried).toMatchObject({ responseId: sent.responseId, edited: false })
    expect(await rowCount('form_responses', 'form_id', multiple.formId)).toBe(3)
    // Another resident's key space is their own.
    expect((await submit(hanako, multiple, { submissionKey })).responseId).not.toBe(sent.responseId)
    expect(
      (await getCitizenForm({ ctx: taro, secrets, input: { formId: multiple.formId } })).myResponses,
    ).toHaveLength(3)
    expect((await listOpenForms({ ctx: taro })).find((f) => f.id === multiple.formId)?.myResponseCount).toBe(
      3,
    )
    // The answer mode cannot change under existing answers.
    const settings = {
      formId: multiple.formId,
      answerMode: 'single' as const,
      opensAt: null,
      closesAt: null,
      responseLimit: null,
      sendsReceipt: false,
    }
    expect((await refusal(updateFormSettings({ ctx: admin, input: settings }))).key).toBe(
      'errors.form_has_responses',
    )
  })

  it('accepts answers only while the form is open', async () => {
    const { admin, resident } = await city()
    const hour = 60 * 60 * 1000
    const later = await publishedForm(admin, residentSurvey(), { opensAt: new Date(Date.now() + hour) })
    const over = await publishedForm(admin, residentSurvey(), {
      closesAt: new Date(Date.now() - 1000),
      opensAt: new Date(Date.now() - hour),
    })
    const open = await publishedForm(admin)
    const taro = await resident()
    const submit = (form: { formId: string; versionId: string }) =>
      submitFormResponse({
        ctx: taro,
        secrets,
        input: { ...form, answers: validAnswers, consent: true, language: 'ja' },
      })
    expect((await refusal(submit(later))).key).toBe('errors.form_not_open')
    expect((await refusal(submit(over))).key).toBe('errors.form_closed')
    expect((await getCitizenForm({ ctx: taro, secrets, input: { formId: later.formId } })).status).toBe(
      'not_open_yet',
    )
    expect((await listOpenForms({ ctx: taro })).map((f) => f.id)).toEqual([open.formId])
    expect((await listForms({ ctx: admin })).map((f) => [f.id, f.status])).toEqual(
      expect.arrayContaining([
        [later.formId, 'scheduled'],
        [over.formId, 'closed'],
        [open.formId, 'open'],
      ]),
    )

    await setFormClosed({ ctx: admin, input: { formId: open.formId, closed: true } })
    expect((await refusal(submit(open))).key).toBe('errors.form_closed')
    expect(await listOpenForms({ ctx: taro })).toEqual([])
    await setFormClosed({ ctx: admin, input: { formId: open.formId, closed: false } })
    await submit(open)
    await archiveForm({ ctx: admin, input: { formId: open.formId } })
    expect((await refusal(submit(open))).key).toBe('errors.form_closed')
    expect((await listForms({ ctx: admin, input: { status: 'archived' } })).map((f) => f.id)).toEqual([
      open.formId,
    ])
    await unarchiveForm({ ctx: admin, input: { formId: open.formId } })
    expect(await accessActions(open.formId)).toEqual(
      expect.arrayContaining(['form.close', 'form.reopen', 'form.archive', 'form.unarchive']),
    )

    // Residents of another city never see the form.
    const elsewhere = await createTenant(testDb.current.db)
    const stranger = await residentCtx(testDb.current.db, elsewhere.id, elsewhere.channels[0]!.id)
    expect(
      (await refusal(getCitizenForm({ ctx: stranger, secrets, input: { formId: open.formId } }))).key,
    ).toBe('errors.form_not_found')
    const theirs = submitFormResponse({
      ctx: stranger,
      secrets,
      input: { ...open, answers: validAnswers, consent: true, language: 'ja' },
    })
    expect((await refusal(theirs)).key).toBe('errors.form_not_found')
    expect(await listOpenForms({ ctx: stranger })).toEqual([])

    // Unpublished forms do not exist for residents.
    const { id: draftOnly } = await createForm({ ctx: admin, input: { title: '下書き' } })
    expect((await refusal(getCitizenForm({ ctx: taro, secrets, input: { formId: draftOnly } }))).key).toBe(
      'errors.form_not_found',
    )
  })

  it('DESIGN invariant 3: 20 residents at once on a limit of 5 make exactly 5 answers', async () => {
    const { admin, resident } = await city()
    const { formId, versionId } = await publishedForm(admin, residentSurvey(), { responseLimit: 5 })
    const residents = await Promise.all(Array.from({ length: 20 }, () => resident()))
    const results = await Promise.allSettled(
      residents.map((ctx) =>
        submitFormResponse({
          ctx,
          secrets,
          input: { formId, versionId, answers: validAnswers, consent: true, language: 'ja' },
        }),
      ),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5)
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(refused.map((r) => (r.reason as DomainError).key)).toEqual(
      Array(15).fill('errors.form_limit_reached'),
    )
    expect(await rowCount('form_responses', 'form_id', formId)).toBe(5)
    const detail = await getForm({ ctx: admin, input: { formId } })
    expect(detail).toMatchObject({ responseCount: 5, status: 'closed' })

    // Full, yet a resident who answered may still change their answer (single mode).
    const winner = residents[results.findIndex((r) => r.status === 'fulfilled')]!
    const edit = await submitFormResponse({
      ctx: winner,
      secrets,
      input: {
        formId,
        versionId,
        answers: { ...validAnswers, q_name: '変更後' },
        consent: true,
        language: 'ja',
      },
    })
    expect(edit.edited).toBe(true)
    const loser = residents[results.findIndex((r) => r.status === 'rejected')]!
    expect((await getCitizenForm({ ctx: loser, secrets, input: { formId } })).status).toBe('limit_reached')
    expect((await listOpenForms({ ctx: loser })).map((f) => f.id)).not.toContain(formId)
    expect((await listOpenForms({ ctx: winner })).map((f) => f.id)).toContain(formId)

    // Lowering the limit below the answers is allowed; raising it reopens.
    const settings = {
      formId,
      answerMode: 'single' as const,
      opensAt: null,
      closesAt: null,
      sendsReceipt: false,
    }
    await updateFormSettings({ ctx: admin, input: { ...settings, responseLimit: 3 } })
    expect((await getForm({ ctx: admin, input: { formId } })).status).toBe('closed')
    await updateFormSettings({ ctx: admin, input: { ...settings, responseLimit: 6 } })
    await submitFormResponse({
      ctx: loser,
      secrets,
      input: { formId, versionId, answers: validAnswers, consent: true, language: 'ja' },
    })
    expect(await rowCount('form_responses', 'form_id', formId)).toBe(6)
  })

  it('checks settings: the closing time after the opening time', async () => {
    const { admin } = await city()
    const { formId } = await publishedForm(admin)
    const base = { formId, answerMode: 'single' as const, responseLimit: null, sendsReceipt: false }
    await expect(
      updateFormSettings({
        ctx: admin,
        input: {
          ...base,
          opensAt: new Date('2030-04-02T00:00:00Z'),
          closesAt: new Date('2030-04-01T00:00:00Z'),
        },
      }),
    ).rejects.toThrow(/errors.form_closes_before_opens/)
    await expect(
      updateFormSettings({ ctx: admin, input: { ...base, opensAt: null, closesAt: null, responseLimit: 0 } }),
    ).rejects.toThrow(/errors.form_response_limit_range/)
    const saved = await updateFormSettings({
      ctx: admin,
      input: { ...base, opensAt: '2030-04-01T09:00:00+09:00' as never, closesAt: null },
    })
    expect(saved.opensAt?.toISOString()).toBe('2030-04-01T00:00:00.000Z')
  })

  it('duplicates a form as a new unpublished draft', async () => {
    const { admin } = await city()
    const { formId } = await publishedForm(admin, residentSurvey(), { responseLimit: 10, sendsReceipt: true })
    const { id } = await duplicateForm({ ctx: admin, input: { formId } })
    const copy = await getForm({ ctx: admin, input: { formId: id } })
    expect(copy).toMatchObject({
      status: 'draft',
      currentVersion: null,
      settings: { responseLimit: 10, sendsReceipt: true },
    })
    expect(copy.draft.title).toEqual({ ja: '防災アンケート（コピー）', en: 'Disaster survey (copy)' })
    expect(copy.draft.sections).toEqual((await getForm({ ctx: admin, input: { formId } })).draft.sections)
  })
})

describe('uploads', () => {
  it('stores a photo encrypted, checks its limits and real type, and shows it only to its sender and to staff who may', async () => {
    const { db, tenant, admin, resident } = await city()
    const { formId, versionId } = await publishedForm(admin)
    const taro = await resident()
    const jiro = await resident()
    const upload = (ctx: typeof taro, data: Buffer, contentType = 'image/jpeg', questionId = 'q_photo') =>
      storeFormUpload({
        ctx,
        secrets,
        storage,
        input: { formId, questionId, fileName: '庭の写真.jpg', contentType, data },
      })

    const photo = await upload(taro, sampleFiles.jpeg())
    expect(photo).toMatchObject({
      contentType: 'image/jpeg',
      fileName: '庭の写真.jpg',
      byteSize: sampleFiles.jpeg().length,
    })
    const onDisk = await readFile(path.join(storage.dir, 'forms', tenant.id, formId, photo.id))
    expect(onDisk.includes(Buffer.from('JFIF photo bytes'))).toBe(false)

    expect(
      (await refusal(upload(taro, Buffer.concat([sampleFiles.jpeg(), Buffer.alloc(1024 * 1024)])))).key,
    ).toBe('errors.upload_too_large')
    // A PDF claiming to be a JPEG, and a video for a photo question.
    expect((await refusal(upload(taro, sampleFiles.pdf()))).key).toBe('errors.upload_type_not_allowed')
    expect((await refusal(upload(taro, sampleFiles.mp4(), 'video/mp4'))).key).toBe(
      'errors.upload_type_not_allowed',
    )
    expect((await refusal(upload(taro, sampleFiles.jpeg(), 'image/jpeg', 'q_name'))).key).toBe(
      'errors.not_found',
    )

    const own = await readFormUpload({ ctx: taro, secrets, storage, input: { uploadId: photo.id } })
    expect(own.data.equals(sampleFiles.jpeg())).toBe(true)
    expect(
      (await refusal(readFormUpload({ ctx: jiro, secrets, storage, input: { uploadId: photo.id } }))).key,
    ).toBe('errors.upload_not_found')
    // Not yet part of an answer: staff do not see it.
    expect(
      (await refusal(readFormUpload({ ctx: admin, secrets, storage, input: { uploadId: photo.id } }))).key,
    ).toBe('errors.upload_not_found')

    // Another resident cannot send it as theirs.
    const stolen = await refusal(
      submitFormResponse({
        ctx: jiro,
        secrets,
        input: {
          formId,
          versionId,
          answers: { ...validAnswers, q_photo: [photo.id] },
          consent: true,
          language: 'ja',
        },
      }),
    )
    expect(stolen.key).toBe('errors.form_invalid_answers')
    expect(Object.keys((stolen as Invalid).fields)).toEqual(['q_photo'])
    expect(await rowCount('form_responses', 'form_id', formId)).toBe(0)

    const sent = await submitFormResponse({
      ctx: taro,
      secrets,
      input: {
        formId,
        versionId,
        answers: { ...validAnswers, q_photo: [photo.id] },
        consent: true,
        language: 'ja',
      },
    })
    expect((await getCitizenForm({ ctx: taro, secrets, input: { formId } })).myResponses[0]!.files).toEqual([
      photo,
    ])
    const viewed = await readFormUpload({ ctx: admin, secrets, storage, input: { uploadId: photo.id } })
    expect(viewed).toMatchObject({ contentType: 'image/jpeg', fileName: '庭の写真.jpg' })
    expect(await accessActions(photo.id)).toEqual(['form_upload.view'])
    const noRight = await staffCtx(db, tenant.id, { permissions: ['forms.manage'] })
    expect(
      await refusal(readFormUpload({ ctx: noRight, secrets, storage, input: { uploadId: photo.id } })),
    ).toBeInstanceOf(Forbidden)
    const otherCity = await staffCtx(db, (await createTenant(db)).id, { role: 'tenant_admin' })
    expect(
      (await refusal(readFormUpload({ ctx: otherCity, secrets, storage, input: { uploadId: photo.id } })))
        .key,
    ).toBe('errors.upload_not_found')

    // An edit without the photo detaches it; the cleanup removes it (row and file) after a day.
    const spare = await upload(taro, sampleFiles.jpeg())
    await submitFormResponse({
      ctx: taro,
      secrets,
      input: {
        formId,
        versionId,
        responseId: sent.responseId,
        answers: validAnswers,
        consent: true,
        language: 'ja',
      },
    })
    const [detached] = await testDb.current.sql`select response_id from form_uploads where id = ${photo.id}`
    expect(detached!.response_id).toBeNull()
    await testDb.current
      .sql`update form_uploads set created_at = now() - interval '25 hours' where id = ${photo.id}`
    const kept = await upload(taro, sampleFiles.jpeg())
    const cleaned = await deleteAbandonedUploads(db, storage)
    expect(cleaned.deleted).toBeGreaterThanOrEqual(1)
    expect(await storage.get(`forms/${tenant.id}/${formId}/${photo.id}`)).toBeNull()
    expect(await rowCount('form_uploads', 'id', photo.id)).toBe(0)
    for (const fresh of [spare, kept]) expect(await rowCount('form_uploads', 'id', fresh.id)).toBe(1)
  })

  it('refuses uploads to a closed form', async () => {
    const { admin, resident } = await city()
    const { formId } = await publishedForm(admin)
    await setFormClosed({ ctx: admin, input: { formId, closed: true } })
    const taro = await resident()
    const closed = await refusal(
      storeFormUpload({
        ctx: taro,
        secrets,
        storage,
        input: { formId, questionId: 'q_photo', contentType: 'image/jpeg', data: sampleFiles.jpeg() },
      }),
    )
    expect(closed.key).toBe('errors.form_closed')
  })
})
