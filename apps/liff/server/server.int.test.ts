import { testBlobStore, testSecrets } from '@kairan/core/testing'
import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LiffServer, startLiffServer } from './app.ts'

let testDb: TestDatabase
let liff: LiffServer
const log = pino({ level: 'silent' })

beforeAll(async () => {
  testDb = await createTestDatabase()
  liff = await startLiffServer({
    databaseUrl: testDb.url,
    port: 0,
    host: '127.0.0.1',
    log,
    secrets: testSecrets(),
    storage: testBlobStore(),
    live: 'none',
    mode: 'test',
  })
})

afterAll(async () => {
  await liff?.stop()
  await testDb?.drop()
})

describe('liff server', () => {
  it('is alive', async () => {
    const res = await fetch(`${liff.url}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
  })

  it('is ready when PostgreSQL answers', async () => {
    const res = await fetch(`${liff.url}/readyz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, database: 'up' })
  })

  it('is not ready when PostgreSQL is unreachable', async () => {
    // Port 1 on loopback refuses at once: a database that is down.
    const url = new URL(testDb.url)
    url.port = '1'
    const down = await startLiffServer({
      databaseUrl: url.toString(),
      port: 0,
      host: '127.0.0.1',
      log,
      secrets: testSecrets(),
      storage: testBlobStore(),
      live: 'none',
      mode: 'test',
    })
    try {
      const res = await fetch(`${down.url}/readyz`)
      expect(res.status).toBe(503)
      expect(await res.json()).toEqual({ ok: false, database: 'down' })
    } finally {
      await down.stop()
    }
  })

  it('answers 404 in plain text for any other path', async () => {
    const res = await fetch(`${liff.url}/somewhere`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toContain('text/plain')
    expect(await res.text()).toBe('Not found\n')
  })
})
