import { CITIZEN_SESSION_COOKIE, createAttribute } from '@kairan/core'
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

// My settings (SEG-4) through the whole server: the page lists the city's attributes as radio and
// checkbox cards in the resident's language, saving writes the resident's own values, and a
// refused choice comes back with the attribute's field error.
const secrets = testSecrets()
const log = pino({ level: 'silent' })
let testDb: TestDatabase
let liff: LiffServer
let emulator: LineEmulator
let channelId: string

beforeAll(async () => {
  testDb = await createTestDatabase()
  emulator = await startLineEmulator({ port: 0 })
  const city = await createTenant(testDb.db, { name: '設定市' })
  channelId = city.channels[0]!.id
  const { channelSecret } = await configureLineChannel(testDb.db, secrets, channelId, {
    accessToken: 'emulator-access-token',
    apiBaseUrl: emulator.url,
  })
  const ctx = await staffCtx(testDb.db, city.id, { role: 'tenant_admin' })
  await createAttribute({
    ctx,
    input: {
      key: 'district',
      kind: 'single',
      label: { ja: 'お住まいの地区', en: 'Your district' },
      options: [
        { value: 'north', label: { ja: '北部', en: 'North' } },
        { value: 'east', label: { ja: '東部', en: 'East' } },
      ],
    },
  })
  await createAttribute({
    ctx,
    input: {
      key: 'interests',
      kind: 'multiple',
      label: { ja: '関心のあること' },
      options: [
        { value: 'kids', label: { ja: '子育て' } },
        { value: 'bousai', label: { ja: '防災' } },
      ],
    },
  })
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
    name: '設定市',
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

async function emulatorApi(path: string, body: object) {
  const res = await fetch(`${emulator.url}/_emulator${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status, await res.clone().text()).toBeLessThan(300)
  return res.json()
}

async function signIn(displayName: string): Promise<string> {
  const resident = (await emulatorApi('/residents', { displayName })) as { userId: string }
  const { idToken } = (await emulatorApi(`/residents/${resident.userId}/liff-token`, {
    channelId: '2000000001',
  })) as { idToken: string }
  const res = await fetch(`${liff.url}/c/${channelId}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ idToken, redirectTo: `/c/${channelId}/settings` }),
    redirect: 'manual',
  })
  expect(res.status).toBe(302)
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${CITIZEN_SESSION_COOKIE}=`))!
  return cookie.split(';')[0]!
}

const page = (cookie: string) => fetch(`${liff.url}/c/${channelId}/settings`, { headers: { cookie } })
const save = (cookie: string, values: Record<string, string[]>) =>
  fetch(`${liff.url}/c/${channelId}/settings`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ values }),
  })
const saveData = (cookie: string, values: Record<string, string[]>) =>
  fetch(`${liff.url}/c/${channelId}/settings.data`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ values }),
  })
/** The <input> of an option on the page, to see whether it is checked. */
const input = (html: string, name: string, value: string) =>
  html.match(
    new RegExp(
      `<input[^>]*name="${name}"[^>]*value="${value}"[^>]*>|<input[^>]*value="${value}"[^>]*name="${name}"[^>]*>`,
    ),
  )?.[0] ?? ''

describe('My settings', () => {
  it('shows each attribute as radio or checkbox cards, never cached, linked from My page', async () => {
    const cookie = await signIn('設定 花子')
    const res = await page(cookie)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const html = await res.text()
    expect(html).toContain('わたしの設定')
    expect(html).toContain('お住まいの地区')
    expect(input(html, 'district', 'north')).toContain('type="radio"')
    expect(input(html, 'interests', 'kids')).toContain('type="checkbox"')
    // Nothing chosen yet: the single-choice attribute's "選ばない" card is the checked one.
    expect(input(html, 'district', '')).toContain('checked')
    expect(input(html, 'district', 'north')).not.toContain('checked')
    const myPage = await (await fetch(`${liff.url}/c/${channelId}`, { headers: { cookie } })).text()
    expect(myPage).toContain(`href="/c/${channelId}/settings"`)
  })

  it('saves the resident’s choices, shows them checked, and clears with an empty list', async () => {
    const cookie = await signIn('設定 次郎')
    expect((await save(cookie, { district: ['east'], interests: ['kids', 'bousai'] })).status).toBe(200)
    let html = await (await page(cookie)).text()
    expect(input(html, 'district', 'east')).toContain('checked')
    expect(input(html, 'interests', 'kids')).toContain('checked')
    expect(input(html, 'interests', 'bousai')).toContain('checked')

    expect((await save(cookie, { interests: [] })).status).toBe(200)
    html = await (await page(cookie)).text()
    expect(input(html, 'interests', 'kids')).not.toContain('checked')
    // A key not sent is left as it was.
    expect(input(html, 'district', 'east')).toContain('checked')
  })

  it('refuses two values for a single-choice attribute and unknown options, per attribute', async () => {
    const cookie = await signIn('設定 三郎')
    // The page's fetcher reads the action's data (single fetch): the refusal names the attribute.
    const two = await saveData(cookie, { district: ['east', 'north'] })
    expect(two.status).toBe(400)
    const twoBody = await two.text()
    expect(twoBody).toContain('errors.invalid_input')
    expect(twoBody).toContain('values.district')
    expect(twoBody).not.toContain('values.interests')
    const unknown = await saveData(cookie, { interests: ['golf'] })
    expect(unknown.status).toBe(400)
    const unknownBody = await unknown.text()
    expect(unknownBody).toContain('values.interests')
    expect(unknownBody).not.toContain('values.district')
    const html = await (await page(cookie)).text()
    expect(input(html, 'district', 'east')).not.toContain('checked')
  })

  it('asks to sign in when there is no session', async () => {
    const res = await fetch(`${liff.url}/c/${channelId}/settings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ values: { district: ['east'] } }),
    })
    expect(res.status).toBe(401)
  })
})
