import { type CitizenActor, createSecretBox, generateKeySpec } from '@kairan/core'
import { createTenant, testBlobStore } from '@kairan/core/testing'
import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CitizenContext, CitizenProcedureMeta } from './citizen-trpc.ts'
import { citizenRouter, createCitizenCaller } from './index.ts'

/**
 * Every procedure of the citizen (LIFF) router — found by walking the router — that is not the
 * public sign-in refuses a call without a resident's session and a call whose session belongs to
 * another channel (residents of one LINE account never act on another's pages).
 */
type AnyProcedure = { _def: { meta?: CitizenProcedureMeta } }
const procedures = Object.entries(citizenRouter._def.procedures as unknown as Record<string, AnyProcedure>)

let t: TestDatabase
const secrets = createSecretBox(generateKeySpec())

beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => {
  await t.drop()
})

async function call(ctx: CitizenContext, path: string): Promise<string> {
  let target: unknown = createCitizenCaller(ctx)
  for (const part of path.split('.')) target = (target as Record<string, unknown>)[part]
  try {
    await (target as (input?: unknown) => Promise<unknown>)(undefined)
    return 'OK'
  } catch (e) {
    return e instanceof TRPCError ? e.code : `not a TRPCError: ${String(e)}`
  }
}

describe('citizen router access', () => {
  it('declares who may call each procedure; only sign-in is public', () => {
    for (const [path, procedure] of procedures) {
      expect(procedure._def.meta?.access, path).toBeDefined()
    }
    expect(procedures.filter(([, p]) => p._def.meta?.access === 'public').map(([path]) => path)).toEqual([
      'session.signIn',
    ])
  })

  it.each(procedures.filter(([, p]) => p._def.meta?.access === 'citizen').map(([path]) => path))(
    '%s refuses no session and another channel’s session',
    async (path) => {
      const tenant = await createTenant(t.db)
      const [a, b] = tenant.channels
      const base = { db: t.db, secrets, storage: testBlobStore(), request: { ip: null, userAgent: null } }
      expect(await call({ ...base, channelId: a!.id, actor: null }, path)).toBe('UNAUTHORIZED')
      const otherChannel: CitizenActor = {
        type: 'citizen',
        citizenId: '00000000-0000-4000-8000-000000000001',
        tenantId: tenant.id,
        channelId: b!.id,
        sessionId: 'x',
      }
      expect(await call({ ...base, channelId: a!.id, actor: otherChannel }, path)).toBe('UNAUTHORIZED')
    },
  )
})
