import { citizens, formResponses } from '@kairan/db/schema'
import { startLineEmulator } from '@kairan/line-emulator'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateChannelCredentials } from '../channels/channel-settings.ts'
import { publishedForm } from '../forms/forms-test-kit.ts'
import { noLivePublisher } from '../live/index.ts'
import { createTenant, staffCtx } from '../testing/factories.ts'
import { testSecrets } from '../testing/line-events.ts'
import { useTestDb } from '../testing/use-test-db.ts'
import { handleWebhookEvents } from '../webhook/handle-webhook-events.ts'
import { storeWebhookEvents } from '../webhook/store-webhook-events.ts'
import { updateDeliverySettings } from './delivery-settings.ts'
import { reminderRetryKey, sendProfileReminders } from './reminders.ts'
import { DEFAULT_GREETING_TEXT, DEFAULT_REMINDER_TEXT } from './texts.ts'

/** SEG-1, SEG-2 against the LINE emulator: the greeting on follow and the one profile reminder. */
const testDb = useTestDb()
const secrets = testSecrets()
let emulator: Awaited<ReturnType<typeof startLineEmulator>>
const line = {
  channelId: '2000000501',
  accessToken: 'emulator-onboarding-token-0123',
  loginChannelId: '2000000502',
}
const liffId = `${line.loginChannelId}-OnBoard1`
const channelSecret = 'fedcba9876543210fedcba9876543210'

beforeAll(async () => {
  emulator = await startLineEmulator({ port: 0 })
  emulator.upsertChannel({
    channelId: line.channelId,
    channelSecret,
    accessToken: line.accessToken,
    botUserId: 'U0000000000000000000000000000b0a1',
    name: 'テスト市',
    webhookUrl: null,
    liff: { liffId, loginChannelId: line.loginChannelId, endpointUrl: 'http://127.0.0.1:1/c/x' },
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

type ChatItem = { from: string; message: { type: string; text?: string; contents?: unknown } }
async function botMessages(userId: string) {
  const { items } = await control<{ items: ChatItem[] }>(
    `/residents/${userId}/chat?channelId=${line.channelId}`,
  )
  return items.filter((i) => i.from === 'bot').map((i) => i.message)
}

async function setUp() {
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
      liffId,
      loginChannelId: line.loginChannelId,
      apiBaseUrl: emulator.url,
    },
  })
  const { formId } = await publishedForm(admin)
  const settings = {
    channelId: channel.id,
    profileFormId: formId,
    greetingEnabled: true,
    greetingText: {},
    reminderEnabled: false,
    reminderAfterDays: 3,
    reminderText: {},
    confirmThreshold: 1000,
  }
  await updateDeliverySettings({ ctx: admin, input: settings })
  return { db, tenant, channel, admin, formId, settings }
}

/** A resident follows on the emulator; the webhook event it made is stored and handled. */
async function follow(
  env: Awaited<ReturnType<typeof setUp>>,
  language: string,
  options: { ageMs?: number } = {},
) {
  const { userId } = await control<{ userId: string }>('/residents', { displayName: '住民', language })
  await control(`/residents/${userId}/follow`, { channelId: line.channelId })
  const { deliveries } = await control<{ deliveries: { body: string }[] }>(
    `/webhooks?channelId=${line.channelId}`,
  )
  const events = JSON.parse(deliveries.at(-1)!.body).events as {
    type: string
    timestamp: number
    source: { userId: string }
  }[]
  const event = events.find((e) => e.type === 'follow' && e.source.userId === userId)!
  if (options.ageMs) event.timestamp -= options.ageMs
  const ids = await storeWebhookEvents(
    env.db,
    secrets,
    { tenantId: env.tenant.id, channelId: env.channel.id },
    [event as never],
  )
  await handleWebhookEvents({ db: env.db, secrets, live: noLivePublisher }, ids)
  const [citizen] = await env.db.select().from(citizens).where(eq(citizens.lineUserId, userId))
  return { userId, citizenId: citizen!.id }
}

describe('greeting on follow', () => {
  it('replies in the resident’s language with a button to the profile form', async () => {
    const env = await setUp()
    const en = await follow(env, 'en')
    const messages = await botMessages(en.userId)
    expect(messages).toHaveLength(2)
    expect(messages[0]).toMatchObject({ type: 'text', text: DEFAULT_GREETING_TEXT.en })
    expect(JSON.stringify(messages[1])).toContain(`https://liff.line.me/${liffId}/forms/${env.formId}`)
    expect(JSON.stringify(messages[1])).toContain('Fill in my profile')

    const ko = await follow(env, 'ko')
    expect((await botMessages(ko.userId))[0]).toMatchObject({ text: DEFAULT_GREETING_TEXT.ko })
  })

  it('uses the city’s own text (Japanese when not translated), no button without a form, nothing when off', async () => {
    const env = await setUp()
    await updateDeliverySettings({
      ctx: env.admin,
      input: {
        ...env.settings,
        profileFormId: null,
        greetingText: { ja: '〇〇市へようこそ', en: 'Welcome to the city' },
      },
    })
    const en = await follow(env, 'en')
    expect(await botMessages(en.userId)).toEqual([
      expect.objectContaining({ type: 'text', text: 'Welcome to the city' }),
    ])
    const zh = await follow(env, 'zh-TW')
    expect(await botMessages(zh.userId)).toEqual([expect.objectContaining({ text: '〇〇市へようこそ' })])

    await updateDeliverySettings({ ctx: env.admin, input: { ...env.settings, greetingEnabled: false } })
    const quiet = await follow(env, 'ja')
    expect(await botMessages(quiet.userId)).toEqual([])
  })

  it('does not try a reply token that has expired (an event handled late by the sweep)', async () => {
    const env = await setUp()
    const late = await follow(env, 'ja', { ageMs: 120_000 })
    expect(await botMessages(late.userId)).toEqual([])
  })
})

describe('profile reminder', () => {
  it('is pushed once to friends who have not answered after the set days, even after a crash', async () => {
    const env = await setUp()
    await updateDeliverySettings({
      ctx: env.admin,
      input: { ...env.settings, greetingEnabled: false, reminderEnabled: true, reminderAfterDays: 3 },
    })
    const now = new Date()
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000)
    const due = await follow(env, 'en')
    const answered = await follow(env, 'ja')
    const recent = await follow(env, 'ja')
    await env.db
      .update(citizens)
      .set({ followedAt: daysAgo(4) })
      .where(eq(citizens.id, due.citizenId))
    await env.db
      .update(citizens)
      .set({ followedAt: daysAgo(4) })
      .where(eq(citizens.id, answered.citizenId))
    await env.db
      .update(citizens)
      .set({ followedAt: daysAgo(1) })
      .where(eq(citizens.id, recent.citizenId))
    const [version] = await testDb.current.sql`select current_version_id from forms where id = ${env.formId}`
    await env.db.insert(formResponses).values({
      tenantId: env.tenant.id,
      channelId: env.channel.id,
      formId: env.formId,
      formVersionId: version!.current_version_id as string,
      citizenId: answered.citizenId,
      answersEnc: 'sealed',
      language: 'ja',
    })

    expect(await sendProfileReminders({ db: env.db, secrets, now })).toEqual({
      sent: 1,
      retrying: 0,
      failed: 0,
    })
    expect(await sendProfileReminders({ db: env.db, secrets, now })).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    })
    const pushed = await botMessages(due.userId)
    expect(pushed[0]).toMatchObject({ type: 'text', text: DEFAULT_REMINDER_TEXT.en })
    expect(JSON.stringify(pushed[1])).toContain(`/forms/${env.formId}`)
    expect(await botMessages(answered.userId)).toEqual([])
    expect(await botMessages(recent.userId)).toEqual([])

    // A worker that died after LINE accepted, before the mark: the next push carries the same
    // retry key, LINE answers 409, the resident still has one reminder, and it is marked.
    await env.db.update(citizens).set({ profileReminderSentAt: null }).where(eq(citizens.id, due.citizenId))
    expect(await sendProfileReminders({ db: env.db, secrets, now })).toEqual({
      sent: 1,
      retrying: 0,
      failed: 0,
    })
    expect(await botMessages(due.userId)).toHaveLength(2)
    const { requests } = await control<{ requests: { retryKey?: string | null; status: number }[] }>(
      `/requests?channelId=${line.channelId}&path=/v2/bot/message/push`,
    )
    const mine = requests.filter((r) => r.retryKey === reminderRetryKey(due.citizenId))
    expect(mine.map((r) => r.status)).toEqual([200, 409])
    const [row] = await env.db.select().from(citizens).where(eq(citizens.id, due.citizenId))
    expect(row!.profileReminderSentAt).not.toBeNull()

    // The recent friend's turn comes when their days have passed.
    const later = new Date(now.getTime() + 3 * 86_400_000)
    expect(await sendProfileReminders({ db: env.db, secrets, now: later })).toEqual({
      sent: 1,
      retrying: 0,
      failed: 0,
    })
    expect(await botMessages(recent.userId)).toHaveLength(2)
  })
})
