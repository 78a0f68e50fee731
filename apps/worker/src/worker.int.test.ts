import { type JobDefinition, jobs } from '@kairan/core'
import { createTenant, testBlobStore } from '@kairan/core/testing'
import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { type RunningWorker, startWorker } from './worker.ts'

const retentionJob = jobs.find((j) => j.name === 'audit.access-log-retention')

let testDb: TestDatabase
let worker: RunningWorker
const storage = testBlobStore()

beforeAll(async () => {
  testDb = await createTestDatabase()
  worker = await startWorker({ databaseUrl: testDb.url, port: 0, log: pino({ level: 'silent' }), storage })
})

afterAll(async () => {
  await worker?.stop()
  await testDb?.drop()
})

async function waitForJob(name: string, id: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const [job] = await worker.boss.findJobs(name, { id })
    if (job && (job.state === 'completed' || job.state === 'failed')) return job
    if (Date.now() > deadline) throw new Error(`job ${name}/${id} still ${job?.state ?? 'missing'}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

describe('worker', () => {
  it('answers /healthz and /readyz', async () => {
    const base = `http://127.0.0.1:${worker.port}`
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    const ready = await fetch(`${base}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ ok: true, database: 'up', queue: 'up' })
    expect((await fetch(`${base}/nope`)).status).toBe(404)
  })

  it('creates a queue with the retry policy of every job of core', async () => {
    for (const job of jobs) {
      const queue = await worker.boss.getQueue(job.name)
      expect(queue, job.name).not.toBeNull()
      if (job.retryLimit !== undefined) expect(queue?.retryLimit).toBe(job.retryLimit)
      if (job.retryDelaySeconds !== undefined) expect(queue?.retryDelay).toBe(job.retryDelaySeconds)
    }
  })

  it('schedules the access-log retention job in its time zone', async () => {
    expect(retentionJob?.cron).toBeDefined()
    const schedules = await worker.boss.getSchedules(retentionJob!.name)
    expect(schedules).toHaveLength(1)
    expect(schedules[0]).toMatchObject({
      name: retentionJob!.name,
      cron: retentionJob!.cron,
      timezone: retentionJob!.timezone ?? 'Asia/Tokyo',
    })
  })

  it('deletes access-log rows older than each tenant retention when the job runs', async () => {
    const short = await createTenant(testDb.db, { accessLogRetentionDays: 365 })
    const long = await createTenant(testDb.db, { accessLogRetentionDays: 500 })
    const rows = await testDb.sql<{ id: string; tenant_id: string; action: string }[]>`
      insert into access_logs (tenant_id, action, created_at) values
        (${short.id}, 'test.old', now() - interval '400 days'),
        (${short.id}, 'test.recent', now() - interval '1 day'),
        (${long.id}, 'test.old', now() - interval '400 days')
      returning id, tenant_id, action`
    expect(rows).toHaveLength(3)

    const jobId = await worker.boss.send(retentionJob!.name, {})
    expect(jobId).toBeTruthy()
    const done = await waitForJob(retentionJob!.name, jobId!)
    expect(done.state).toBe('completed')

    const left = await testDb.sql<{ tenant_id: string; action: string }[]>`
      select tenant_id, action from access_logs where id in ${testDb.sql(rows.map((r) => r.id))} order by id`
    expect(left).toEqual([
      { tenant_id: short.id, action: 'test.recent' },
      { tenant_id: long.id, action: 'test.old' },
    ])
  })

  it('fails a job whose payload does not match its schema without retrying it', async () => {
    const strict: JobDefinition = {
      name: 'test.strict-payload',
      payload: z.object({ count: z.number() }),
      retryLimit: 5,
      handler: async () => {},
    }
    const other = await startWorker({
      databaseUrl: testDb.url,
      port: 0,
      log: pino({ level: 'silent' }),
      storage,
      jobs: [...jobs, strict],
    })
    try {
      const jobId = await other.boss.send(strict.name, { count: 'three' })
      const done = await waitForJob(strict.name, jobId!)
      expect(done.state).toBe('failed')
      expect(done.retryCount).toBe(0)
    } finally {
      await other.stop()
    }
  })

  it('retries a job whose handler throws', async () => {
    let attempts = 0
    const flaky: JobDefinition = {
      name: 'test.flaky',
      payload: z.object({}),
      retryLimit: 2,
      handler: async () => {
        attempts += 1
        if (attempts === 1) throw new Error('first attempt fails')
      },
    }
    const other = await startWorker({
      databaseUrl: testDb.url,
      port: 0,
      log: pino({ level: 'silent' }),
      storage,
      jobs: [...jobs, flaky],
    })
    try {
      const jobId = await other.boss.send(flaky.name, {})
      const done = await waitForJob(flaky.name, jobId!)
      expect(done.state).toBe('completed')
      expect(done.retryCount).toBe(1)
      expect(attempts).toBe(2)
    } finally {
      await other.stop()
    }
  })

  it('lets a running job finish when it stops', async () => {
    let finished = false
    let started!: () => void
    const isStarted = new Promise<void>((resolve) => {
      started = resolve
    })
    const slow: JobDefinition = {
      name: 'test.slow',
      payload: z.object({}),
      handler: async () => {
        started()
        await new Promise((resolve) => setTimeout(resolve, 1_500))
        finished = true
      },
    }
    const other = await startWorker({
      databaseUrl: testDb.url,
      port: 0,
      log: pino({ level: 'silent' }),
      storage,
      jobs: [...jobs, slow],
    })
    const jobId = await other.boss.send(slow.name, {})
    await isStarted
    await other.stop()
    expect(finished).toBe(true)
    const [job] = await worker.boss.findJobs(slow.name, { id: jobId! })
    expect(job?.state).toBe('completed')
  })
})
