import { createLineClient } from '@kairan/line'
import { startLineEmulator } from '@kairan/line-emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateChannelCredentials } from '../channels/channel-settings.ts'
import type { CitizenCtx } from '../ctx.ts'
import type { LineClientFactory } from '../line/channel-line.ts'
import { noLivePublisher } from '../live/index.ts'
import { createTenant, staffCtx } from '../testing/factories.ts'
import { lineEvents, testSecrets } from '../testing/line-events.ts'
import { useTestDb } from '../testing/use-test-db.ts'
import { handleWebhookEvents } from '../webhook/handle-webhook-events.ts'
import { storeWebhookEvents } from '../webhook/store-webhook-events.ts'
import { receiptRetryKey, sendPendingReceipts } from './form-receipts.ts'
import { publishedForm, residentCtx, residentSurvey } from './forms-test-kit.ts'
import { submitFormResponse } from './submit-form-response.ts'

/** Form receipts pushed to the LINE emulator: each answer (and each edit) gets exactly one message. */
const testDb = useTestDb()
const secrets = testSecrets()
let emulator: Awaited<ReturnType<typeof startLineEmulator>>
const line = {
  channelId: '2000000301',
  accessToken: 'emulator-receipts-token-0123',
  loginChannelId: '2000000302',
}
const channelSecret = 'abcdef0123456789abcdef0123456789'
// One attempt per push, so a fault the test injects is the outcome the sweep sees.
const lineClient: LineClientFactory = (channel) =>
  channel.accessToken
    ? createLineClient({
        channelAccessToken: channel.accessToken,
        apiBaseUrl: channel.apiBaseUrl!,
        maxAttempts: 1,
      })
    : null

beforeAll(async () => {
  emulator = await startLineEmulator({ port: 0 })
  emulator.upsertChannel({
    channelId: line.channelId,
    channelSecret,
    accessToken: line.accessToken,
    botUserId: 'U0000000000000000000000000000f0a1',
    name: 'テスト市',
    webhookUrl: null,
  })
})
afterAll(async () => {
  await emulator?.stop()
})

async function control<T>(path: string, body?: object, method = body ? 'POST' : 'GET'): Promise<T> {
  const res = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return (res.status === 204 ? undefined : await res.json()) as T
}

/** A city on the emulator, a form that sends receipts, and a resident who is a friend. */
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
      liffId: '',
      loginChannelId: '',
      apiBaseUrl: emulator.url,
    },
  })
  const { userId } = await control<{ userId: string }>('/residents', {
    displayName: '受付 太郎',
    language: 'ja',
  })
  await control(`/residents/${userId}/follow`, { channelId: line.channelId })
  const ids = await storeWebhookEvents(db, secrets, { tenantId: tenant.id, channelId: channel.id }, [
    lineEvents.follow(userId) as never,
  ])
  await handleWebhookEvents({ db, secrets, live: noLivePublisher }, ids)
  const [citizen] = await testDb.current.sql`select id from citizens where line_user_id = ${userId}`
  const resident: CitizenCtx = {
    db,
    request: { ip: null, userAgent: null },
    actor: {
      type: 'citizen' as const,
      citizenId: citizen!.id as string,
      tenantId: tenant.id,
      channelId: channel.id,
      sessionId: 't',
    },
  }
  const form = await publishedForm(admin, residentSurvey(), { sendsReceipt: true })
  return { db, tenant, channel, admin, resident, userId, form }
}

async function botTexts(userId: string): Promise<string[]> {
  const { items } = await control<{ items: { from: string; message: { text?: string } }[] }>(
    `/residents/${userId}/chat?channelId=${line.channelId}`,
  )
  return items.filter((i) => i.from === 'bot').map((i) => i.message.text ?? '')
}

async function receiptOf(responseId: string) {
  const [row] = await testDb.current.sql`
    select receipt_status, receipt_attempts, receipt_next_attempt_at, updated_at from form_responses where id = ${responseId}`
  return row!
}

const answers = { q_name: '受付 太郎' }

describe('form receipts', () => {
  it('sends one receipt per answer even when two sweeps run at once, and a new one after an edit', async () => {
    const { db, resident, userId, form } = await setUp()
    const sent = await submitFormResponse({
      ctx: resident,
      secrets,
      input: { formId: form.formId, versionId: form.versionId, answers, consent: true, language: 'ja' },
    })
    const before = await receiptOf(sent.responseId)
    expect(before.receipt_status).toBe('pending')

    const [a, b] = await Promise.all([
      sendPendingReceipts({ db, secrets, lineClient }),
      sendPendingReceipts({ db, secrets, lineClient }),
    ])
    expect(a.sent + b.sent).toBe(1)
    expect(await botTexts(userId)).toEqual([
      '「防災アンケート」への回答を受け付けました。ご協力ありがとうございました。',
    ])
    const after = await receiptOf(sent.responseId)
    expect(after.receipt_status).toBe('sent')
    // Receipt bookkeeping does not count as a change of the answer.
    expect(after.updated_at).toEqual(before.updated_at)

    // A sweep that died after LINE accepted the push: the next one repeats it with the same retry
    // key, LINE answers "already accepted", and the receipt is marked sent without a second message.
    await testDb.current
      .sql`update form_responses set receipt_status = 'pending', receipt_next_attempt_at = now() where id = ${sent.responseId}`
    expect(await sendPendingReceipts({ db, secrets, lineClient })).toEqual({
      sent: 1,
      retrying: 0,
      failed: 0,
    })
    expect(await botTexts(userId)).toHaveLength(1)

    // The resident changes the answer, in English: a new receipt, with a new retry key.
    await submitFormResponse({
      ctx: resident,
      secrets,
      input: { formId: form.formId, versionId: form.versionId, answers, consent: true, language: 'en' },
    })
    await sendPendingReceipts({ db, secrets, lineClient })
    await sendPendingReceipts({ db, secrets, lineClient })
    expect(await botTexts(userId)).toEqual([
      '「防災アンケート」への回答を受け付けました。ご協力ありがとうございました。',
      'Your answer to "Disaster survey" has been updated.',
    ])
    const pushes = await control<{ requests: { retryKey: string | null; status: number }[] }>(
      `/requests?channelId=${line.channelId}&path=/v2/bot/message/push`,
    )
    expect(pushes.requests.map((r) => [r.retryKey, r.status])).toEqual([
      [receiptRetryKey(sent.responseId, 0), 200],
      [receiptRetryKey(sent.responseId, 0), 409],
      [receiptRetryKey(sent.responseId, 1), 200],
    ])
  })

  it('retries after LINE fails, gives up on a refusal, and sends nothing to residents who are not friends', async () => {
    const { db, tenant, channel, resident, userId, form } = await setUp()
    await control('/requests', undefined, 'DELETE')
    const submit = (ctx: typeof resident) =>
      submitFormResponse({
        ctx,
        secrets,
        input: { formId: form.formId, versionId: form.versionId, answers, consent: true, language: 'ja' },
      })

    const first = await submit(resident)
    await control('/faults', { method: 'POST', path: '/v2/bot/message/push', status: 500 })
    expect(await sendPendingReceipts({ db, secrets, lineClient })).toEqual({
      sent: 0,
      retrying: 1,
      failed: 0,
    })
    const waiting = await receiptOf(first.responseId)
    expect(waiting).toMatchObject({ receipt_status: 'pending', receipt_attempts: 1 })
    expect(new Date(waiting.receipt_next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 20_000)
    // Not due yet: the next sweep leaves it alone.
    expect(await sendPendingReceipts({ db, secrets, lineClient })).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    })
    await testDb.current
      .sql`update form_responses set receipt_next_attempt_at = now() where id = ${first.responseId}`
    expect(await sendPendingReceipts({ db, secrets, lineClient })).toEqual({
      sent: 1,
      retrying: 0,
      failed: 0,
    })
    expect(await botTexts(userId)).toHaveLength(1)

    // A permanent refusal (400) is not retried.
    const other = await submitFormResponse({
      ctx: resident,
      secrets,
      input: {
        formId: form.formId,
        versionId: form.versionId,
        responseId: first.responseId,
        answers,
        consent: true,
        language: 'ja',
      },
    })
    await control('/faults', { method: 'POST', path: '/v2/bot/message/push', status: 400 })
    expect(await sendPendingReceipts({ db, secrets, lineClient })).toEqual({
      sent: 0,
      retrying: 0,
      failed: 1,
    })
    expect((await receiptOf(other.responseId)).receipt_status).toBe('failed')

    // Someone who opened the form without adding the account as a friend: no push at all.
    const stranger = await residentCtx(db, tenant.id, channel.id, { status: 'not_following' })
    const theirs = await submit(stranger)
    const pushesBefore = (await control<{ requests: unknown[] }>(`/requests?path=/v2/bot/message/push`))
      .requests.length
    expect(await sendPendingReceipts({ db, secrets, lineClient })).toEqual({
      sent: 0,
      retrying: 0,
      failed: 1,
    })
    expect((await receiptOf(theirs.responseId)).receipt_status).toBe('failed')
    expect(
      (await control<{ requests: unknown[] }>(`/requests?path=/v2/bot/message/push`)).requests,
    ).toHaveLength(pushesBefore)

    // After a day without success the receipt is dropped.
    const late = await submit(await residentCtx(db, tenant.id, channel.id))
    await testDb.current
      .sql`update form_responses set updated_at = now() - interval '25 hours' where id = ${late.responseId}`
    expect(await sendPendingReceipts({ db, secrets, lineClient })).toEqual({
      sent: 0,
      retrying: 0,
      failed: 1,
    })
  })

  it('derives a stable UUID retry key per response and edit', () => {
    const id = '6f9619ff-8b86-4011-b42d-00c04fc964ff'
    expect(receiptRetryKey(id, 0)).toBe(receiptRetryKey(id, 0))
    expect(receiptRetryKey(id, 1)).not.toBe(receiptRetryKey(id, 0))
    expect(receiptRetryKey(id, 0)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })
})
