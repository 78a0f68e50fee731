import { staffUsers } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { hashPassword } from '../auth/password.ts'
import { deleteUserSessions } from '../auth/session.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { Forbidden } from '../errors.ts'
import { ResetStaffPasswordInput, StaffIdInput } from '../schemas.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { countMemberships, getMembershipOrThrow } from './get-staff-membership.ts'

/** Sets a new password for a staff member who forgot theirs; their sessions end. */
export async function resetStaffPassword({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx, 'staff.manage')
  const { membershipId, password } = ResetStaffPasswordInput.parse(input)
  const passwordHash = await hashPassword(password)
  return withTransaction(ctx, async (tx) => {
    const { membership, user } = await getMembershipOrThrow(tx, ctx.actor.tenantId, membershipId)
    if ((await countMemberships(tx, user.id)) > 1) throw new Forbidden('errors.shared_account')
    await tx.update(staffUsers).set({ passwordHash }).where(eq(staffUsers.id, user.id))
    await deleteUserSessions(tx, user.id)
    await writeAccessLog(tx, ctx, {
      tenantId: ctx.actor.tenantId,
      action: 'staff.reset_password',
      targetType: 'staff',
      targetId: membership.id,
      detail: { email: user.email },
    })
  })
}

/** Removes a staff member's authenticator (lost phone); they enrol again at next sign-in if required. */
export async function resetStaffTwoFactor({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx, 'staff.manage')
  const { membershipId } = StaffIdInput.parse(input)
  return withTransaction(ctx, async (tx) => {
    const { membership, user } = await getMembershipOrThrow(tx, ctx.actor.tenantId, membershipId)
    if ((await countMemberships(tx, user.id)) > 1) throw new Forbidden('errors.shared_account')
    await tx
      .update(staffUsers)
      .set({ totpSecretEnc: null, totpEnabledAt: null, totpLastStep: null })
      .where(eq(staffUsers.id, user.id))
    await deleteUserSessions(tx, user.id)
    await writeAccessLog(tx, ctx, {
      tenantId: ctx.actor.tenantId,
      action: 'staff.reset_two_factor',
      targetType: 'staff',
      targetId: membership.id,
      detail: { email: user.email },
    })
  })
}
