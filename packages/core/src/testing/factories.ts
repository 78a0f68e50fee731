import { randomBytes } from 'node:crypto'
import type { Db } from '@kairan/db'
import { channels, ipAllowlistEntries, staffMemberships, staffUsers, tenants } from '@kairan/db/schema'
import { hashPassword } from '../auth/password.ts'
import { createStaffSession } from '../auth/session.ts'
import type { Ctx, RequestInfo, StaffActor } from '../ctx.ts'
import { effectivePermissions, type Permission, type Role } from '../permissions.ts'

/** Test factories (CONVENTIONS C19): unique data per call, so tests never share rows. */
const suffix = () => randomBytes(4).toString('hex')
export const TEST_PASSWORD = 'correct horse battery'
let cachedHash: Promise<string> | undefined
const testPasswordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD))

export async function createTenant(db: Db, overrides: Partial<typeof tenants.$inferInsert> = {}) {
  const s = suffix()
  const [tenant] = await db
    .insert(tenants)
    .values({ slug: `city-${s}`, name: `テスト市 ${s}`, ...overrides })
    .returning()
  const created = await db
    .insert(channels)
    .values([
      { tenantId: tenant!.id, name: `本番 ${s}`, kind: 'production' },
      { tenantId: tenant!.id, name: `検証 ${s}`, kind: 'staging' },
    ])
    .returning()
  return { ...tenant!, channels: created }
}

export async function createStaffMember(
  db: Db,
  tenantId: string,
  options: {
    role?: Role
    permissions?: Permission[]
    email?: string
    password?: string
    disabled?: boolean
  } = {},
) {
  const email = options.email ?? `staff-${suffix()}@example.jp`
  const passwordHash = options.password ? await hashPassword(options.password) : await testPasswordHash()
  const [user] = await db
    .insert(staffUsers)
    .values({ email, displayName: `職員 ${suffix()}`, passwordHash })
    .returning()
  const role = options.role ?? 'staff'
  const [membership] = await db
    .insert(staffMemberships)
    .values({
      tenantId,
      userId: user!.id,
      role,
      permissions: options.permissions ?? [],
      disabledAt: options.disabled ? new Date() : null,
    })
    .returning()
  return { user: user!, membership: membership! }
}

export const testRequest: RequestInfo = { ip: '192.0.2.10', userAgent: 'vitest' }

/** A signed-in staff context, as the admin's request guard would build it. */
export async function staffCtx(
  db: Db,
  tenantId: string,
  options: { role?: Role; permissions?: Permission[]; request?: RequestInfo } = {},
): Promise<Ctx & { actor: StaffActor }> {
  const { user, membership } = await createStaffMember(db, tenantId, options)
  const { session } = await createStaffSession(db, {
    userId: user.id,
    tenantId,
    channelId: null,
    isTwoFactorVerified: true,
    ip: null,
    userAgent: null,
  })
  return {
    db,
    request: options.request ?? testRequest,
    actor: {
      type: 'staff',
      userId: user.id,
      email: user.email,
      tenantId,
      membershipId: membership.id,
      role: membership.role,
      permissions: effectivePermissions(membership.role, membership.permissions),
      sessionId: session.id,
    },
  }
}

/** A staff member with a live, fully signed-in session token (as after sign-in and 2FA). */
export async function createSignedInStaff(
  db: Db,
  tenantId: string,
  options: { role?: Role; permissions?: Permission[] } = {},
) {
  const member = await createStaffMember(db, tenantId, options)
  const { token } = await createStaffSession(db, {
    userId: member.user.id,
    tenantId,
    channelId: null,
    isTwoFactorVerified: true,
    ip: null,
    userAgent: null,
  })
  return { ...member, token }
}

/** Puts one CIDR on a tenant's IP allow-list directly (tests of the guard, not of the editor). */
export async function addAllowlistEntry(db: Db, tenantId: string, cidr: string) {
  await db.insert(ipAllowlistEntries).values({ tenantId, cidr, label: 'test' })
}
