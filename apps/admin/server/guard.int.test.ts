import { addAllowlistEntry, createSignedInStaff, createTenant } from '@kairan/core/testing'
import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AdminServer, startAdminServer } from './app.ts'
import { parseEnv } from './env.ts'
import { staffServerOptions } from './staff-wiring.ts'

/**
 * The guard over real HTTP, wired exactly as in production (staff-wiring.ts), against a real
 * PostgreSQL: SEC-9 allow-list, trusted-proxy rule, CSRF origin check, tRPC behind the session.
 */
let database: TestDatabase
let direct: AdminServer
let behindProxy: AdminServer

const KEYS = `k1:${Buffer.alloc(32, 7).toString('base64')}`

async function start(trustProxy: boolean) {
  const env = parseEnv({
    KAIRAN_ENCRYPTION_KEYS: KEYS,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
    TRUST_PROXY: String(trustProxy),
  })
  return startAdminServer({ ...staffServerOptions(env, database), port: 0, host: '127.0.0.1' })
}

beforeAll(async () => {
  database = await createTestDatabase()
  direct = await start(false)
  behindProxy = await start(true)
}, 120_000)

afterAll(async () => {
  await direct?.close()
  await behindProxy?.close()
  await database?.drop()
})

const cookie = (token: string) => ({ cookie: `kairan_session=${token}` })

async function accessLogActions(tenantId: string): Promise<string[]> {
  const rows = await database.sql<
    { action: string }[]
  >`select action from access_logs where tenant_id = ${tenantId}`
  return rows.map((r) => r.action)
}

describe('admin request guard', () => {
  it('answers tRPC calls without a session with 401', async () => {
    const res = await fetch(`${direct.url}/trpc/me.get`)
    expect(res.status).toBe(401)
  })

  it('serves tRPC to a signed-in staff member', async () => {
    const city = await createTenant(database.db)
    const { token } = await createSignedInStaff(database.db, city.id, { role: 'tenant_admin' })
    const res = await fetch(`${direct.url}/trpc/me.get`, { headers: cookie(token) })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { result: { data: { tenant: { id: string } } } }
    expect(body.result.data.tenant.id).toBe(city.id)
  })

  it('refuses, with a plain 403 page and a log entry, an address outside the allow-list — at once', async () => {
    const city = await createTenant(database.db)
    const { token } = await createSignedInStaff(database.db, city.id, { role: 'tenant_admin' })
    expect((await fetch(`${direct.url}/trpc/me.get`, { headers: cookie(token) })).status).toBe(200)
    await addAllowlistEntry(database.db, city.id, '10.20.0.0/16')
    for (const path of ['/', '/trpc/me.get', '/staff', '/socket.io/?EIO=4&transport=polling']) {
      const res = await fetch(`${direct.url}${path}`, { headers: cookie(token), redirect: 'manual' })
      expect(res.status, path).toBe(403)
      if (path === '/') expect(await res.text()).toContain('127.0.0.1')
    }
    expect(await accessLogActions(city.id)).toContain('security.ip_denied')
  })

  it('ignores a spoofed X-Forwarded-For unless the proxy is trusted', async () => {
    const city = await createTenant(database.db)
    const { token } = await createSignedInStaff(database.db, city.id, { role: 'tenant_admin' })
    await addAllowlistEntry(database.db, city.id, '203.0.113.0/24')
    const spoofed = { ...cookie(token), 'x-forwarded-for': '203.0.113.9' }
    // No trusted proxy: the header is the client's own claim, and the socket address (127.0.0.1) decides.
    expect((await fetch(`${direct.url}/trpc/me.get`, { headers: spoofed })).status).toBe(403)
    // Behind our proxy, the address the proxy appended is believed.
    expect((await fetch(`${behindProxy.url}/trpc/me.get`, { headers: spoofed })).status).toBe(200)
    // …but only the proxy's own entry: a value the client put further left is not.
    const chained = { ...cookie(token), 'x-forwarded-for': '203.0.113.9, 198.51.100.1' }
    expect((await fetch(`${behindProxy.url}/trpc/me.get`, { headers: chained })).status).toBe(403)
  })

  it('refuses cross-site writes', async () => {
    const res = await fetch(`${direct.url}/logout`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    })
    expect(res.status).toBe(403)
  })
})
