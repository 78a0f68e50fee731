import http from 'node:http'
import {
  CITIZEN_SESSION_COOKIE,
  createForm,
  getForm,
  publishForm,
  saveFormDraft,
  updateFormSettings,
} from '@kairan/core'
import {
  configureLineChannel,
  createTenant,
  staffCtx,
  testBlobStore,
  testSecrets,
} from '@kairan/core/testing'
import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import { type LineEmulator, startLineEmulator } from '@kairan/line-emulator'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LiffServer, startLiffServer } from './app.ts'

// The residents' form pages through the whole server: the page, uploads and files, answers and
// the postal-code lookup, for residents signed in with the LINE emulator's ID tokens.
const secrets = testSecrets()
const log = pino({ level: 'silent' })
let testDb: TestDatabase
let liff: LiffServer
let emulator: LineEmulator
let channelId: string
/** A single-answer form with a katakana-only question and a photo question (1 MB). */
let formId: string
/** Another city's form: must look like no form at all. */
let otherCityFormId: string

// The smallest valid PNG (1×1): core sniffs the bytes, not only the declared type.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

const definition = {
  schemaVersion: 1,
  title: { ja: '防災アンケート', en: 'Disaster survey' },
  sections: [
    {
      id: 's1',
      questions: [
        {
          id: 'kana',
          type: 'short_text',
          label: { ja: 'フリガナ', en: 'Name in katakana' },
          required: true,
          charRule: { kind: 'katakana', convert: false },
        },
        { id: 'photo', type: 'image', label: { ja: '写真', en: 'Photo' }, maxFiles: 2, maxSizeMb: 1 },
      ],
    },
  ],
  thankYou: { ja: 'ご協力ありがとうございました' },
}

async function publishedForm(tenantId: string): Promise<string> {
  const ctx = await staffCtx(testDb.db, tenantId, { role: 'tenant_admin' })
  const { id } = await createForm({ ctx, input: { title: '防災アンケート' } })
  const draft = await getForm({ ctx, input: { formId: id } })
  const saved = await saveFormDraft({
    ctx,
    input: { formId: id, expectedRevision: draft.draftRevision, definition },
  })
  await updateFormSettings({
    ctx,
    input: {
      formId: id,
      answerMode: 'single',
      opensAt: null,
      closesAt: null,
      responseLimit: null,
      sendsReceipt: true,
    },
  })
  await publishForm({ ctx, input: { formId: id, expectedRevision: saved.revision } })
  return id
}

beforeAll(async () => {
  testDb = await createTestDatabase()
  emulator = await startLineEmulator({ port: 0 })
  const city = await createTenant(testDb.db, { name: 'フォーム市' })
  const otherCity = await createTenant(testDb.db)
  channelId = city.channels[0]!.id
  const { channelSecret } = await configureLineChannel(testDb.db, secrets, channelId, {
    accessToken: 'emulator-access-token',
    apiBaseUrl: emulator.url,
  })
  formId = await publishedForm(city.id)
  otherCityFormId = await publishedForm(otherCity.id)
  liff = await startLiffServer({
    databaseUrl: testDb.url,
    port: 0,
    host: '127.0.0.1',
    log,
    secrets,
    storage: testBlobStore(),
    live: 'none',
    mode: 'test',
    handleWebhooksInline: false,
  })
  emulator.upsertChannel({
    channelId: '2000000001',
    channelSecret,
    accessToken: 'emulator-access-token',
    botUserId: 'U0123456789abcdef0123456789abcdef',
    name: 'フォーム市',
    liff: {
      liffId: '2000000002-abcdEFGH',
      loginChannelId: '2000000002',
      endpointUrl: `${liff.url}/c/${channelId}`,
    },
  })
}, 120_000)

afterAll(async () => {
  await liff?.stop()
  await emulator?.stop()
  await testDb?.drop()
})

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${liff.url}${path}`, { headers, redirect: 'manual' })

async function emulatorApi(path: string, body: object) {
  const res = await fetch(`${emulator.url}/_emulator${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status, await res.clone().text()).toBeLessThan(300)
  return res.json()
}

/** A new resident of the emulator, signed in through the session action: their Cookie header. */
async function signIn(displayName: string): Promise<string> {
  const resident = (await emulatorApi('/residents', { displayName })) as { userId: string }
  const { idToken } = (await emulatorApi(`/residents/${resident.userId}/liff-token`, {
    channelId: '2000000001',
  })) as { idToken: string }
  const res = await fetch(`${liff.url}/c/${channelId}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ idToken, redirectTo: `/c/${channelId}` }),
    redirect: 'manual',
  })
  expect(res.status).toBe(302)
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${CITIZEN_SESSION_COOKIE}=`))!
  return cookie.split(';')[0]!
}

function upload(cookie: string | null, file: Blob, fileName: string, questionId = 'photo') {
  const body = new FormData()
  body.append('questionId', questionId)
  body.append('file', file, fileName)
  return fetch(`${liff.url}/c/${channelId}/forms/${formId}/uploads`, {
    method: 'POST',
    headers: cookie ? { cookie } : {},
    body,
  })
}

function submit(cookie: string, payload: object) {
  return fetch(`${liff.url}/c/${channelId}/forms/${formId}/submit`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  })
}

async function versionId(cookie: string): Promise<string> {
  const res = await get(
    `/c/${channelId}/trpc/forms.get?input=${encodeURIComponent(JSON.stringify({ formId }))}`,
    {
      cookie,
    },
  )
  return (await res.json()).result.data.version.id
}

describe('the form page', () => {
  it('shows the form to a signed-in resident, in their language, never cached', async () => {
    const cookie = await signIn('フォーム 太郎')
    const res = await get(`/c/${channelId}/forms/${formId}`, { cookie })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const html = await res.text()
    expect(html).toContain('防災アンケート')
    expect(html).toContain('フリガナ')
    expect(html).toContain('確認へ')

    await fetch(`${liff.url}/c/${channelId}/language`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ language: 'en' }),
    })
    const english = await (await get(`/c/${channelId}/forms/${formId}`, { cookie })).text()
    expect(english).toContain('Disaster survey')
    expect(english).toContain('Review')
  })

  it('answers 404 for an unknown form, another city’s form and a made-up id', async () => {
    const cookie = await signIn('迷子')
    for (const id of ['00000000-0000-4000-8000-000000000000', otherCityFormId, 'not-a-form']) {
      const res = await get(`/c/${channelId}/forms/${id}`, { cookie })
      expect(res.status, id).toBe(404)
      expect(await res.text(), id).toContain('このフォームは見つかりませんでした')
    }
  })

  it('shows the sign-in shell without a session', async () => {
    const html = await (await get(`/c/${channelId}/forms/${formId}`)).text()
    expect(html).toContain('ログインしています')
    expect(html).not.toContain('フリガナ')
  })
})

describe('uploads and files', () => {
  it('stores a photo for the resident and serves it back only to them', async () => {
    const cookie = await signIn('写真 一郎')
    const res = await upload(cookie, new Blob([PNG], { type: 'image/png' }), '避難所.png')
    expect(res.status, await res.clone().text()).toBe(201)
    const stored = (await res.json()) as {
      id: string
      contentType: string
      byteSize: number
      fileName: string
    }
    expect(stored).toMatchObject({ contentType: 'image/png', byteSize: PNG.length, fileName: '避難所.png' })

    const file = await get(`/c/${channelId}/uploads/${stored.id}`, { cookie })
    expect(file.status).toBe(200)
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true)
    expect(file.headers.get('content-type')).toBe('image/png')
    expect(file.headers.get('cache-control')).toBe('private, no-store')
    expect(file.headers.get('x-content-type-options')).toBe('nosniff')
    expect(file.headers.get('content-disposition')).toBe(
      `inline; filename="___.png"; filename*=UTF-8''${encodeURIComponent('避難所.png')}`,
    )

    const part = await get(`/c/${channelId}/uploads/${stored.id}`, { cookie, range: 'bytes=0-7' })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 0-7/${PNG.length}`)
    expect(Buffer.from(await part.arrayBuffer()).equals(PNG.subarray(0, 8))).toBe(true)

    const stranger = await signIn('他人')
    const refused = await get(`/c/${channelId}/uploads/${stored.id}`, { cookie: stranger })
    expect(refused.status).toBe(404)
    expect((await refused.json()).error.key).toBe('errors.upload_not_found')
    expect((await get(`/c/${channelId}/uploads/${stored.id}`)).status).toBe(401)
  })

  it('refuses without a session, other types, and files over the question’s limit, in the resident’s words', async () => {
    const anonymous = await upload(null, new Blob([PNG], { type: 'image/png' }), 'a.png')
    expect(anonymous.status).toBe(401)
    expect((await anonymous.json()).error).toEqual({
      key: 'errors.unauthenticated',
      message: 'ログインの有効期限が切れました。もう一度お試しください。',
    })

    const cookie = await signIn('アップロード 次郎')
    const text = await upload(cookie, new Blob(['not a picture'], { type: 'image/png' }), 'fake.png')
    expect(text.status).toBe(415)
    expect((await text.json()).error.key).toBe('errors.upload_type_not_allowed')

    // 1 MB is this question's limit: a PNG header followed by 1.5 MB of padding.
    const big = Buffer.concat([PNG, Buffer.alloc(1.5 * 1024 * 1024)])
    const large = await upload(cookie, new Blob([big], { type: 'image/png' }), 'big.png')
    expect(large.status).toBe(413)
    expect((await large.json()).error.key).toBe('errors.upload_too_large')

    const unknownQuestion = await upload(cookie, new Blob([PNG], { type: 'image/png' }), 'a.png', 'kana')
    expect(unknownQuestion.status).toBe(404)
  })

  it('refuses a body larger than any question allows before reading it', async () => {
    const cookie = await signIn('大きすぎ')
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${liff.url}/c/${channelId}/forms/${formId}/uploads`)
      const req = http.request(url, {
        method: 'POST',
        headers: {
          cookie,
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(500 * 1024 * 1024),
        },
      })
      req.on('response', (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString()
        })
        res.on('end', () => {
          req.destroy()
          resolve({ status: res.statusCode ?? 0, body: text })
        })
      })
      req.on('error', reject)
      // Headers only: the answer must come without a single byte of the body.
      req.flushHeaders()
    })
    expect(status).toBe(413)
    expect(JSON.parse(body).error.key).toBe('errors.upload_too_large')
  })
})

describe('sending answers', () => {
  it('refuses what the page refuses, with the question’s message, then keeps one answer per resident', async () => {
    const cookie = await signIn('回答 三郎')
    const version = await versionId(cookie)

    const wrong = await submit(cookie, { versionId: version, answers: { kana: 'やまだ' }, consent: false })
    expect(wrong.status).toBe(400)
    const refusal = await wrong.json()
    expect(refusal.key).toBe('errors.form_invalid_answers')
    expect(refusal.fields.kana).toEqual(expect.any(String))

    const photo = (await (await upload(cookie, new Blob([PNG], { type: 'image/png' }), 'p.png')).json()) as {
      id: string
    }
    const first = await submit(cookie, {
      versionId: version,
      answers: { kana: 'ヤマダ', photo: [photo.id] },
      consent: false,
    })
    expect(first.status, await first.clone().text()).toBe(200)
    const sent = await first.json()
    expect(sent).toMatchObject({ ok: true, edited: false })

    // A second send (a double tap, another tab) changes that answer rather than adding one.
    const again = await submit(cookie, { versionId: version, answers: { kana: 'ヤマダ' }, consent: false })
    expect(await again.json()).toMatchObject({ ok: true, edited: true, responseId: sent.responseId })

    const page = await (await get(`/c/${channelId}/forms/${formId}`, { cookie })).text()
    expect(page).toContain('回答済みです')
    expect(page).toContain('回答を変更する')
    const myPage = await (await get(`/c/${channelId}`, { cookie })).text()
    expect(myPage).toContain('回答できるフォーム')
    expect(myPage).toContain('回答済み')
  })

  it('lists the form as not answered yet on My page', async () => {
    const cookie = await signIn('未回答 四郎')
    const html = await (await get(`/c/${channelId}`, { cookie })).text()
    expect(html).toContain('防災アンケート')
    expect(html).toContain('未回答')
    expect(html).toContain(`/c/${channelId}/forms/${formId}`)
  })

  it('refuses answers without a session', async () => {
    const res = await fetch(`${liff.url}/c/${channelId}/forms/${formId}/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ versionId: formId, answers: {}, consent: false }),
    })
    expect(res.status).toBe(401)
  })
})

describe('postal codes', () => {
  it('finds the address of a code as residents type it, and caches it in the browser only', async () => {
    const cookie = await signIn('郵便 五郎')
    const res = await get(`/c/${channelId}/postal/100-0001`, { cookie })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ address: '東京都千代田区千代田' })
    expect(res.headers.get('cache-control')).toBe('private, max-age=86400')
    expect((await get(`/c/${channelId}/postal/0000000`, { cookie })).status).toBe(404)
    expect((await get(`/c/${channelId}/postal/1000001`)).status).toBe(401)
  })
})
