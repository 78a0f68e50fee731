import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type AdminServer, startAdminServer } from './app.ts'
import { parseEnv } from './env.ts'

let database: TestDatabase
let admin: AdminServer

beforeAll(async () => {
  database = await createTestDatabase()
  admin = await startAdminServer({
    env: parseEnv({
      KAIRAN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'silent',
    }),
    db: database,
    guard: (_req, _res, next) => next(),
    port: 0,
    host: '127.0.0.1',
  })
}, 120_000)

afterAll(async () => {
  await admin?.close()
  await database?.drop()
})

it('is ready when PostgreSQL answers', async () => {
  const res = await fetch(`${admin.url}/readyz`)
  expect(res.status).toBe(200)
  expect(await res.json()).toEqual({ ok: true, database: 'up' })
})
