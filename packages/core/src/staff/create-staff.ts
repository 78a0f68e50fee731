import { staffMemberships, staffUsers } from '@kairan/db/schema'
import { and, eq, sql } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { hashPassword } from '../auth/password.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { Conflict } from '../errors.ts'
import { CreateStaffInput } from '../schemas.ts'
import { withTransaction } from '../shared/with-transaction.ts'

/**
 * Adds a staff member to the actor's tenant (SEC-10). A person who already has a Kairan account
 * (they work for another city too) is linked, keeping their own name and password.
 */
export async function createStaff({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx, 'staff.manage')
  const data = CreateStaffInput.parse(input)
  const permissions = data.role === 'tenant_admin' ? [] : data.permissions
  const passwordHash = await hashPassword(data.password)
  return withTransaction(ctx, async (tx) => {
    let [user] = await tx.select().from(staffUsers).where(sql`lower(${staffUsers.email}) = ${data.email}`)
    const isExistingAccount = !!user
    if (user) {
      const [member] = await tx
        .select({ id: staffMemberships.id })
        .from(staffMemberships)
        .where(and(eq(staffMemberships.userId, user.id), eq(staffMemberships.tenantId, ctx.actor.tenantId)))
      if (member) throw new Conflict('errors.email_taken', { email: 'errors.email_taken' })
    } else {
      ;[user] = await tx
        .insert(staffUsers)
        .values({ email: data.email, displayName: data.displayName, passwordHash })
        .returning()
    }
    const [membership] = await tx
      .insert(staffMemberships)
      .values({ tenantId: ctx.actor.tenantId, userId: user!.id, role: data.role, permissions })
      .returning()
    await writeAccessLog(tx, ctx, {
      tenantId: ctx.actor.tenantId,
      action: 'staff.create',
      targetType: 'staff',
      targetId: membership!.id,
      detail: { email: data.email, role: data.role, permissions, linkedExistingAccount: isExistingAccount },
    })
    return { membershipId: membership!.id, isExistingAccount }
  })
}
