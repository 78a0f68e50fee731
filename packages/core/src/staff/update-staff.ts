import { staffMemberships, staffUsers } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { Conflict } from '../errors.ts'
import { UpdateStaffInput } from '../schemas.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import {
  countMemberships,
  countOtherActiveAdmins,
  getMembershipOrThrow,
  lockTenantAdmins,
} from './get-staff-membership.ts'

/** Changes a staff member's name, role and permissions; a tenant always keeps one admin. */
export async function updateStaff({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx, 'staff.manage')
  const data = UpdateStaffInput.parse(input)
  return withTransaction(ctx, async (tx) => {
    await lockTenantAdmins(tx, ctx.actor.tenantId)
    const { membership, user } = await getMembershipOrThrow(tx, ctx.actor.tenantId, data.membershipId)
    const isDemotion = membership.role === 'tenant_admin' && data.role !== 'tenant_admin'
    if (
      isDemotion &&
      !membership.disabledAt &&
      (await countOtherActiveAdmins(tx, ctx.actor.tenantId, membership.id)) === 0
    ) {
      throw new Conflict('errors.last_admin')
    }
    const permissions = data.role === 'tenant_admin' ? [] : data.permissions
    await tx
      .update(staffMemberships)
      .set({ role: data.role, permissions })
      .where(eq(staffMemberships.id, membership.id))
    // The display name belongs to the person; only change it when they work for this tenant alone.
    const isNameChanged = data.displayName !== user.displayName && (await countMemberships(tx, user.id)) === 1
    if (isNameChanged)
      await tx.update(staffUsers).set({ displayName: data.displayName }).where(eq(staffUsers.id, user.id))
    await writeAccessLog(tx, ctx, {
      tenantId: ctx.actor.tenantId,
      action: 'staff.update',
      targetType: 'staff',
      targetId: membership.id,
      detail: {
        email: user.email,
        before: { role: membership.role, permissions: membership.permissions, displayName: user.displayName },
        after: {
          role: data.role,
          permissions,
          displayName: isNameChanged ? data.displayName : user.displayName,
        },
      },
    })
  })
}
