import { type Ctx, requirePermission } from '../ctx.ts'
import { StaffIdInput } from '../schemas.ts'
import { countMemberships, getMembershipOrThrow } from './get-staff-membership.ts'

export async function getStaff({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx, 'staff.manage')
  const { membershipId } = StaffIdInput.parse(input)
  const { membership, user } = await getMembershipOrThrow(ctx.db, ctx.actor.tenantId, membershipId)
  return {
    membershipId: membership.id,
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    role: membership.role,
    permissions: membership.permissions,
    disabledAt: membership.disabledAt,
    hasTwoFactor: user.totpEnabledAt !== null,
    isSelf: user.id === ctx.actor.userId,
    /** A password shared with other tenants' work is the person's own to change. */
    canResetPassword: (await countMemberships(ctx.db, user.id)) === 1,
  }
}
