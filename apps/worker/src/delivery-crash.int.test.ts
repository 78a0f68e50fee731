import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createSecretBox, generateKeySpec } from '@kairan/core'
import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import { startLineEmulator } from '@kairan/line-emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  bulkFriends,
  deliveryRow,
  dueDelivery,
  emulatorCity,
  received,
  textContent,
  until,
} from './delivery-test-kit.ts'

/**
 * DESIGN invariant 2 with real crashes: the worker process is killed (SIGKILL) at random points of
 * a 20,000-recipient delivery — while freezing, while requests are in flight, between claims — and
 * restarted each time. The emulator (LINE) must have given every recipient the message exactly once.
 */
const workerDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const keys = generateKeySpec()
const secrets = createSecretBox(keys)
let testDb: TestDatabase
let emulator: Awaited<ReturnType<typeof startLineEmulator>>
const children: ChildProcess[] = []
const RECIPIENTS = 20_000

beforeAll(async () => {
  testDb = await createTestDatabase()
  emulator = await startLineEmulator({ port: 0 })
})
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  await emulator?.stop()
  await testDb?.drop()
})

function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: workerDir,
    env: {
      ...process.env,
      DATABASE_URL: testDb.url,
      KAIRAN_ENCRYPTION_KEYS: keys,
      WORKER_PORT: '0',
      LOG_LEVEL: 'warn',
      DELIVERY_PUMP_INTERVAL_MS: '100',
      // Small chunks and few requests in flight, so that kills land in every phase.
      DELIVERY_FREEZE_CHUNK: '2000',
      DELIVERY_CONCURRENCY: '3',
      DELIVERY_LEASE_MS: '1500',
      DELIVERY_RETRY_BASE_MS: '100',
      DELIVERY_STATS_INTERVAL_MS: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  children.push(child)
  return child
}

const kill = async (child: ChildProcess) => {
  child.kill('SIGKILL')
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => child.once('exit', () => resolve()))
  }
}

describe('a worker killed in the middle of a delivery', () => {
  it('delivers to each of 20,000 recipients exactly once across repeated SIGKILLs and restarts', async () => {
    const city = await emulatorCity(testDb, secrets, emulator)
    await bulkFriends(testDb, emulator, city, RECIPIENTS, ['ja', 'en', 'ko', 'zh-Hant'])
    const d = await dueDelivery(testDb, city, {
      content: textContent({ ja: '避難所開設のお知らせ', en: 'Shelters are open', ko: '대피소 개설' }),
    })
    const sentBatches = async () =>
      (
        await testDb.sql`select count(*)::int as n from delivery_batches where delivery_id = ${d.id} and status = 'sent'`
      )[0]!.n as number
    const frozenBatches = async () =>
      (await testDb.sql`select count(*)::int as n from delivery_batches where delivery_id = ${d.id}`)[0]!
        .n as number

    // Kill 1: as soon as the first chunk is frozen (sending has barely begun).
    let worker = spawnWorker()
    await until(async () => (await frozenBatches()) > 0, 'the first chunk to be frozen', 60_000)
    await kill(worker)
    // Kills 2 and 3: at random moments while batches go out (each start of the worker takes seconds).
    for (let i = 0; i < 2; i++) {
      worker = spawnWorker()
      const target = (await sentBatches()) + 1 + Math.floor(Math.random() * 10)
      await until(
        async () => (await sentBatches()) >= target || (await deliveryRow(testDb, d.id)).status !== 'sending',
        'some batches to go out',
        60_000,
      )
      await new Promise((r) => setTimeout(r, Math.random() * 30))
      await kill(worker)
    }
    const midway = await sentBatches()

    worker = spawnWorker()
    await until(
      async () => (await deliveryRow(testDb, d.id)).status !== 'sending',
      'the delivery to finish',
      60_000,
    )
    worker.kill('SIGTERM')

    const r = await received(emulator, city.lineChannelId, d.unit)
    expect(r.duplicates).toEqual([])
    expect(r).toMatchObject({ recipients: RECIPIENTS, deliveries: RECIPIENTS, duplicateRecipients: 0 })
    expect(await deliveryRow(testDb, d.id)).toMatchObject({ status: 'sent', recipient_count: RECIPIENTS })
    const [batches] = await testDb.sql`
      select count(*)::int as n, sum(size)::int as total, count(*) filter (where status = 'sent')::int as sent,
             count(*) filter (where attempts > 1)::int as retried
      from delivery_batches where delivery_id = ${d.id}`
    expect(batches).toMatchObject({ total: RECIPIENTS, sent: batches!.n })
    // The kills interrupted the delivery (it was not done before the last restart).
    expect(midway).toBeLessThan(batches!.n)
  }, 150_000)
})
