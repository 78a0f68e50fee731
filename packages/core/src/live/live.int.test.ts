import { staffMemberships, staffSessions } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { addAllowlistEntry, createTenant, staffCtx } from '../testing/factories.ts'
import { useTestDb } from '../testing/use-test-db.ts'
import { isLiveSessionValid } from './check-live-session.ts'
import { createLivePublisher, noLivePublisher } from './publisher.ts'

const t = useTestDb()

describe('isLiveSessionValid', () => {
  it('holds while the session, membership and allow-list do, without sliding the expiry', async () => {
    const city = await createTenant(t.current.db)
    const { actor } = await staffCtx(t.current.db, city.id)
    const check = { sessionId: actor.sessionId, tenantId: city.id, ip: '203.0.113.5' }
    const almostOver = new Date(Date.now() + 60_000)
    await t.current.db
      .update(staffSessions)
      .set({ expiresAt: almostOver })
      .where(eq(staffSessions.id, actor.sessionId))
    expect(await isLiveSessionValid(t.current.db, check)).toBe(true)
    const [session] = await t.current.db
      .select()
      .from(staffSessions)
      .where(eq(staffSessions.id, actor.sessionId))
    expect(session!.expiresAt).toEqual(almostOver)

    await addAllowlistEntry(t.current.db, city.id, '203.0.113.0/24')
    expect(await isLiveSessionValid(t.current.db, check)).toBe(true)
    expect(await isLiveSessionValid(t.current.db, { ...check, ip: '198.51.100.1' })).toBe(false)
    expect(await isLiveSessionValid(t.current.db, { ...check, ip: null })).toBe(false)
  })

  it('ends with the session, on another tenant, when expired or when the membership is disabled', async () => {
    const city = await createTenant(t.current.db)
    const other = await createTenant(t.current.db)
    const { actor } = await staffCtx(t.current.db, city.id)
    const check = { sessionId: actor.sessionId, tenantId: city.id, ip: '203.0.113.5' }
    expect(await isLiveSessionValid(t.current.db, { ...check, tenantId: other.id })).toBe(false)
    expect(await isLiveSessionValid(t.current.db, { ...check, sessionId: 'missing' })).toBe(false)

    await t.current.db
      .update(staffMemberships)
      .set({ disabledAt: new Date() })
      .where(eq(staffMemberships.id, actor.membershipId))
    expect(await isLiveSessionValid(t.current.db, check)).toBe(false)

    const { actor: second } = await staffCtx(t.current.db, city.id)
    await t.current.db
      .update(staffSessions)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(staffSessions.id, second.sessionId))
    expect(await isLiveSessionValid(t.current.db, { ...check, sessionId: second.sessionId })).toBe(false)
  })
})

describe('createLivePublisher', () => {
  const event = {
    type: 'citizen.updated' as const,
    tenantId: '00000000-0000-4000-8000-000000000001',
    channelId: '00000000-0000-4000-8000-000000000002',
    citizenId: '00000000-0000-4000-8000-000000000003',
  }

  it('never throws when PostgreSQL is unreachable: the event is logged and dropped', async () => {
    const warnings: string[] = []
    const publisher = createLivePublisher({
      databaseUrl: 'postgres://postgres@127.0.0.1:1/none',
      log: { warn: (_details, message) => warnings.push(message) },
    })
    expect(() => publisher.publish(event)).not.toThrow()
    await publisher.close()
    expect(warnings).toEqual(['live publisher: event dropped'])
    publisher.publish(event)
    expect(warnings).toHaveLength(2)
  })

  it('sends the event to its tenant and channel rooms in one NOTIFY the adapter can route', async () => {
    const received: unknown[] = []
    const subscription = await t.current.sql.listen('socket.io#/', (payload) =>
      received.push(JSON.parse(payload)),
    )
    const publisher = createLivePublisher({ databaseUrl: t.current.url })
    publisher.publish(event)
    await publisher.close()
    const deadline = Date.now() + 5_000
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    await subscription.unlisten()
    expect(received).toEqual([
      {
        uid: 'emitter',
        nsp: '/',
        type: 3,
        data: {
          packet: { type: 2, data: ['live', event], nsp: '/' },
          opts: { rooms: [`tenant:${event.tenantId}`, `channel:${event.channelId}`], flags: {}, except: [] },
        },
      },
    ])
    noLivePublisher.publish(event)
    await noLivePublisher.close()
  })
})
