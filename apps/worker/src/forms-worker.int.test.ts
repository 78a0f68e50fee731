import { randomBytes, randomUUID } from 'node:crypto'
import { createSecretBox, generateKeySpec, jobs, type LineClientFactory, sealAnswers } from '@kairan/core'
import { createTenant, testBlobStore } from '@kairan/core/testing'
import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import type { LineClient } from '@kairan/line'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningWorker, startWorker } from './worker.ts'

/**
 * The worker's part in forms: the upload cleanup job gets the apps' blob store, and the receipt
 * sweeper pushes due receipts (core's tests cover LINE's side against the emulator; here a
 * recording client shows the worker runs the sweep and pushes each receipt once).
 */
const secrets = createSecretBox(generateKeySpec())
const storage = testBlobStore()
const pushes: { to: string; retryKey: string; text: string }[] = []
const recordingClient = {
  async pushMessage(body: { to: string; messages: { text?: string }[] }, opts: { retryKey: string }) {
    pushes.push({ to: body.to, retryKey: opts.retryKey, text: body.messages[0]?.text ?? '' })
    return { requestId: 'r', status: 'accepted', sentMessages: [] }
  },
} as unknown as LineClient
const lineClient: LineClientFactory = () => recordingClient
let testDb: TestDatabase
let worker: RunningWorker

beforeAll(async () => {
  testDb = await createTestDatabase()
  worker = await startWorker({
    databaseUrl: testDb.url,
    port: 0,
    log: pino({ level: 'silent' }),
    storage,
    secrets,
    lineClient,
    receiptSweep: { intervalMs: 100 },
    webhookSweep: { intervalMs: 60_000, graceMs: 0 },
  })
})
afterAll(async () => {
  await worker?.stop()
  await testDb?.drop()
})

async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** A published form, a resident who follows the channel, and an answer of theirs. */
async function answeredForm(receipt: 'none' | 'pending') {
  const tenant = await createTenant(testDb.db)
  const channel = tenant.channels[0]!
  await testDb.sql`update channels set access_token_enc = ${secrets.encrypt('token-0123456789')} where id = ${channel.id}`
  const lineUserId = `U${randomBytes(16).toString('hex')}`
  const [citizen] = await testDb.sql`
    insert into citizens (tenant_id, channel_id, line_user_id, status) values (${tenant.id}, ${channel.id}, ${lineUserId}, 'following')
    returning id`
  const definition = {
    schemaVersion: 1,
    title: { ja: '健診の申込み' },
    sections: [{ id: 's1', questions: [] }],
  }
  const [form] = await testDb.sql`
    insert into forms (tenant_id, draft_definition, sends_receipt) values (${tenant.id}, ${JSON.stringify(definition)}::jsonb, true)
    returning id`
  const [version] = await testDb.sql`
    insert into form_versions (tenant_id, form_id, version, definition) values (${tenant.id}, ${form!.id}, 1, ${JSON.stringify(definition)}::jsonb)
    returning id`
  const [response] = await testDb.sql`
    insert into form_responses (tenant_id, channel_id, form_id, form_version_id, citizen_id, answers_enc, language, receipt_status, receipt_next_attempt_at)
    values (${tenant.id}, ${channel.id}, ${form!.id}, ${version!.id}, ${citizen!.id}, ${sealAnswers(secrets, {})}, 'ja', ${receipt}, now())
    returning id`
  return {
    tenant,
    channel,
    citizenId: citizen!.id as string,
    formId: form!.id as string,
    responseId: response!.id as string,
    lineUserId,
  }
}

describe('worker and forms', () => {
  it('pushes a due receipt once and marks it sent', async () => {
    const { responseId, lineUserId } = await answeredForm('pending')
    await until(async () => {
      const [row] = await testDb.sql`select receipt_status from form_responses where id = ${responseId}`
      return row!.receipt_status === 'sent'
    }, 'the receipt sweep')
    await new Promise((r) => setTimeout(r, 300))
    expect(pushes.filter((p) => p.to === lineUserId)).toEqual([
      {
        to: lineUserId,
        retryKey: expect.any(String),
        text: '「健診の申込み」への回答を受け付けました。ご協力ありがとうございました。',
      },
    ])
  })

  it('runs the upload cleanup job with the apps’ store: abandoned files go, attached ones stay', async () => {
    const job = jobs.find((j) => j.name === 'forms.upload-cleanup')!
    expect(job.cron).toBeDefined()
    const { tenant, channel, citizenId, formId, responseId } = await answeredForm('none')
    const upload = async (attached: boolean, age: string) => {
      const id = randomUUID()
      const key = `forms/${tenant.id}/${formId}/${id}`
      await storage.put(key, secrets.encryptBytes(Buffer.from('photo')))
      await testDb.sql`
        insert into form_uploads (id, tenant_id, channel_id, form_id, question_id, citizen_id, response_id, storage_key, content_type, byte_size, created_at)
        values (${id}, ${tenant.id}, ${channel.id}, ${formId}, 'q_photo', ${citizenId}, ${attached ? responseId : null}, ${key}, 'image/jpeg', 5, now() - ${age}::interval)`
      return key
    }
    const abandoned = await upload(false, '2 days')
    const fresh = await upload(false, '1 hour')
    const attached = await upload(true, '30 days')
    const jobId = await worker.boss.send(job.name, {})
    await until(async () => {
      const [found] = await worker.boss.findJobs(job.name, { id: jobId! })
      return found?.state === 'completed'
    }, 'the cleanup job')
    expect(await storage.get(abandoned)).toBeNull()
    expect(await storage.get(fresh)).not.toBeNull()
    expect(await storage.get(attached)).not.toBeNull()
    const [left] = await testDb.sql`select count(*)::int as n from form_uploads where form_id = ${formId}`
    expect(left!.n).toBe(2)
  })
})
