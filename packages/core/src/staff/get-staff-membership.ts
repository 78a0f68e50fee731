import type { DbOrTx } from '@kairan/db'
import { staffMemberships, staffUsers } from '@kairan/db/schema'
import { and, count, eq, isNull, ne, sql } from 'drizzle-orm'
import { NotFound } from '../errors.ts'

/** A membership of the given tenant, or NotFound: another tenant's staff are never visible. */
export async function getMembershipOrThrow(db: DbOrTx, tenantId: string, membershipId: string) {
  const [row] = await db
    .select({
      membership: staffMemberships,
      user: {
        id: staffUsers.id,
        email: staffUsers.email,
        displayName: staffUsers.displayName,
        totpEnabledAt: staffUsers.totpEnabledAt,
      },
    })
    .from(staffMemberships)
    .innerJoin(staffUsers, eq(staffUsers.id, staffMemberships.userId))
    .where(and(eq(staffMemberships.id, membershipId), eq(staffMemberships.tenantId, tenantId)))
  if (!row) throw new NotFound('errors.not_found')
  return row
}

/** Enabled tenant admins other than the given membership (the "last admin" guard). */
export async function countOtherActiveAdmins(
  db: DbOrTx,
  tenantId: string,
  membershipId: string,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(staffMemberships)
    .where(
      and(
        eq(staffMemberships.tenantId, tenantId),
        eq(staffMemberships.role, 'tenant_admin'),
        isNull(staffMemberships.disabledAt),
        ne(staffMemberships.id, membershipId),
      ),
    )
  return row?.n ?? 0
}

/** How many tenants the person works for (a shared account's password is their own to change). */
export async function countMemberships(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(staffMemberships)
    .where(eq(staffMemberships.userId, userId))
  return row?.n ?? 0
}

/**
 * Serialises changes to a tenant's admins within a transaction, so two admins demoting or
 * disabling each other at the same moment cannot leave the city without one.
 */
export async function lockTenantAdmins(tx: DbOrTx, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`staff-admins:${tenantId}`}))`)
}
