import { staffMemberships } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { deleteUserSessions } from '../auth/session.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { Conflict } from '../errors.ts'
import { SetStaffDisabledInput } from '../schemas.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { countOtherActiveAdmins, getMembershipOrThrow, lockTenantAdmins } from './get-staff-membership.ts'

/** Disables (signing the person out of this tenant at once) or re-enables a staff member. */
export async function setStaffDisabled({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx, 'staff.manage')
  const { membershipId, isDisabled } = SetStaffDisabledInput.parse(input)
  return withTransaction(ctx, async (tx) => {
    await lockTenantAdmins(tx, ctx.actor.tenantId)
    const { membership, user } = await getMembershipOrThrow(tx, ctx.actor.tenantId, membershipId)
    if (isDisabled) {
      if (user.id === ctx.actor.userId) throw new Conflict('errors.self_disable')
      if (
        membership.role === 'tenant_admin' &&
        (await countOtherActiveAdmins(tx, ctx.actor.tenantId, membership.id)) === 0
      ) {
        throw new Conflict('errors.last_admin')
      }
    }
    await tx
      .update(staffMemberships)
      .set({ disabledAt: isDisabled ? new Date() : null })
      .where(eq(staffMemberships.id, membership.id))
    if (isDisabled) await deleteUserSessions(tx, user.id, ctx.actor.tenantId)
    await writeAccessLog(tx, ctx, {
      tenantId: ctx.actor.tenantId,
      action: isDisabled ? 'staff.disable' : 'staff.enable',
      targetType: 'staff',
      targetId: membership.id,
      detail: { email: user.email },
    })
  })
}
