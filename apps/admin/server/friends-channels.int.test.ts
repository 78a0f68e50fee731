import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  authenticateStaffRequest,
  handleWebhookEvents,
  noLivePublisher,
  type Permission,
  type Role,
  type SecretBox,
  storeWebhookEvents,
} from '@kairan/core'
import {
  configureLineChannel,
  createSignedInStaff,
  createTenant,
  lineEvents,
  randomLineUserId,
  testBlobStore,
  testSecrets,
} from '@kairan/core/testing'
import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import type { WebhookEvent } from '@kairan/line'
import type { AppLoadContext } from '@remix-run/node'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as friendsList from '../app/routes/_app.friends._index.tsx'
import * as friendContent from '../app/routes/_app.friends.$citizenId.content.$messageId.tsx'
import * as friendDetail from '../app/routes/_app.friends.$citizenId.tsx'
import * as channelsList from '../app/routes/_app.settings.channels._index.tsx'
import * as channelCandidates from '../app/routes/_app.settings.channels.$channelId.candidates.tsx'
import * as channelDetail from '../app/routes/_app.settings.channels.$channelId.tsx'

/**
 * The Friends and LINE channel pages' loaders and actions against a real PostgreSQL, with the
 * staff context the guard builds for a real session. Residents and their history come in through
 * the real webhook path (store + handle); a small HTTP server stands in for LINE's API (profiles,
 * message content, bot info).
 */
let database: TestDatabase
let secrets: SecretBox
let line: Server
let lineUrl: string
const profiles = new Map<string, { displayName: string; language: string }>()
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')

beforeAll(async () => {
  database = await createTestDatabase()
  secrets = testSecrets()
  line = createServer((req, res) => {
    const url = req.url ?? ''
    const profile = /^\/v2\/bot\/profile\/(U[0-9a-f]{32})$/.exec(url)
    if (profile) {
      const p = profiles.get(profile[1]!)
      if (!p)
        return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not found"}')
      res.writeHead(200, { 'content-type': 'application/json' })
      return void res.end(JSON.stringify({ userId: profile[1], ...p }))
    }
    if (url === '/v2/bot/message/img-1/content')
      return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG)
    if (url === '/v2/bot/message/html-1/content')
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('<script>alert(1)</script>')
    if (url === '/v2/bot/info') {
      res.writeHead(200, { 'content-type': 'application/json' })
      return void res.end(
        JSON.stringify({
          userId: `U${'b'.repeat(32)}`,
          basicId: '@123demo',
          displayName: 'テスト市',
          chatMode: 'bot',
          markAsReadMode: 'manual',
        }),
      )
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not found"}')
  })
  await new Promise<void>((resolve) => line.listen(0, '127.0.0.1', () => resolve()))
  lineUrl = `http://127.0.0.1:${(line.address() as AddressInfo).port}`
}, 120_000)

afterAll(async () => {
  await new Promise((resolve) => line?.close(resolve))
  await database?.drop()
})

const log = pino({ level: 'silent' })

/** What server/app.ts and the guard hand a loader for this session token. */
async function contextFor(token: string): Promise<AppLoadContext> {
  const auth = await authenticateStaffRequest(database.db, {
    token,
    request: { ip: '127.0.0.1', userAgent: 'vitest' },
  })
  return {
    nonce: '',
    db: database.db,
    clientIp: '127.0.0.1',
    userAgent: 'vitest',
    requestId: 'test',
    log,
    auth,
    storage: testBlobStore(),
    sessionToken: token,
    secrets,
    isCookieSecure: false,
    liffPublicUrl: 'https://liff.city.example.jp',
    lineEmulatorUrl: null,
  }
}

async function staff(tenantId: string, options: { role?: Role; permissions?: Permission[] } = {}) {
  const { token, user } = await createSignedInStaff(database.db, tenantId, options)
  return { context: await contextFor(token), user }
}

const get = (path: string) => new Request(`http://admin.test${path}`)
const post = (path: string, body: unknown) =>
  new Request(`http://admin.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

/** Sends events through the real webhook path, as apps/liff does on LINE's request. */
async function deliver(tenantId: string, channelId: string, events: object[]) {
  const ids = await storeWebhookEvents(
    database.db,
    secrets,
    { tenantId, channelId },
    events as WebhookEvent[],
  )
  await handleWebhookEvents({ db: database.db, secrets, live: noLivePublisher }, ids)
}

function resident(displayName: string, language = 'ja') {
  const userId = randomLineUserId()
  profiles.set(userId, { displayName, language })
  return userId
}

/** A city whose production channel talks to the stand-in LINE, with a few residents. */
async function cityWithResidents() {
  const city = await createTenant(database.db)
  const channel = city.channels.find((c) => c.kind === 'production')!
  await configureLineChannel(database.db, secrets, channel.id, {
    accessToken: 'test-access-token-1234567890',
    apiBaseUrl: lineUrl,
    channelSecret: '0123456789abcdef0123456789abcdef',
  })
  const hanako = resident('回覧 花子')
  const taro = resident('回覧 太郎')
  const emily = resident('Emily', 'en')
  const gone = resident('ブロック 次郎')
  const t0 = Date.now() - 60_000
  const imageEvent = lineEvents.text(hanako, '', { timestamp: t0 + 4 }) as Record<string, unknown>
  imageEvent.message = { type: 'image', id: 'img-1', contentProvider: { type: 'line' } }
  const fileEvent = lineEvents.text(hanako, '', { timestamp: t0 + 5 }) as Record<string, unknown>
  fileEvent.message = { type: 'file', id: 'html-1', fileName: 'a.html', fileSize: 25 }
  await deliver(city.id, channel.id, [
    lineEvents.follow(hanako, { timestamp: t0 }),
    lineEvents.follow(taro, { timestamp: t0 + 1 }),
    lineEvents.follow(emily, { timestamp: t0 + 2 }),
    lineEvents.follow(gone, { timestamp: t0 + 1 }),
    lineEvents.text(hanako, 'ごみの日は\nいつですか', { timestamp: t0 + 3 }),
    imageEvent,
    fileEvent,
    lineEvents.postback(hanako, 'action=menu', { timestamp: t0 + 6 }),
    lineEvents.unfollow(gone, { timestamp: t0 + 7 }),
  ])
  return { city, channel, staging: city.channels.find((c) => c.kind === 'staging')! }
}

async function thrown(work: () => unknown): Promise<Response> {
  try {
    await work()
  } catch (error) {
    if (error instanceof Response) return error
    throw error
  }
  throw new Error('expected a thrown Response')
}

describe('Friends list loader', () => {
  it('lists the current channel with counts, search and filters', async () => {
    const { city } = await cityWithResidents()
    const { context } = await staff(city.id, { permissions: ['friends.read'] })
    const all = await friendsList.loader({ context, request: get('/friends'), params: {} })
    expect(all.list?.counts).toEqual({ following: 3, blocked: 1, not_following: 0 })
    expect(all.list?.rows.map((r) => r.displayName).sort()).toEqual(
      ['Emily', 'ブロック 次郎', '回覧 太郎', '回覧 花子'].sort(),
    )
    expect(all.languages).toEqual(['en', 'ja'])

    const search = await friendsList.loader({
      context,
      request: get(`/friends?q=${encodeURIComponent('花子')}`),
      params: {},
    })
    expect(search.list?.rows.map((r) => r.displayName)).toEqual(['回覧 花子'])
    expect(search.filters.query).toBe('花子')

    const blocked = await friendsList.loader({ context, request: get('/friends?status=blocked'), params: {} })
    expect(blocked.list?.rows.map((r) => r.displayName)).toEqual(['ブロック 次郎'])
    const english = await friendsList.loader({ context, request: get('/friends?lang=en'), params: {} })
    expect(english.list?.rows.map((r) => r.displayName)).toEqual(['Emily'])
    const future = await friendsList.loader({
      context,
      request: get('/friends?since=2999-01-01'),
      params: {},
    })
    expect(future.list?.total).toBe(0)
  })

  it('ignores malformed query values instead of failing', async () => {
    const { city } = await cityWithResidents()
    const { context } = await staff(city.id, { permissions: ['friends.read'] })
    const data = await friendsList.loader({
      context,
      request: get(`/friends?status=nope&since=yesterday&page=-3&q=${'x'.repeat(300)}`),
      params: {},
    })
    expect(data.filters).toMatchObject({ status: null, addedSince: null, page: 1 })
    expect(data.filters.query).toHaveLength(100)
  })

  it('is refused without the friends permission', async () => {
    const { city } = await cityWithResidents()
    const { context } = await staff(city.id, { permissions: ['staff.manage'] })
    const response = await thrown(() => friendsList.loader({ context, request: get('/friends'), params: {} }))
    expect(response.status).toBe(403)
  })
})

describe('Friend detail', () => {
  async function hanakoOf(context: AppLoadContext) {
    const list = await friendsList.loader({
      context,
      request: get(`/friends?q=${encodeURIComponent('花子')}`),
      params: {},
    })
    return list.list!.rows[0]!.id
  }

  it('shows the profile and the history, oldest first', async () => {
    const { city, channel } = await cityWithResidents()
    const { context } = await staff(city.id, { permissions: ['friends.read'] })
    const citizenId = await hanakoOf(context)
    const data = await friendDetail.loader({
      context,
      request: get(`/friends/${citizenId}`),
      params: { citizenId },
    })
    expect(data.citizen).toMatchObject({ displayName: '回覧 花子', status: 'following', lineLanguage: 'ja' })
    expect(data.channel?.id).toBe(channel.id)
    expect(data.isCurrentChannel).toBe(true)
    expect(data.canManageTestDevices).toBe(false)
    expect(data.messages.map((m) => m.kind)).toEqual(['follow', 'text', 'image', 'file', 'postback'])
    expect(data.messages[1]?.content).toMatchObject({ text: 'ごみの日は\nいつですか' })
  })

  it('answers 404 for a malformed id and for another city’s resident', async () => {
    const { city } = await cityWithResidents()
    const other = await cityWithResidents()
    const { context } = await staff(city.id, { permissions: ['friends.read'] })
    const { context: otherContext } = await staff(other.city.id, { permissions: ['friends.read'] })
    const foreignId = await hanakoOf(otherContext)
    for (const citizenId of ['not-a-uuid', foreignId]) {
      const response = await thrown(() =>
        friendDetail.loader({ context, request: get(`/friends/${citizenId}`), params: { citizenId } }),
      )
      expect(response.status).toBe(404)
    }
  })

  it('registers the resident as a test device and removes it again', async () => {
    const { city, channel } = await cityWithResidents()
    const { context } = await staff(city.id, { permissions: ['friends.read', 'test_devices.manage'] })
    const citizenId = await hanakoOf(context)
    const path = `/friends/${citizenId}`
    const added = await friendDetail.action({
      context,
      request: post(path, { intent: 'addTestDevice', label: '広報課の端末' }),
      params: { citizenId },
    })
    expect(added.status).toBe(200)
    expect(await added.json()).toEqual({ ok: true, intent: 'addTestDevice' })
    const again = await friendDetail.action({
      context,
      request: post(path, { intent: 'addTestDevice', label: 'もう一度' }),
      params: { citizenId },
    })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ ok: false, key: 'errors.test_device_exists' })
    const blank = await friendDetail.action({
      context,
      request: post(path, { intent: 'addTestDevice', label: '  ' }),
      params: { citizenId },
    })
    expect(blank.status).toBe(400)
    expect(await blank.json()).toMatchObject({ fields: { label: 'errors.required' } })

    const data = await friendDetail.loader({ context, request: get(path), params: { citizenId } })
    expect(data.testDevice).toMatchObject({ label: '広報課の端末' })
    const channelPage = await channelDetail.loader({
      context,
      request: get(`/settings/channels/${channel.id}`),
      params: { channelId: channel.id },
    })
    expect(channelPage.devices?.map((d) => d.label)).toEqual(['広報課の端末'])

    const removed = await friendDetail.action({
      context,
      request: post(path, { intent: 'removeTestDevice', testDeviceId: data.testDevice!.id }),
      params: { citizenId },
    })
    expect(removed.status).toBe(200)
    const after = await friendDetail.loader({ context, request: get(path), params: { citizenId } })
    expect(after.testDevice).toBeNull()
  })

  it('refuses a blocked resident as a test device', async () => {
    const { city } = await cityWithResidents()
    const { context } = await staff(city.id, { permissions: ['friends.read', 'test_devices.manage'] })
    const list = await friendsList.loader({ context, request: get('/friends?status=blocked'), params: {} })
    const citizenId = list.list!.rows[0]!.id
    const response = await friendDetail.action({
      context,
      request: post(`/friends/${citizenId}`, { intent: 'addTestDevice', label: '端末' }),
      params: { citizenId },
    })
    expect(response.status).toBe(409)
    expect(await response.json()).toMatchObject({ key: 'errors.test_device_not_following' })
  })
})

describe('Message content route', () => {
  it('serves an image uncached, forces anything else to download, and 404s a text message', async () => {
    const { city } = await cityWithResidents()
    const { context } = await staff(city.id, { permissions: ['friends.read'] })
    const list = await friendsList.loader({
      context,
      request: get(`/friends?q=${encodeURIComponent('花子')}`),
      params: {},
    })
    const citizenId = list.list!.rows[0]!.id
    const detail = await friendDetail.loader({ context, request: get('/'), params: { citizenId } })
    const byKind = (kind: string) => detail.messages.find((m) => m.kind === kind)!.id
    const load = (messageId: string) =>
      friendContent.loader({
        context,
        request: get(`/friends/${citizenId}/content/${messageId}`),
        params: { citizenId, messageId },
      })

    const image = await load(byKind('image'))
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(image.headers.get('cache-control')).toBe('private, no-store')
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true)

    const file = await load(byKind('file'))
    expect(file.headers.get('content-type')).toBe('application/octet-stream')
    expect(file.headers.get('content-disposition')).toMatch(/^attachment/)

    expect((await load(byKind('text'))).status).toBe(404)
    await expect(thrown(() => load('nope'))).resolves.toHaveProperty('status', 404)
  })

  it('is refused without the friends permission', async () => {
    const { city } = await cityWithResidents()
    const { context } = await staff(city.id, { permissions: ['channels.manage'] })
    const messageId = '00000000-0000-4000-8000-000000000000'
    const response = await thrown(() =>
      friendContent.loader({ context, request: get('/'), params: { citizenId: messageId, messageId } }),
    )
    expect(response.status).toBe(403)
  })
})

describe('LINE channel settings', () => {
  it('shows masked credentials and the URLs to register, never the secret or the token', async () => {
    const { city, channel } = await cityWithResidents()
    const { context } = await staff(city.id, { role: 'tenant_admin' })
    const data = await channelDetail.loader({
      context,
      request: get(`/settings/channels/${channel.id}`),
      params: { channelId: channel.id },
    })
    expect(data.settings).toMatchObject({
      channelSecretHint: '…cdef',
      accessTokenHint: '…7890',
      isConfigured: true,
      webhookUrl: `https://liff.city.example.jp/webhook/${channel.id}`,
      liffEndpointUrl: `https://liff.city.example.jp/c/${channel.id}`,
    })
    const list = await channelsList.loader({ context, request: get('/settings/channels'), params: {} })
    for (const page of [data, list]) {
      const json = JSON.stringify(page)
      expect(json).not.toContain('0123456789abcdef0123456789abcdef')
      expect(json).not.toContain('test-access-token-1234567890')
    }
    expect(list.channels.map((c) => c.settings?.isConfigured)).toEqual([true, false])
  })

  it('saves with server validation; an empty secret keeps the saved one', async () => {
    const { city, staging } = await cityWithResidents()
    const { context } = await staff(city.id, { role: 'tenant_admin' })
    const path = `/settings/channels/${staging.id}`
    const values = {
      lineChannelId: '2000000099',
      channelSecret: 'abc',
      accessToken: '',
      liffId: '2000000100-AbCdEfGh',
      loginChannelId: '',
      apiBaseUrl: 'ftp://nope',
    }
    const invalid = await channelDetail.action({
      context,
      request: post(path, { intent: 'save', values }),
      params: { channelId: staging.id },
    })
    expect(invalid.status).toBe(400)
    expect(await invalid.json()).toMatchObject({
      ok: false,
      intent: 'save',
      fields: { channelSecret: 'errors.channel_secret_format', apiBaseUrl: 'errors.base_url_format' },
    })

    const secret = 'fedcba9876543210fedcba9876543210'
    const saved = await channelDetail.action({
      context,
      request: post(path, {
        intent: 'save',
        values: {
          ...values,
          channelSecret: secret,
          accessToken: 'new-token-abcdefghij',
          apiBaseUrl: lineUrl,
        },
      }),
      params: { channelId: staging.id },
    })
    expect(saved.status).toBe(200)
    const body = await saved.text()
    expect(JSON.parse(body)).toEqual({ ok: true, intent: 'save' })

    const keep = await channelDetail.action({
      context,
      request: post(path, { intent: 'save', values: { ...values, channelSecret: '', apiBaseUrl: lineUrl } }),
      params: { channelId: staging.id },
    })
    expect(keep.status).toBe(200)
    const data = await channelDetail.loader({
      context,
      request: get(path),
      params: { channelId: staging.id },
    })
    expect(data.settings).toMatchObject({
      lineChannelId: '2000000099',
      channelSecretHint: '…3210',
      accessTokenHint: '…ghij',
      loginChannelId: '2000000100',
      isConfigured: true,
    })

    const check = await channelDetail.action({
      context,
      request: post(path, { intent: 'check' }),
      params: { channelId: staging.id },
    })
    expect(await check.json()).toMatchObject({
      ok: true,
      intent: 'check',
      bot: { displayName: 'テスト市', basicId: '@123demo' },
    })
  })

  it('says why the connection check fails when nothing is saved', async () => {
    const { city, staging } = await cityWithResidents()
    const { context } = await staff(city.id, { role: 'tenant_admin' })
    const response = await channelDetail.action({
      context,
      request: post(`/settings/channels/${staging.id}`, { intent: 'check' }),
      params: { channelId: staging.id },
    })
    expect(response.status).toBe(409)
    expect(await response.json()).toMatchObject({ ok: false, key: 'errors.channel_not_configured' })
  })

  it('shows test devices only to those who may manage them, and credentials only to channel admins', async () => {
    const { city, channel } = await cityWithResidents()
    const params = { channelId: channel.id }
    const request = get(`/settings/channels/${channel.id}`)
    const devicesOnly = await staff(city.id, { permissions: ['test_devices.manage'] })
    const data = await channelDetail.loader({ context: devicesOnly.context, request, params })
    expect(data.settings).toBeNull()
    expect(data.devices).toEqual([])
    expect(data.canReadFriends).toBe(false)

    const nobody = await staff(city.id, { permissions: ['friends.read'] })
    expect(
      (await thrown(() => channelDetail.loader({ context: nobody.context, request, params }))).status,
    ).toBe(403)
    expect(
      (await thrown(() => channelsList.loader({ context: nobody.context, request, params: {} }))).status,
    ).toBe(403)

    const admin = await staff(city.id, { role: 'tenant_admin' })
    const other = await cityWithResidents()
    const foreign = { channelId: other.channel.id }
    expect(
      (await thrown(() => channelDetail.loader({ context: admin.context, request, params: foreign }))).status,
    ).toBe(404)
  })

  it('offers following friends as test-device candidates, searched by name', async () => {
    const { city, channel } = await cityWithResidents()
    const { context } = await staff(city.id, { permissions: ['friends.read', 'test_devices.manage'] })
    const load = async (q: string) => {
      const response = await channelCandidates.loader({
        context,
        request: get(`/settings/channels/${channel.id}/candidates?q=${encodeURIComponent(q)}`),
        params: { channelId: channel.id },
      })
      expect(response.headers.get('cache-control')).toBe('private, no-store')
      return (await response.json()) as { rows: { displayName: string }[] }
    }
    expect((await load('')).rows.map((r) => r.displayName).sort()).toEqual(
      ['Emily', '回覧 太郎', '回覧 花子'].sort(),
    )
    expect((await load('太郎')).rows.map((r) => r.displayName)).toEqual(['回覧 太郎'])
  })
})
