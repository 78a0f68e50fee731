import {
  authenticateStaffRequest,
  createSecretBox,
  generateKeySpec,
  PERMISSIONS,
  type StaffRequestAuth,
} from '@kairan/core'
import { addAllowlistEntry, createSignedInStaff, createTenant, testBlobStore } from '@kairan/core/testing'
import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaffCaller, staffRouter } from './index.ts'
import type { ProcedureMeta, StaffContext } from './trpc.ts'

/**
 * Invariant 4: every procedure of the staff router — found by walking the router itself, so a
 * procedure added later is covered without touching this file — refuses a call without a session,
 * a call from outside the tenant's IP allow-list, and (where it needs one) a call lacking its
 * permission.
 */
type AnyProcedure = { _def: { meta?: ProcedureMeta; type: string } }
// At run time `_def.procedures` is flat: "staff.create" → procedure.
const procedures = Object.entries(staffRouter._def.procedures as unknown as Record<string, AnyProcedure>)

let t: TestDatabase
const secrets = createSecretBox(generateKeySpec())
const request = { ip: '198.51.100.20', userAgent: 'vitest' }
const storage = testBlobStore()

beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => {
  await t.drop()
})

function callerFor(auth: StaffRequestAuth) {
  const ctx: StaffContext = { db: t.db, secrets, storage, request, sessionToken: null, auth }
  return createStaffCaller(ctx)
}

async function call(auth: StaffRequestAuth, path: string) {
  // Walk "a.b.c" down the caller proxy; the input is irrelevant: access is checked before it is read.
  let target: unknown = callerFor(auth)
  for (const part of path.split('.')) target = (target as Record<string, unknown>)[part]
  return (target as (input?: unknown) => Promise<unknown>)(undefined)
}

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'OK'
  } catch (e) {
    return e instanceof TRPCError ? e.code : `not a TRPCError: ${String(e)}`
  }
}

async function signedIn(
  tenantId: string,
  permissions: (typeof PERMISSIONS)[number][],
): Promise<StaffRequestAuth> {
  const { token } = await createSignedInStaff(t.db, tenantId, { permissions })
  return authenticateStaffRequest(t.db, { token, request })
}

describe('staff router access', () => {
  it('finds the procedures and each declares who may call it', () => {
    expect(procedures.length).toBeGreaterThan(10)
    for (const [path, procedure] of procedures) {
      expect(procedure._def.meta?.access, `${path} has no access meta`).toBeDefined()
    }
  })

  it.each(procedures.map(([path]) => path))('%s refuses a call with no session', async (path) => {
    expect(await errorCode(call({ status: 'anonymous' }, path))).toBe('UNAUTHORIZED')
  })

  it.each(procedures.map(([path]) => path))(
    '%s refuses a call from an address outside the allow-list',
    async (path) => {
      const city = await createTenant(t.db)
      const { token } = await createSignedInStaff(t.db, city.id, { role: 'tenant_admin' })
      await addAllowlistEntry(t.db, city.id, '10.0.0.0/8')
      const auth = await authenticateStaffRequest(t.db, { token, request })
      expect(auth.status).toBe('ip_denied')
      expect(await errorCode(call(auth, path))).toBe('FORBIDDEN')
    },
  )

  const guarded = procedures.flatMap(([path, p]) => {
    const access = p._def.meta?.access
    return access?.kind === 'permission' ? [[path, access.permissions] as const] : []
  })
  it.each(guarded.map(([path, permissions]) => [path, permissions.join(' or ')] as const))(
    '%s refuses staff holding every permission but %s',
    async (path) => {
      const needed = guarded.find(([p]) => p === path)![1]
      const city = await createTenant(t.db)
      const auth = await signedIn(
        city.id,
        PERMISSIONS.filter((p) => !needed.includes(p)),
      )
      expect(auth.status).toBe('ok')
      expect(await errorCode(call(auth, path))).toBe('FORBIDDEN')
    },
  )

  it.each(guarded.flatMap(([path, permissions]) => permissions.map((p) => [path, p] as const)))(
    '%s lets staff with %s past the permission check',
    async (path, permission) => {
      const city = await createTenant(t.db)
      const auth = await signedIn(city.id, [permission])
      // Past the gate the call may still fail on its (missing) input, but never as FORBIDDEN/UNAUTHORIZED.
      expect(['OK', 'BAD_REQUEST']).toContain(await errorCode(call(auth, path)))
    },
  )
})
