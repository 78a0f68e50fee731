import type { DbOrTx } from '@kairan/db'
import { staffMemberships, tenants } from '@kairan/db/schema'
import { and, asc, eq, isNull } from 'drizzle-orm'

/** The enabled memberships of a person, with their tenant's sign-in settings. */
export async function activeMemberships(db: DbOrTx, userId: string) {
  return db
    .select({
      membershipId: staffMemberships.id,
      tenantId: tenants.id,
      tenantName: tenants.name,
      tenantSlug: tenants.slug,
      requireTwoFactor: tenants.requireTwoFactor,
      role: staffMemberships.role,
      permissions: staffMemberships.permissions,
    })
    .from(staffMemberships)
    .innerJoin(tenants, eq(tenants.id, staffMemberships.tenantId))
    .where(and(eq(staffMemberships.userId, userId), isNull(staffMemberships.disabledAt)))
    .orderBy(asc(tenants.name))
}
export type ActiveMembership = Awaited<ReturnType<typeof activeMemberships>>[number]
