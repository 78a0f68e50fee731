import { CITIZEN_SESSION_COOKIE } from '@kairan/core'
import { configureLineChannel, createTenant, testBlobStore, testSecrets } from '@kairan/core/testing'
import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import { type LineEmulator, startLineEmulator } from '@kairan/line-emulator'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LiffServer, startLiffServer } from './app.ts'

// The LIFF pages through the whole server (Vite compiles them on the first request), with the LINE
// emulator standing in for LINE: it issues and verifies the residents' ID tokens.
const secrets = testSecrets()
const log = pino({ level: 'silent' })
const LIFF_ID = '2000000002-abcdEFGH'
let testDb: TestDatabase
let liff: LiffServer
let emulator: LineEmulator
/** Configured for real LINE (production mode). */
let lineChannelId: string
/** Configured for the emulator. */
let emulatorChannelId: string
/** No LINE credentials at all. */
let bareChannelId: string

beforeAll(async () => {
  testDb = await createTestDatabase()
  emulator = await startLineEmulator({ port: 0 })
  const city = await createTenant(testDb.db, { name: 'テスト市' })
  const other = await createTenant(testDb.db)
  lineChannelId = city.channels[0]!.id
  emulatorChannelId = other.channels[0]!.id
  bareChannelId = city.channels[1]!.id
  await configureLineChannel(testDb.db, secrets, lineChannelId)
  const { channelSecret } = await configureLineChannel(testDb.db, secrets, emulatorChannelId, {
    accessToken: 'emulator-access-token',
    apiBaseUrl: emulator.url,
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
    name: 'エミュレーター市',
    liff: {
      liffId: LIFF_ID,
      loginChannelId: '2000000002',
      endpointUrl: `${liff.url}/c/${emulatorChannelId}`,
    },
  })
}, 120_000)

afterAll(async () => {
  await liff?.stop()
  await emulator?.stop()
  await testDb?.drop()
})

const page = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${liff.url}${path}`, { headers, redirect: 'manual' })

const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${liff.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  })

const emulatorApi = async (path: string, body: object) => {
  const res = await fetch(`${emulator.url}/_emulator${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status, await res.clone().text()).toBeLessThan(300)
  return res.json()
}

/** A resident in the emulator with a fresh ID token for the emulator channel's LIFF app. */
async function residentToken(displayName: string) {
  const resident = (await emulatorApi('/residents', { displayName })) as { userId: string }
  const { idToken, liffUrl } = (await emulatorApi(`/residents/${resident.userId}/liff-token`, {
    channelId: '2000000001',
  })) as { idToken: string; liffUrl: string }
  return { userId: resident.userId, idToken, liffUrl }
}

/** Signs a resident in through the session action; returns the Cookie header for their session. */
async function signIn(displayName: string): Promise<string> {
  const { idToken } = await residentToken(displayName)
  const res = await post(`/c/${emulatorChannelId}/session`, {
    idToken,
    redirectTo: `/c/${emulatorChannelId}`,
  })
  expect(res.status).toBe(302)
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${CITIZEN_SESSION_COOKIE}=`))!
  return cookie.split(';')[0]!
}

describe('health checks stay outside the pages', () => {
  it('answers /healthz', async () => {
    const res = await page('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
  })
})

describe('the sign-in shell', () => {
  it('renders for a channel without a session, with its LIFF ID and the LIFF CSP', async () => {
    const res = await page(`/c/${lineChannelId}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const html = await res.text()
    expect(html).toContain(LIFF_ID)
    expect(html).toContain('ログインしています')
    expect(html).toContain('<html lang="ja"')
    expect(html).toMatch(/<main[^>]*id="main"/)
    expect(html).toContain('<header')
    expect(html).toContain('本番')
    expect(res.headers.getSetCookie().some((c) => c.startsWith(CITIZEN_SESSION_COOKIE))).toBe(false)
    const csp = res.headers.get('content-security-policy')!
    expect(csp).toContain('connect-src')
    expect(csp).toContain('https://api.line.me')
    expect(csp).toContain("frame-ancestors 'self' http://127.0.0.1:3300 http://localhost:3300")
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/)
  })

  it('speaks the browser’s language before sign-in, and a chosen one over it', async () => {
    const english = await (await page(`/c/${lineChannelId}`, { 'accept-language': 'en-US,en;q=0.9' })).text()
    expect(english).toContain('Signing you in')
    expect(english).toContain('<html lang="en"')
    const taiwan = await (await page(`/c/${lineChannelId}`, { 'accept-language': 'zh-TW' })).text()
    expect(taiwan).toContain('<html lang="zh-Hant"')
    const chosen = await post(`/c/${lineChannelId}/language`, { language: 'ja-easy' })
    expect(chosen.status).toBe(200)
    const cookie = chosen.headers.getSetCookie()[0]!
    expect(cookie).toContain(`Path=/c/${lineChannelId}`)
    const easy = await (await page(`/c/${lineChannelId}`, { cookie: cookie.split(';')[0]! })).text()
    expect(easy).toContain('data-resident-lang="ja-easy"')
    expect(easy).toContain('<html lang="ja"')
    expect(easy).toContain('<ruby>')
  })

  it('allows the emulator’s origin to be talked to in emulator mode', async () => {
    const res = await page(`/c/${emulatorChannelId}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain(new URL(emulator.url).origin)
  })

  it('says so at once when the channel has no LIFF app', async () => {
    const html = await (await page(`/c/${bareChannelId}`)).text()
    expect(html).toContain('このページはまだ準備中です')
  })

  it('answers 404 for an unknown channel, a non-id and an unknown page', async () => {
    for (const path of [
      '/c/00000000-0000-4000-8000-000000000000',
      '/c/not-a-channel',
      `/c/${lineChannelId}/no-such-page`,
    ]) {
      const res = await page(path)
      expect(res.status, path).toBe(404)
      expect(await res.text(), path).toContain('ページが見つかりません')
    }
  })

  it('answers 404 in plain text outside /c/', async () => {
    const res = await page('/')
    expect(res.status).toBe(404)
    expect(await res.text()).toBe('Not found\n')
  })
})

describe('the session action', () => {
  it('refuses a bad ID token with a message key and sets no cookie', async () => {
    const res = await post(`/c/${emulatorChannelId}/session`, {
      idToken: 'eyJhbGciOiJIUzI1NiJ9.e30.not-a-real-signature',
      redirectTo: `/c/${emulatorChannelId}`,
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ ok: false, key: 'errors.liff_token_invalid', status: 401 })
    expect(res.headers.getSetCookie()).toEqual([])
  })

  it('refuses when the channel has no LIFF app', async () => {
    const res = await post(`/c/${bareChannelId}/session`, { idToken: 'x'.repeat(40) })
    expect(res.status).toBe(409)
    expect((await res.json()).key).toBe('errors.liff_not_configured')
  })

  it('refuses cross-site posts, opaque origins included', async () => {
    for (const origin of ['https://evil.example', 'null']) {
      const res = await post(`/c/${emulatorChannelId}/session`, { idToken: 'x'.repeat(40) }, { origin })
      expect(res.status, origin).toBe(403)
    }
    const same = await post(`/c/${emulatorChannelId}/language`, { language: 'en' }, { origin: liff.url })
    expect(same.status).toBe(200)
  })

  it('signs in with the emulator’s token, sets the scoped cookie and goes back to the page opened', async () => {
    const { idToken, liffUrl } = await residentToken('山田 花子')
    expect(liffUrl).toContain(`/c/${emulatorChannelId}#kairan-emulator-id-token=`)
    const res = await post(`/c/${emulatorChannelId}/session`, {
      idToken,
      redirectTo: `/c/${emulatorChannelId}?from=menu`,
    })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/c/${emulatorChannelId}?from=menu`)
    const cookies = res.headers.getSetCookie().filter((c) => c.startsWith(`${CITIZEN_SESSION_COOKIE}=`))
    // The pages, and Remix's data request for the page /c/<id> (`/c/<id>.data`, which Path=/c/<id> misses).
    expect(cookies.map((c) => /Path=([^;]+)/.exec(c)?.[1])).toEqual([
      `/c/${emulatorChannelId}`,
      `/c/${emulatorChannelId}.data`,
    ])
    for (const cookie of cookies) {
      expect(cookie).toContain('HttpOnly')
      expect(cookie).toContain('SameSite=Lax')
      expect(cookie).not.toContain('Secure')
    }
  })

  it('never sends the browser to another channel or host', async () => {
    const { idToken } = await residentToken('リダイレクト')
    for (const redirectTo of ['//evil.example/x', `/c/${lineChannelId}`, 'https://evil.example']) {
      const res = await post(`/c/${emulatorChannelId}/session`, { idToken, redirectTo })
      expect(res.headers.get('location'), redirectTo).toBe(`/c/${emulatorChannelId}`)
    }
  })
})

describe('My page', () => {
  it('shows the resident’s name, then switches to the language they choose', async () => {
    const cookie = await signIn('山田 花子')
    const before = await page(`/c/${emulatorChannelId}`, { cookie })
    expect(before.status).toBe(200)
    const html = await before.text()
    expect(html).toContain('山田 花子')
    expect(html).toContain('マイページ')
    expect(html).toContain('まだ友だちではありません')
    // The session cookie's lifetime slides along with the session.
    expect(before.headers.getSetCookie().some((c) => c.startsWith(`${CITIZEN_SESSION_COOKIE}=`))).toBe(true)

    const saved = await post(`/c/${emulatorChannelId}/language`, { language: 'en' }, { cookie })
    expect(saved.status).toBe(200)
    expect(await saved.json()).toEqual({ ok: true, language: 'en' })

    // Saved for the resident, not only for this browser: without the language cookie too.
    // Remix's data request for the page (client-side revalidation after the change) is signed in too.
    const data = await (await page(`/c/${emulatorChannelId}.data`, { cookie })).text()
    expect(data).toContain('山田 花子')
    const after = await (await page(`/c/${emulatorChannelId}`, { cookie })).text()
    expect(after).toContain('<html lang="en"')
    expect(after).toContain('My page')
    expect(after).toContain('You are not friends yet')
  })

  it('refuses an unknown language', async () => {
    const cookie = await signIn('言語テスト')
    const res = await post(`/c/${emulatorChannelId}/language`, { language: 'fr' }, { cookie })
    expect(res.status).toBe(400)
    expect((await res.json()).key).toBe('errors.invalid_input')
  })

  it('does not accept the session on another channel’s pages', async () => {
    const cookie = await signIn('別チャネル')
    const html = await (await page(`/c/${lineChannelId}`, { cookie })).text()
    expect(html).toContain('ログインしています')
  })

  it('follows a LIFF deep link (liff.state) itself once signed in', async () => {
    const cookie = await signIn('ディープリンク')
    const res = await page(`/c/${emulatorChannelId}?liff.state=${encodeURIComponent('/?tab=2')}`, { cookie })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/c/${emulatorChannelId}?tab=2`)
  })
})

describe('citizen tRPC', () => {
  it('serves the signed-in resident and refuses everyone else', async () => {
    const cookie = await signIn('トーアールピーシー')
    const me = await page(`/c/${emulatorChannelId}/trpc/me.get`, { cookie })
    expect(me.status).toBe(200)
    expect((await me.json()).result.data.displayName).toBe('トーアールピーシー')
    expect((await page(`/c/${emulatorChannelId}/trpc/me.get`)).status).toBe(401)
    expect((await page(`/c/${lineChannelId}/trpc/me.get`, { cookie })).status).toBe(401)
    expect((await page('/c/00000000-0000-4000-8000-000000000000/trpc/me.get')).status).toBe(404)
  })

  it('does not hand out session tokens', async () => {
    const res = await fetch(`${liff.url}/c/${emulatorChannelId}/trpc/session.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idToken: 'x'.repeat(40) }),
    })
    expect(res.status).toBe(404)
  })
})
