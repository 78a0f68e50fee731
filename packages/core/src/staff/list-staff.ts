import { staffMemberships, staffUsers } from '@kairan/db/schema'
import { and, asc, eq, ilike, isNull, or, type SQL } from 'drizzle-orm'
import { type Ctx, requirePermission } from '../ctx.ts'
import { ListStaffInput } from '../schemas.ts'

/** Staff of the actor's tenant (SEC-10), searchable by name or e-mail. */
export async function listStaff({ ctx, input }: { ctx: Ctx; input?: unknown }) {
  requirePermission(ctx, 'staff.manage')
  const { query, includeDisabled } = ListStaffInput.parse(input)
  const filters: (SQL | undefined)[] = [eq(staffMemberships.tenantId, ctx.actor.tenantId)]
  if (!includeDisabled) filters.push(isNull(staffMemberships.disabledAt))
  if (query) {
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    filters.push(or(ilike(staffUsers.displayName, pattern), ilike(staffUsers.email, pattern)))
  }
  return ctx.db
    .select({
      membershipId: staffMemberships.id,
      userId: staffUsers.id,
      email: staffUsers.email,
      displayName: staffUsers.displayName,
      role: staffMemberships.role,
      permissions: staffMemberships.permissions,
      hasTwoFactor: staffUsers.totpEnabledAt,
      disabledAt: staffMemberships.disabledAt,
      createdAt: staffMemberships.createdAt,
    })
    .from(staffMemberships)
    .innerJoin(staffUsers, eq(staffUsers.id, staffMemberships.userId))
    .where(and(...filters))
    .orderBy(asc(staffUsers.displayName), asc(staffUsers.email))
    .then((rows) => rows.map((r) => ({ ...r, hasTwoFactor: r.hasTwoFactor !== null })))
}
export type StaffListRow = Awaited<ReturnType<typeof listStaff>>[number]
