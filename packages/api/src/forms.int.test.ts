import { randomBytes } from 'node:crypto'
import {
  authenticateStaffRequest,
  type CitizenActor,
  createSecretBox,
  generateKeySpec,
  Invalid,
  storeFormUpload,
} from '@kairan/core'
import { createSignedInStaff, createTenant, testBlobStore } from '@kairan/core/testing'
import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import { CONSENT_FIELD, type FormDefinition, validateSubmission } from '@kairan/forms'
import { TRPCError } from '@trpc/server'
import { fetchRequestHandler } from '@trpc/server/adapters/fetch'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CitizenContext } from './citizen-trpc.ts'
import { citizenRouter, createCitizenCaller, createStaffCaller } from './index.ts'

/**
 * The citizen router refuses exactly what the LIFF page refuses: invalid answers sent straight to
 * tRPC (as a script could) come back with the validator's own per-question messages, and nothing
 * is stored. The form is built and published through the staff router.
 */
let t: TestDatabase
const secrets = createSecretBox(generateKeySpec())
const storage = testBlobStore()
const request = { ip: '198.51.100.30', userAgent: 'vitest' }

beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => {
  await t.drop()
})

const definition: FormDefinition = {
  schemaVersion: 1,
  title: { ja: '会員登録', en: 'Membership' },
  sections: [
    {
      id: 's1',
      questions: [
        { id: 'q_name', type: 'short_text', label: { ja: 'お名前', en: 'Name' }, required: true },
        {
          id: 'q_code',
          type: 'short_text',
          label: { ja: '会員番号', en: 'Member number' },
          required: false,
          charRule: { kind: 'half_width', convert: false },
        },
        { id: 'q_mail', type: 'email', label: { ja: 'メール', en: 'E-mail' }, required: false },
        {
          id: 'q_area',
          type: 'dropdown',
          label: { ja: '地区', en: 'Area' },
          required: false,
          options: [
            { id: 'o_east', label: { ja: '東', en: 'East' } },
            { id: 'o_west', label: { ja: '西', en: 'West' } },
          ],
        },
        {
          id: 'q_photo',
          type: 'image',
          label: { ja: '写真', en: 'Photo' },
          required: false,
          maxFiles: 1,
          maxSizeMb: 5,
        },
      ],
    },
  ],
  consent: { checkboxLabel: { ja: '同意します', en: 'I agree' } },
}

async function publishedCity() {
  const tenant = await createTenant(t.db)
  const { token } = await createSignedInStaff(t.db, tenant.id, { permissions: ['forms.manage'] })
  const auth = await authenticateStaffRequest(t.db, { token, request })
  const staff = createStaffCaller({ db: t.db, secrets, storage, request, sessionToken: token, auth })
  const { id: formId } = await staff.forms.create({ title: '会員登録' })
  const { revision } = await staff.forms.saveDraft({ formId, expectedRevision: 1, definition })
  const { versionId } = await staff.forms.publish({ formId, expectedRevision: revision })
  const channel = tenant.channels[0]!
  const resident = async (): Promise<CitizenContext> => {
    const [row] = await t.sql`
      insert into citizens (tenant_id, channel_id, line_user_id, status)
      values (${tenant.id}, ${channel.id}, ${`U${randomBytes(16).toString('hex')}`}, 'following') returning id`
    const actor: CitizenActor = {
      type: 'citizen',
      citizenId: row!.id,
      tenantId: tenant.id,
      channelId: channel.id,
      sessionId: 's',
    }
    return { db: t.db, secrets, storage, request, channelId: channel.id, actor }
  }
  return { tenant, formId, versionId, resident }
}

async function refusedFields(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError)
    const trpc = error as TRPCError
    expect(trpc.code).toBe('BAD_REQUEST')
    expect(trpc.cause).toBeInstanceOf(Invalid)
    expect((trpc.cause as Invalid).key).toBe('errors.form_invalid_answers')
    return (trpc.cause as Invalid).fields
  }
  throw new Error('the server accepted what it should refuse')
}

const valid = { q_name: 'Taro Yamada' }

describe('citizen forms router', () => {
  it('refuses what the page refuses, with the same messages, and stores nothing', async () => {
    const { formId, versionId, resident } = await publishedCity()
    const taro = await resident()
    const caller = createCitizenCaller(taro)
    const shown = await caller.forms.get({ formId })
    expect(shown).toMatchObject({ status: 'open', version: { id: versionId, version: 1 }, myResponses: [] })

    const cases: [string, Record<string, unknown>, boolean][] = [
      ['full-width text in a half-width-only field', { ...valid, q_code: 'ＡＢＣ１２３' }, true],
      ['a required question left empty', { q_name: '   ' }, true],
      ['a malformed e-mail address', { ...valid, q_mail: 'taro@' }, true],
      ['an option the question does not have', { ...valid, q_area: 'o_north' }, true],
      ['the consent box unticked', valid, false],
    ]
    for (const [what, answers, consent] of cases) {
      const input = { formId, versionId, answers: answers as never, consent, language: 'en' }
      const fields = await refusedFields(caller.forms.submit(input))
      // The very messages the browser shows, from the same validator.
      const client = validateSubmission(shown.version.definition, { answers, consent }, { language: 'en' })
      expect(client.ok, what).toBe(false)
      expect(fields, what).toEqual(client.ok ? {} : client.errors)
    }
    expect(
      Object.keys(
        await refusedFields(
          caller.forms.submit({ formId, versionId, answers: valid, consent: false, language: 'en' }),
        ),
      ),
    ).toEqual([CONSENT_FIELD])

    // Another resident's upload id: refused on the photo question.
    const hanako = await resident()
    const photo = await storeFormUpload({
      ctx: { db: t.db, request, actor: hanako.actor! },
      secrets,
      storage,
      input: {
        formId,
        questionId: 'q_photo',
        contentType: 'image/png',
        data: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      },
    })
    const stolen = await refusedFields(
      caller.forms.submit({
        formId,
        versionId,
        answers: { ...valid, q_photo: [photo.id] },
        consent: true,
        language: 'en',
      }),
    )
    expect(Object.keys(stolen)).toEqual(['q_photo'])

    const [stored] = await t.sql`select count(*)::int as n from form_responses where form_id = ${formId}`
    expect(stored!.n).toBe(0)
    expect((await caller.forms.get({ formId })).myResponses).toEqual([])

    // And the valid answer goes through.
    const sent = await caller.forms.submit({
      formId,
      versionId,
      answers: { ...valid, q_code: 'ABC-123' },
      consent: true,
      language: 'en',
    })
    expect(sent.edited).toBe(false)
    expect((await caller.forms.listOpen()).map((f) => [f.id, f.myResponseCount])).toEqual([[formId, 1]])
  })

  it('sends the per-question messages to the browser over HTTP', async () => {
    const { formId, versionId, resident } = await publishedCity()
    const ctx = await resident()
    const response = await fetchRequestHandler({
      endpoint: '/trpc',
      router: citizenRouter,
      createContext: () => ctx,
      req: new Request('http://liff.test/trpc/forms.submit', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          formId,
          versionId,
          answers: { q_code: 'ＡＢＣ' },
          consent: true,
          language: 'ja',
        }),
      }),
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as {
      error: { data: { key: string; fields: Record<string, string> } }
    }
    expect(body.error.data.key).toBe('errors.form_invalid_answers')
    expect(Object.keys(body.error.data.fields).sort()).toEqual(['q_code', 'q_name'])
    expect(body.error.data.fields.q_name).not.toMatch(/^errors\./)
  })
})
