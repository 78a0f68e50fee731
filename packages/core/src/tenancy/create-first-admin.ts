import { randomBytes } from 'node:crypto'
import type { Db } from '@kairan/db'
import { staffMemberships, staffUsers, tenants } from '@kairan/db/schema'
import { and, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { hashPassword } from '../auth/password.ts'
import { NotFound } from '../errors.ts'
import { PASSWORD_MIN_LENGTH } from '../schemas.ts'

export const CreateFirstAdminInput = z.object({
  tenantSlug: z.string().min(1),
  email: z.email().transform((e) => e.toLowerCase()),
  displayName: z.string().trim().min(1).max(100).default('管理者'),
  password: z.string().min(PASSWORD_MIN_LENGTH).optional(),
})
export type CreateFirstAdminInput = z.input<typeof CreateFirstAdminInput>

/** A readable one-time password: 4 groups of 4 letters and digits without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'
  const bytes = randomBytes(16)
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length])
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-')
}

/**
 * The operator's command for a new tenant: makes (or reuses) the account and makes it a tenant
 * admin. Returns the password only when it generated one. Safe to run again.
 */
export async function createFirstAdmin(db: Db, raw: CreateFirstAdminInput) {
  const input = CreateFirstAdminInput.parse(raw)
  const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, input.tenantSlug))
  if (!tenant) throw new NotFound('errors.not_found', { tenantSlug: input.tenantSlug })
  const password = input.password ?? generatePassword()
  const passwordHash = await hashPassword(password)
  return db.transaction(async (tx) => {
    let [user] = await tx.select().from(staffUsers).where(sql`lower(${staffUsers.email}) = ${input.email}`)
    const isNewUser = !user
    if (!user) {
      ;[user] = await tx
        .insert(staffUsers)
        .values({ email: input.email, displayName: input.displayName, passwordHash })
        .returning()
    } else if (input.password) {
      await tx.update(staffUsers).set({ passwordHash }).where(eq(staffUsers.id, user.id))
    }
    const [membership] = await tx
      .select()
      .from(staffMemberships)
      .where(and(eq(staffMemberships.tenantId, tenant.id), eq(staffMemberships.userId, user!.id)))
    if (!membership) {
      await tx
        .insert(staffMemberships)
        .values({ tenantId: tenant.id, userId: user!.id, role: 'tenant_admin' })
    } else if (membership.role !== 'tenant_admin' || membership.disabledAt) {
      await tx
        .update(staffMemberships)
        .set({ role: 'tenant_admin', disabledAt: null })
        .where(eq(staffMemberships.id, membership.id))
    }
    await writeAccessLog(
      tx,
      { request: { ip: null, userAgent: 'cli' } },
      {
        tenantId: tenant.id,
        action: 'staff.create_first_admin',
        detail: { email: input.email },
        staff: { userId: null, email: null },
      },
    )
    return {
      tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug },
      email: input.email,
      isNewUser,
      password: isNewUser || input.password ? password : null,
    }
  })
}
