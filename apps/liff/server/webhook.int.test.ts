import {
  configureLineChannel,
  createTenant,
  lineEvents,
  randomLineUserId,
  testBlobStore,
  testSecrets,
  webhookBody,
} from '@kairan/core/testing'
import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import { signBody } from '@kairan/line'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LiffServer, startLiffServer } from './app.ts'

const secrets = testSecrets()
const log = pino({ level: 'silent' })
let testDb: TestDatabase
let liff: LiffServer
let channelId: string
let channelSecret: string

beforeAll(async () => {
  testDb = await createTestDatabase()
  const tenant = await createTenant(testDb.db)
  channelId = tenant.channels[0]!.id
  ;({ channelSecret } = await configureLineChannel(testDb.db, secrets, channelId))
  liff = await startLiffServer({
    databaseUrl: testDb.url,
    port: 0,
    host: '127.0.0.1',
    log,
    secrets,
    storage: testBlobStore(),
    live: 'none',
    mode: 'test',
  })
})

afterAll(async () => {
  await liff?.stop()
  await testDb?.drop()
})

const post = (body: string, headers: Record<string, string> = {}, id = channelId) =>
  fetch(`${liff.url}/webhook/${id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })
const signed = (body: string) => post(body, { 'x-line-signature': signBody(body, channelSecret) })

const count = async (table: 'webhook_events' | 'citizens' | 'conversation_messages') => {
  const [row] = await testDb.sql.unsafe(`select count(*)::int as n from ${table}`)
  return row!.n as number
}

async function until<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (accept(value) || Date.now() > end) return value
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('POST /webhook/:channelId', () => {
  it('refuses a bad signature with 401 and stores nothing', async () => {
    const body = webhookBody([lineEvents.text('Uaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'hi')])
    const before = await count('webhook_events')
    expect((await post(body, { 'x-line-signature': signBody(body, 'f'.repeat(32)) })).status).toBe(401)
    expect((await post(body)).status).toBe(401)
    const tampered = body.replace('hi', 'ho')
    expect((await post(tampered, { 'x-line-signature': signBody(body, channelSecret) })).status).toBe(401)
    expect(await count('webhook_events')).toBe(before)
  })

  it('refuses a malformed body with 400 and stores nothing', async () => {
    const before = await count('webhook_events')
    for (const body of [
      '{not json',
      '{"destination":"U1"}',
      '{"destination":"U1","events":[{"type":"message"}]}',
    ]) {
      expect((await signed(body)).status).toBe(400)
    }
    expect(await count('webhook_events')).toBe(before)
  })

  it('answers 404 for an unknown channel', async () => {
    const body = webhookBody([])
    const sig = { 'x-line-signature': signBody(body, channelSecret) }
    expect((await post(body, sig, '00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await post(body, sig, 'not-a-channel')).status).toBe(404)
  })

  it('answers 200 to LINE’s connectivity check (no events)', async () => {
    expect((await signed(webhookBody([]))).status).toBe(200)
  })

  it('stores, answers 200, then creates the resident and keeps the message in their history', async () => {
    const userId = 'U0123456789abcdef0123456789abcdef'
    const res = await signed(
      webhookBody([lineEvents.follow(userId), lineEvents.text(userId, 'ごみの日は？')]),
    )
    expect(res.status).toBe(200)
    const handled = await until(
      () =>
        testDb.sql`select count(*)::int as n from webhook_events where handled_at is not null and channel_id = ${channelId}`,
      (rows) => rows[0]!.n >= 2,
    )
    expect(handled[0]!.n).toBeGreaterThanOrEqual(2)
    const [citizen] = await testDb.sql`select * from citizens where line_user_id = ${userId}`
    expect(citizen?.status).toBe('following')
    const history =
      await testDb.sql`select kind, content_enc from conversation_messages where citizen_id = ${citizen!.id} order by sent_at`
    expect(history.map((m) => m.kind)).toEqual(['follow', 'text'])
    // Stored sealed: the text is not readable in the database.
    expect(history[1]!.content_enc).not.toContain('ごみ')
    expect(JSON.parse(secrets.decrypt(history[1]!.content_enc as string)).text).toBe('ごみの日は？')
  })

  it('stores and handles a redelivered event once', async () => {
    const userId = randomLineUserId()
    const event = lineEvents.text(userId, 'once please')
    expect((await signed(webhookBody([event]))).status).toBe(200)
    const redelivered = { ...event, deliveryContext: { isRedelivery: true } }
    expect((await signed(webhookBody([redelivered]))).status).toBe(200)
    expect((await signed(webhookBody([redelivered]))).status).toBe(200)
    await until(
      () =>
        testDb.sql`select handled_at from webhook_events where webhook_event_id = ${event.webhookEventId}`,
      (rows) => rows[0]?.handled_at != null,
    )
    await new Promise((r) => setTimeout(r, 200))
    const stored =
      await testDb.sql`select count(*)::int as n from webhook_events where webhook_event_id = ${event.webhookEventId}`
    expect(stored[0]!.n).toBe(1)
    const rows =
      await testDb.sql`select count(*)::int as n from conversation_messages where webhook_event_id = ${event.webhookEventId}`
    expect(rows[0]!.n).toBe(1)
  })
})
