import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createSecretBox, generateKeySpec, storeWebhookEvents } from '@kairan/core'
import { createTenant, lineEvents, randomLineUserId } from '@kairan/core/testing'
import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import type { WebhookEvent } from '@kairan/line'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * DESIGN invariant 1 with a real crash: the worker process is killed (SIGKILL) in the middle of
 * handling a stored event; after a restart the event is handled exactly once.
 */
const workerDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const keys = generateKeySpec()
const secrets = createSecretBox(keys)
let testDb: TestDatabase
const children: ChildProcess[] = []

beforeAll(async () => {
  testDb = await createTestDatabase()
})
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
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
      WEBHOOK_SWEEP_INTERVAL_MS: '100',
      WEBHOOK_SWEEP_GRACE_MS: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  children.push(child)
  return child
}

async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('a worker killed between store and handle', () => {
  it('handles the event exactly once after a restart', async () => {
    const tenant = await createTenant(testDb.db)
    const channel = tenant.channels[0]!
    const userId = randomLineUserId()
    const events = [lineEvents.follow(userId), lineEvents.text(userId, '粗大ごみの申込み')] as WebhookEvent[]
    const ids = await storeWebhookEvents(
      testDb.db,
      secrets,
      { tenantId: tenant.id, channelId: channel.id },
      events,
    )
    expect(ids).toHaveLength(2)

    // Hold a lock the handler needs, so the worker is caught mid-transaction: it has claimed the
    // event row and is waiting to write the resident.
    const blocker = await testDb.sql.reserve()
    await blocker`begin`
    await blocker`lock table citizens in exclusive mode`
    const first = spawnWorker()
    await until(async () => {
      const [row] = await testDb.sql`
        select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
        where c.relname = 'citizens' and not l.granted`
      return row!.n > 0
    }, 'the worker to block inside the handler')
    first.kill('SIGKILL')
    await new Promise<void>((resolve) => first.once('exit', () => resolve()))
    await blocker`rollback`
    blocker.release()

    const [mid] = await testDb.sql`select count(*)::int as n from webhook_events where handled_at is not null`
    expect(mid!.n).toBe(0)
    expect((await testDb.sql`select count(*)::int as n from citizens`)[0]!.n).toBe(0)

    // Restart: the sweep heals it. Two copies at once, to show they never double-handle.
    const second = spawnWorker()
    const third = spawnWorker()
    await until(async () => {
      const [row] =
        await testDb.sql`select count(*)::int as n from webhook_events where handled_at is not null`
      return row!.n === 2
    }, 'the restarted workers to handle both events')
    second.kill('SIGTERM')
    third.kill('SIGTERM')

    const citizens = await testDb.sql`select id, status from citizens where line_user_id = ${userId}`
    expect(citizens).toHaveLength(1)
    expect(citizens[0]!.status).toBe('following')
    const history =
      await testDb.sql`select kind from conversation_messages where citizen_id = ${citizens[0]!.id} order by sent_at`
    expect(history.map((h) => h.kind)).toEqual(['follow', 'text'])
    const attempts = await testDb.sql`select attempts from webhook_events order by id`
    expect(attempts.map((a) => a.attempts)).toEqual([1, 1])
  }, 90_000)
})
