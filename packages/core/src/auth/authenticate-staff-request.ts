import type { Db } from '@kairan/db'
import { staffUsers, tenants } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import type { RequestInfo, StaffActor } from '../ctx.ts'
import { effectivePermissions } from '../permissions.ts'
import { isIpAllowed } from '../security/cidr.ts'
import { loadAllowlists } from '../security/load-allowlist.ts'
import { type ChannelSummary, listTenantChannels } from '../tenancy/channels.ts'
import { activeMemberships } from './memberships.ts'
import { deleteStaffSession, findStaffSession } from './session.ts'

export type StaffRequestAuth =
  | { status: 'anonymous' }
  | { status: 'ip_denied'; ip: string | null; tenantName: string }
  | {
      status: 'two_factor'
      step: 'verify' | 'setup'
      sessionId: string
      userId: string
      email: string
      tenantId: string
    }
  | {
      status: 'ok'
      actor: StaffActor
      user: { id: string; email: string; displayName: string; hasTwoFactor: boolean }
      tenant: { id: string; name: string; slug: string; requireTwoFactor: boolean }
      /** Every tenant the person works for, and whether this address may open it. */
      tenants: { id: string; name: string; isReachable: boolean }[]
      channel: ChannelSummary | null
      channels: ChannelSummary[]
      sessionExpiresAt: Date
    }

/**
 * The front door of every admin request (SEC-9, SEC-10, invariant 4): the session, the person's
 * membership in the session's tenant, that tenant's IP allow-list — read fresh on every request,
 * so a change applies at once in every process — and the second factor.
 * An address outside the list is written to the access log.
 */
export async function authenticateStaffRequest(
  db: Db,
  { token, request }: { token: string | null; request: RequestInfo },
): Promise<StaffRequestAuth> {
  if (!token) return { status: 'anonymous' }
  const session = await findStaffSession(db, token)
  if (!session) return { status: 'anonymous' }

  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.id, session.userId))
  const memberships = await activeMemberships(db, session.userId)
  const membership = memberships.find((m) => m.tenantId === session.tenantId)
  if (!user || !membership) {
    // Disabled or removed since the session began.
    await deleteStaffSession(db, session.id)
    return { status: 'anonymous' }
  }

  const allowlists = await loadAllowlists(
    db,
    memberships.map((m) => m.tenantId),
  )
  if (!isIpAllowed(request.ip, allowlists.get(membership.tenantId) ?? [])) {
    await writeAccessLog(
      db,
      { request },
      {
        tenantId: membership.tenantId,
        action: 'security.ip_denied',
        detail: { stage: 'request' },
        staff: { userId: user.id, email: user.email },
      },
    )
    return { status: 'ip_denied', ip: request.ip, tenantName: membership.tenantName }
  }

  const needsSetup = membership.requireTwoFactor && !user.totpEnabledAt
  if (!session.isTwoFactorVerified || needsSetup) {
    return {
      status: 'two_factor',
      step: user.totpEnabledAt ? 'verify' : 'setup',
      sessionId: session.id,
      userId: user.id,
      email: user.email,
      tenantId: membership.tenantId,
    }
  }

  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, membership.tenantId))
  const channels = await listTenantChannels(db, membership.tenantId)
  return {
    status: 'ok',
    actor: {
      type: 'staff',
      userId: user.id,
      email: user.email,
      tenantId: membership.tenantId,
      membershipId: membership.membershipId,
      role: membership.role,
      permissions: effectivePermissions(membership.role, membership.permissions),
      sessionId: session.id,
    },
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      hasTwoFactor: !!user.totpEnabledAt,
    },
    tenant: {
      id: tenant!.id,
      name: tenant!.name,
      slug: tenant!.slug,
      requireTwoFactor: tenant!.requireTwoFactor,
    },
    tenants: memberships.map((m) => ({
      id: m.tenantId,
      name: m.tenantName,
      isReachable: isIpAllowed(request.ip, allowlists.get(m.tenantId) ?? []),
    })),
    channel: channels.find((c) => c.id === session.channelId) ?? channels[0] ?? null,
    channels,
    sessionExpiresAt: session.expiresAt,
  }
}
