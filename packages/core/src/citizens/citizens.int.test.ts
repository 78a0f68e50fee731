import { startLineEmulator } from '@kairan/line-emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  checkChannelConnection,
  getChannelSettings,
  updateChannelCredentials,
} from '../channels/channel-settings.ts'
import { addTestDevice, listTestDevices, removeTestDevice } from '../channels/test-devices.ts'
import { noLivePublisher } from '../live/index.ts'
import { createTenant, staffCtx } from '../testing/factories.ts'
import { lineEvents, randomLineUserId, testSecrets } from '../testing/line-events.ts'
import { useTestDb } from '../testing/use-test-db.ts'
import { handleWebhookEvents } from '../webhook/handle-webhook-events.ts'
import { storeWebhookEvents } from '../webhook/store-webhook-events.ts'
import { authenticateCitizen, signInCitizen } from './citizen-session.ts'
import { getCitizen } from './get-citizen.ts'
import { listCitizenLanguages, listCitizens } from './list-citizens.ts'
import { getMyProfile, residentLanguage, setMyLanguage } from './my-profile.ts'

const testDb = useTestDb()
const secrets = testSecrets()
let emulator: Awaited<ReturnType<typeof startLineEmulator>>
const line = {
  channelId: '2000000101',
  accessToken: 'emulator-token-0123456789',
  loginChannelId: '2000000102',
}
const channelSecret = '0123456789abcdef0123456789abcdef'

beforeAll(async () => {
  emulator = await startLineEmulator({ port: 0 })
  emulator.upsertChannel({
    channelId: line.channelId,
    channelSecret,
    accessToken: line.accessToken,
    botUserId: 'U00000000000000000000000000000c17',
    name: 'テスト市',
    webhookUrl: null,
    liff: {
      liffId: `${line.loginChannelId}-AbCdEfGh`,
      loginChannelId: line.loginChannelId,
      endpointUrl: 'http://127.0.0.1:1/c/x',
    },
  })
})
afterAll(async () => {
  await emulator?.stop()
})

async function control<T>(path: string, body?: object): Promise<T> {
  const res = await fetch(`${emulator.url}/_emulator${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** A city whose production channel talks to the emulator, set up through the settings verb. */
async function cityOnEmulator() {
  const { db } = testDb.current
  const tenant = await createTenant(db)
  const channel = tenant.channels[0]!
  const admin = await staffCtx(db, tenant.id, { role: 'tenant_admin' })
  await updateChannelCredentials({
    ctx: admin,
    secrets,
    input: {
      channelId: channel.id,
      lineChannelId: line.channelId,
      channelSecret,
      accessToken: line.accessToken,
      liffId: `${line.loginChannelId}-AbCdEfGh`,
      loginChannelId: '',
      apiBaseUrl: emulator.url,
    },
  })
  return { tenant, channel, admin }
}

async function follow(channelId: string, tenantId: string, displayName: string, language = 'ja') {
  const { db } = testDb.current
  const resident = await control<{ userId: string }>('/residents', { displayName, language })
  await control(`/residents/${resident.userId}/follow`, { channelId: line.channelId })
  const ids = await storeWebhookEvents(db, secrets, { tenantId, channelId }, [
    lineEvents.follow(resident.userId) as never,
    lineEvents.text(resident.userId, `${displayName}です`) as never,
  ])
  await handleWebhookEvents({ db, secrets, live: noLivePublisher }, ids)
  return resident.userId
}

describe('channel credentials', () => {
  it('are stored sealed, shown only as a hint, and checked against LINE', async () => {
    const { channel, admin } = await cityOnEmulator()
    const [raw] = await testDb.current
      .sql`select channel_secret_enc, access_token_enc from channels where id = ${channel.id}`
    expect(JSON.stringify(raw)).not.toContain(channelSecret)
    expect(JSON.stringify(raw)).not.toContain(line.accessToken)
    const settings = await getChannelSettings({ ctx: admin, secrets, input: { channelId: channel.id } })
    expect(settings).toMatchObject({
      channelSecretHint: '…cdef',
      loginChannelId: line.loginChannelId,
      isConfigured: true,
      webhookPath: `/webhook/${channel.id}`,
    })
    expect(JSON.stringify(settings)).not.toContain(line.accessToken)
    const info = await checkChannelConnection({ ctx: admin, secrets, input: { channelId: channel.id } })
    expect(info.botUserId).toBe('U00000000000000000000000000000c17')

    // Empty secret and token keep the saved ones.
    await updateChannelCredentials({
      ctx: admin,
      secrets,
      input: {
        channelId: channel.id,
        lineChannelId: line.channelId,
        liffId: '',
        loginChannelId: '',
        apiBaseUrl: emulator.url,
      },
    })
    expect(
      (await getChannelSettings({ ctx: admin, secrets, input: { channelId: channel.id } })).isConfigured,
    ).toBe(true)
    const logs = await testDb.current
      .sql`select detail from access_logs where action = 'channel.credentials.update' and target_id = ${channel.id}`
    expect(logs).toHaveLength(2)
    expect(JSON.stringify(logs)).not.toContain(channelSecret)
  })

  it('refuses malformed credentials and a token LINE rejects', async () => {
    const { channel, admin } = await cityOnEmulator()
    await expect(
      updateChannelCredentials({
        ctx: admin,
        secrets,
        input: {
          channelId: channel.id,
          lineChannelId: 'abc',
          channelSecret: 'short',
          liffId: 'x',
          loginChannelId: '',
          apiBaseUrl: 'ftp://x',
        },
      }),
    ).rejects.toThrow()
    await updateChannelCredentials({
      ctx: admin,
      secrets,
      input: {
        channelId: channel.id,
        lineChannelId: line.channelId,
        accessToken: 'not-the-right-token',
        liffId: '',
        loginChannelId: '',
        apiBaseUrl: emulator.url,
      },
    })
    await expect(
      checkChannelConnection({ ctx: admin, secrets, input: { channelId: channel.id } }),
    ).rejects.toMatchObject({
      key: 'errors.line_token_rejected',
    })
  })

  it('belong to the tenant: another city’s admin cannot read or change them', async () => {
    const { channel } = await cityOnEmulator()
    const other = await createTenant(testDb.current.db)
    const stranger = await staffCtx(testDb.current.db, other.id, { role: 'tenant_admin' })
    await expect(
      getChannelSettings({ ctx: stranger, secrets, input: { channelId: channel.id } }),
    ).rejects.toMatchObject({
      key: 'errors.not_found',
    })
  })
})

describe('friends', () => {
  it('are created from follow with the LINE profile, searchable and filterable', async () => {
    const { tenant, channel } = await cityOnEmulator()
    const staff = await staffCtx(testDb.current.db, tenant.id, { permissions: ['friends.read'] })
    await follow(channel.id, tenant.id, '山田 花子', 'ja')
    const englishUser = await follow(channel.id, tenant.id, 'John Smith', 'en')

    const all = await listCitizens({ ctx: staff, input: { channelId: channel.id } })
    expect(all.total).toBe(2)
    expect(all.counts.following).toBe(2)
    expect(all.rows.map((r) => r.displayName).sort()).toEqual(['John Smith', '山田 花子'])
    expect((await listCitizens({ ctx: staff, input: { channelId: channel.id, query: '花子' } })).total).toBe(
      1,
    )
    expect((await listCitizens({ ctx: staff, input: { channelId: channel.id, language: 'en' } })).total).toBe(
      1,
    )
    expect(await listCitizenLanguages({ ctx: staff, input: { channelId: channel.id } })).toEqual(['en', 'ja'])
    expect(
      (await listCitizens({ ctx: staff, input: { channelId: channel.id, addedSince: '2999-01-01' } })).total,
    ).toBe(0)

    // unfollow: blocked, history kept
    const ids = await storeWebhookEvents(
      testDb.current.db,
      secrets,
      { tenantId: tenant.id, channelId: channel.id },
      [lineEvents.unfollow(englishUser) as never],
    )
    await handleWebhookEvents({ db: testDb.current.db, secrets, live: noLivePublisher }, ids)
    const blocked = await listCitizens({ ctx: staff, input: { channelId: channel.id, status: 'blocked' } })
    expect(blocked.rows.map((r) => r.displayName)).toEqual(['John Smith'])
    const detail = await getCitizen({ ctx: staff, secrets, input: { citizenId: blocked.rows[0]!.id } })
    expect(detail.citizen.status).toBe('blocked')
    expect(detail.messages.map((m) => m.kind)).toEqual(['follow', 'text', 'unfollow'])
    expect(detail.messages[1]!.content).toMatchObject({ type: 'text', text: 'John Smithです' })

    // A re-follow re-activates the same resident.
    const again = await storeWebhookEvents(
      testDb.current.db,
      secrets,
      { tenantId: tenant.id, channelId: channel.id },
      [lineEvents.follow(englishUser) as never],
    )
    await handleWebhookEvents({ db: testDb.current.db, secrets, live: noLivePublisher }, again)
    expect((await listCitizens({ ctx: staff, input: { channelId: channel.id } })).counts).toMatchObject({
      following: 2,
      blocked: 0,
    })
  })

  it('an unfollow that LINE delivers late never undoes a newer follow', async () => {
    const { tenant, channel } = await cityOnEmulator()
    const userId = randomLineUserId()
    const now = Date.now()
    const ids = await storeWebhookEvents(
      testDb.current.db,
      secrets,
      { tenantId: tenant.id, channelId: channel.id },
      [
        lineEvents.follow(userId, { timestamp: now }) as never,
        lineEvents.unfollow(userId, { timestamp: now - 60_000 }) as never,
      ],
    )
    await handleWebhookEvents({ db: testDb.current.db, secrets, live: noLivePublisher }, ids)
    const [row] = await testDb.current.sql`select status from citizens where line_user_id = ${userId}`
    expect(row!.status).toBe('following')
  })

  it('are invisible to other tenants and to staff without the permission', async () => {
    const { tenant, channel } = await cityOnEmulator()
    await follow(channel.id, tenant.id, '鈴木 一郎')
    const other = await createTenant(testDb.current.db)
    const stranger = await staffCtx(testDb.current.db, other.id, { role: 'tenant_admin' })
    await expect(listCitizens({ ctx: stranger, input: { channelId: channel.id } })).rejects.toMatchObject({
      key: 'errors.not_found',
    })
    const [citizen] = await testDb.current.sql`select id from citizens where channel_id = ${channel.id}`
    await expect(
      getCitizen({ ctx: stranger, secrets, input: { citizenId: citizen!.id } }),
    ).rejects.toMatchObject({
      key: 'errors.not_found',
    })
    const noPermission = await staffCtx(testDb.current.db, tenant.id, { permissions: [] })
    await expect(listCitizens({ ctx: noPermission, input: { channelId: channel.id } })).rejects.toMatchObject(
      {
        key: 'errors.forbidden',
      },
    )
  })
})

describe('test devices', () => {
  it('are picked from following friends, once, and removed', async () => {
    const { tenant, channel } = await cityOnEmulator()
    const staff = await staffCtx(testDb.current.db, tenant.id, {
      permissions: ['test_devices.manage', 'friends.read'],
    })
    await follow(channel.id, tenant.id, '職員のスマホ')
    const [citizen] = await testDb.current.sql`select id from citizens where channel_id = ${channel.id}`
    const device = await addTestDevice({
      ctx: staff,
      input: { citizenId: citizen!.id, label: '広報課 田中' },
    })
    await expect(
      addTestDevice({ ctx: staff, input: { citizenId: citizen!.id, label: 'again' } }),
    ).rejects.toMatchObject({
      key: 'errors.test_device_exists',
    })
    expect(
      (await listTestDevices({ ctx: staff, input: { channelId: channel.id } })).map((d) => d.label),
    ).toEqual(['広報課 田中'])
    await removeTestDevice({ ctx: staff, input: { testDeviceId: device.id } })
    expect(await listTestDevices({ ctx: staff, input: { channelId: channel.id } })).toEqual([])
    const logs = await testDb.current
      .sql`select action from access_logs where target_id = ${citizen!.id} order by created_at`
    expect(logs.map((l) => l.action)).toEqual(['test_device.add', 'test_device.remove'])
  })
})

describe('LIFF sign-in', () => {
  it('verifies the ID token with LINE, starts a session for that channel only, and keeps the language', async () => {
    const { tenant, channel } = await cityOnEmulator()
    const userId = await follow(channel.id, tenant.id, 'Kim Minji', 'ko')
    const { idToken } = await control<{ idToken: string }>(`/residents/${userId}/liff-token`, {
      channelId: line.channelId,
    })
    const { token } = await signInCitizen({
      db: testDb.current.db,
      secrets,
      input: { channelId: channel.id, idToken },
    })
    const actor = await authenticateCitizen(testDb.current.db, { token, channelId: channel.id })
    expect(actor?.type).toBe('citizen')
    expect(
      await authenticateCitizen(testDb.current.db, { token, channelId: tenant.channels[1]!.id }),
    ).toBeNull()
    const ctx = { db: testDb.current.db, actor: actor!, request: { ip: null, userAgent: null } }
    expect(await getMyProfile({ ctx })).toMatchObject({
      displayName: 'Kim Minji',
      language: 'ko',
      isFriend: true,
    })
    await setMyLanguage({ ctx, input: { language: 'ja-easy' } })
    expect((await getMyProfile({ ctx })).language).toBe('ja-easy')
    await expect(setMyLanguage({ ctx, input: { language: 'fr' } })).rejects.toThrow()
  })

  it('refuses a token for another LINE Login channel or a garbled one', async () => {
    const { tenant, channel } = await cityOnEmulator()
    const userId = await follow(channel.id, tenant.id, 'Test')
    const { idToken } = await control<{ idToken: string }>(`/residents/${userId}/liff-token`, {
      channelId: line.channelId,
    })
    await testDb.current.sql`update channels set login_channel_id = '2999999999' where id = ${channel.id}`
    await expect(
      signInCitizen({ db: testDb.current.db, secrets, input: { channelId: channel.id, idToken } }),
    ).rejects.toMatchObject({ key: 'errors.liff_token_invalid' })
    await expect(
      signInCitizen({
        db: testDb.current.db,
        secrets,
        input: { channelId: channel.id, idToken: `${idToken}x` },
      }),
    ).rejects.toMatchObject({ key: 'errors.liff_token_invalid' })
  })

  it('maps LINE languages to the six resident languages', () => {
    expect(residentLanguage(null, 'zh-TW')).toBe('zh-Hant')
    expect(residentLanguage(null, 'zh-Hans')).toBe('zh-Hans')
    expect(residentLanguage(null, 'th')).toBe('en')
    expect(residentLanguage(null, null)).toBe('ja')
    expect(residentLanguage('ja-easy', 'en')).toBe('ja-easy')
  })
})
