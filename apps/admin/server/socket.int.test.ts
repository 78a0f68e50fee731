import { randomUUID } from 'node:crypto'
import {
  createLivePublisher,
  JOIN_CHANNEL_EVENT,
  LIVE_EVENT_NAME,
  type LiveClientToServerEvents,
  type LiveEvent,
  type LivePublisher,
  type LiveServerToClientEvents,
} from '@kairan/core'
import { addAllowlistEntry, createSignedInStaff, createTenant } from '@kairan/core/testing'
import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AdminServer, startAdminServer } from './app.ts'
import { parseEnv } from './env.ts'
import { attachSocketServer } from './socket.ts'
import { staffServerOptions } from './staff-wiring.ts'

/**
 * Live updates over real HTTP and websockets, wired as in production (index.ts), against a real
 * PostgreSQL: events published by a separate publisher (as apps/liff and apps/worker do) reach the
 * staff of that tenant only, and the handshake applies the guard's session and allow-list checks.
 */
type ClientSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>
type Transport = 'polling' | 'websocket'

let database: TestDatabase
let direct: AdminServer
let behindProxy: AdminServer
let publisher: LivePublisher
const clients: ClientSocket[] = []

const KEYS = `k1:${Buffer.alloc(32, 7).toString('base64')}`
const SESSION_CHECK_MS = 300

async function start(trustProxy: boolean) {
  const env = parseEnv({
    KAIRAN_ENCRYPTION_KEYS: KEYS,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
    TRUST_PROXY: String(trustProxy),
  })
  return startAdminServer({
    ...staffServerOptions(env, database),
    attachSockets: ({ httpServer, logger }) =>
      attachSocketServer({
        httpServer,
        databaseUrl: database.url,
        db: database.db,
        trustProxy: env.TRUST_PROXY,
        hops: env.TRUSTED_PROXY_HOPS,
        logger,
        sessionCheckIntervalMs: SESSION_CHECK_MS,
      }),
    port: 0,
    host: '127.0.0.1',
  })
}

beforeAll(async () => {
  database = await createTestDatabase()
  // Until packages/db's migration has it: the adapter's table for payloads over NOTIFY's limit.
  await database.sql`create table if not exists socket_io_attachments (
    id bigserial unique, created_at timestamptz default now(), payload bytea)`
  direct = await start(false)
  behindProxy = await start(true)
  publisher = createLivePublisher({ databaseUrl: database.url })
}, 120_000)

afterAll(async () => {
  for (const client of clients) client.disconnect()
  await publisher?.close()
  await direct?.close()
  await behindProxy?.close()
  await database?.drop()
})

function open(
  server: AdminServer,
  options: { token?: string; transport: Transport; headers?: Record<string, string> },
): ClientSocket {
  const client: ClientSocket = io(server.url, {
    path: '/socket.io',
    transports: [options.transport],
    reconnection: false,
    forceNew: true,
    extraHeaders: {
      ...(options.token ? { cookie: `kairan_session=${options.token}` } : {}),
      ...options.headers,
    },
  })
  clients.push(client)
  return client
}

/** Resolves once connected; rejects with the handshake's error. */
function connected(client: ClientSocket): Promise<ClientSocket> {
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client))
    client.once('connect_error', reject)
  })
}

/** The error a refused handshake gives, or throws if the client got in. */
async function refusal(client: ClientSocket): Promise<Error & { description?: unknown }> {
  try {
    await connected(client)
  } catch (error) {
    return error as Error
  }
  throw new Error('the handshake was accepted')
}

function collect(client: ClientSocket): LiveEvent[] {
  const received: LiveEvent[] = []
  client.on(LIVE_EVENT_NAME, (event) => received.push(event))
  return received
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const followed = (tenant: { id: string; channels: { id: string }[] }): LiveEvent => ({
  type: 'citizen.followed',
  tenantId: tenant.id,
  channelId: tenant.channels[0]!.id,
  citizenId: randomUUID(),
})

describe('live updates', () => {
  it("delivers a published event to the tenant's staff only, over websocket and polling", async () => {
    const city = await createTenant(database.db)
    const other = await createTenant(database.db)
    const staff = await createSignedInStaff(database.db, city.id)
    const outsider = await createSignedInStaff(database.db, other.id)

    const overWebsocket = await connected(open(direct, { token: staff.token, transport: 'websocket' }))
    const overPolling = await connected(open(direct, { token: staff.token, transport: 'polling' }))
    // The other tenant's member, connected to the other admin process at the same time.
    const otherTenant = await connected(open(behindProxy, { token: outsider.token, transport: 'websocket' }))
    const [mine, minePolled, theirs] = [overWebsocket, overPolling, otherTenant].map(collect)

    const event = followed(city)
    publisher.publish(event)
    await until(() => mine!.length > 0 && minePolled!.length > 0)
    expect(mine).toEqual([event])
    expect(minePolled).toEqual([event])

    // Had the outsider been sent the first event, it would have arrived before this one.
    const theirEvent = followed(other)
    publisher.publish(theirEvent)
    await until(() => theirs!.length > 0)
    expect(theirs).toEqual([theirEvent])
    expect(mine).toEqual([event])
  })

  it('refuses a handshake without a session cookie, over polling and websocket', async () => {
    for (const transport of ['polling', 'websocket'] as const) {
      await refusal(open(direct, { transport }))
    }
    const res = await fetch(`${direct.url}/socket.io/?EIO=4&transport=polling`)
    expect(res.status).toBe(403)
  })

  it('refuses a session that has not passed two-factor or has ended', async () => {
    const city = await createTenant(database.db)
    const staff = await createSignedInStaff(database.db, city.id)
    await database.sql`update staff_sessions set is_two_factor_verified = false where user_id = ${staff.user.id}`
    await refusal(open(direct, { token: staff.token, transport: 'websocket' }))
    await refusal(open(direct, { token: 'a'.repeat(32), transport: 'websocket' }))
  })

  it("refuses an address outside the tenant's allow-list, over polling and websocket", async () => {
    const city = await createTenant(database.db)
    const staff = await createSignedInStaff(database.db, city.id)
    await addAllowlistEntry(database.db, city.id, '203.0.113.0/24')
    for (const transport of ['polling', 'websocket'] as const) {
      // 127.0.0.1 is not on the list.
      await refusal(open(direct, { token: staff.token, transport }))
      // A spoofed X-Forwarded-For is ignored without a trusted proxy…
      const spoofed = { 'x-forwarded-for': '203.0.113.9' }
      await refusal(open(direct, { token: staff.token, transport, headers: spoofed }))
      // …and believed behind one (TRUST_PROXY), exactly as by the HTTP guard.
      await connected(open(behindProxy, { token: staff.token, transport, headers: spoofed }))
    }
    const res = await fetch(`${direct.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { cookie: `kairan_session=${staff.token}` },
    })
    expect(res.status).toBe(403)
  })

  it('refuses a cross-site handshake', async () => {
    const city = await createTenant(database.db)
    const staff = await createSignedInStaff(database.db, city.id)
    for (const transport of ['polling', 'websocket'] as const) {
      const headers = { origin: 'https://evil.example' }
      await refusal(open(direct, { token: staff.token, transport, headers }))
    }
    const sameSite = { origin: direct.url }
    await connected(open(direct, { token: staff.token, transport: 'websocket', headers: sameSite }))
  })

  it("binds a connection's later requests to its handshake's session", async () => {
    const city = await createTenant(database.db)
    const staff = await createSignedInStaff(database.db, city.id)
    const cookie = `kairan_session=${staff.token}`
    const handshake = await fetch(`${direct.url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie } })
    expect(handshake.status).toBe(200)
    const { sid } = JSON.parse((await handshake.text()).slice(1)) as { sid: string }
    const url = `${direct.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`
    // The namespace CONNECT packet, without the cookie and then with it.
    expect((await fetch(url, { method: 'POST', body: '40' })).status).toBe(400)
    expect((await fetch(url, { method: 'POST', body: '40', headers: { cookie } })).status).toBe(200)
  })

  it("lets a socket join its own tenant's channel rooms only", async () => {
    const city = await createTenant(database.db)
    const other = await createTenant(database.db)
    const staff = await createSignedInStaff(database.db, city.id)
    const client = await connected(open(direct, { token: staff.token, transport: 'websocket' }))
    const received = collect(client)

    expect(await client.emitWithAck(JOIN_CHANNEL_EVENT, other.channels[0]!.id)).toEqual({
      ok: false,
      error: 'not_found',
    })
    expect(await client.emitWithAck(JOIN_CHANNEL_EVENT, 'not-a-uuid')).toEqual({
      ok: false,
      error: 'invalid',
    })
    expect(await client.emitWithAck(JOIN_CHANNEL_EVENT, city.channels[1]!.id)).toEqual({ ok: true })

    // The refused channel's events do not arrive; the tenant's own still do.
    publisher.publish(followed(other))
    const own = followed(city)
    publisher.publish(own)
    await until(() => received.length > 0)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(received).toEqual([own])
  })

  it('disconnects the sockets of a session once it ends', async () => {
    const city = await createTenant(database.db)
    const staff = await createSignedInStaff(database.db, city.id)
    const client = await connected(open(direct, { token: staff.token, transport: 'websocket' }))
    let isDisconnected = false
    client.on('disconnect', () => {
      isDisconnected = true
    })
    await new Promise((resolve) => setTimeout(resolve, SESSION_CHECK_MS * 3))
    expect(isDisconnected).toBe(false)
    await database.sql`delete from staff_sessions where user_id = ${staff.user.id}`
    await until(() => isDisconnected, SESSION_CHECK_MS * 10)
    await refusal(open(direct, { token: staff.token, transport: 'websocket' }))
  })

  it('shuts down promptly with sockets connected', async () => {
    const city = await createTenant(database.db)
    const staff = await createSignedInStaff(database.db, city.id)
    await connected(open(behindProxy, { token: staff.token, transport: 'websocket' }))
    await connected(open(behindProxy, { token: staff.token, transport: 'polling' }))
    const started = Date.now()
    await behindProxy.close()
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})
