import type { Db } from '@kairan/db'
import { staffMemberships, staffUsers } from '@kairan/db/schema'
import { eq, sql } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import type { RequestInfo } from '../ctx.ts'
import { Forbidden, Invalid } from '../errors.ts'
import { SignInInput } from '../schemas.ts'
import { isIpAllowed } from '../security/cidr.ts'
import { loadAllowlists } from '../security/load-allowlist.ts'
import { defaultChannelId } from '../tenancy/channels.ts'
import { activeMemberships } from './memberships.ts'
import { burnPasswordCheck, verifyPassword } from './password.ts'
import { createStaffSession } from './session.ts'
import { assertNotLocked, clearThrottle, recordFailure, throttleKeys } from './throttle.ts'

export type SignInResult = {
  token: string
  expiresAt: Date
  /** What the person must still do before the admin opens: give a code, or set up an authenticator. */
  twoFactor: 'none' | 'verify' | 'setup'
}

/**
 * Password sign-in (SEC-4, SEC-10, SEC-11). Every outcome is written to the access log; a wrong
 * e-mail and a wrong password give the same message and count towards the lock-out.
 */
export async function signIn({
  db,
  request,
  input,
  preferredTenantId,
}: {
  db: Db
  request: RequestInfo
  input: unknown
  preferredTenantId?: string | null
}): Promise<SignInResult> {
  const { email, password } = SignInInput.parse(input)
  const keys = throttleKeys(email, request.ip)
  const logFailure = async (tenantIds: (string | null)[], userId: string | null, reason: string) => {
    for (const tenantId of tenantIds) {
      await writeAccessLog(
        db,
        { request },
        {
          tenantId,
          action: 'auth.sign_in_failed',
          detail: { reason },
          staff: { userId, email },
        },
      )
    }
  }

  const [user] = await db.select().from(staffUsers).where(sql`lower(${staffUsers.email}) = ${email}`)
  const memberTenantIds = user
    ? (
        await db
          .select({ t: staffMemberships.tenantId })
          .from(staffMemberships)
          .where(eq(staffMemberships.userId, user.id))
      ).map((r) => r.t)
    : []

  try {
    await assertNotLocked(db, keys)
  } catch (e) {
    await logFailure(memberTenantIds.length ? memberTenantIds : [null], user?.id ?? null, 'locked')
    throw e
  }

  // An unknown e-mail costs the same time as a wrong password, so timing does not reveal accounts.
  if (!user) await burnPasswordCheck(password)
  const isPasswordRight = user ? await verifyPassword(user.passwordHash, password) : false
  if (!user || !isPasswordRight) {
    await recordFailure(db, keys)
    await logFailure(
      memberTenantIds.length ? memberTenantIds : [null],
      user?.id ?? null,
      user ? 'password' : 'unknown_account',
    )
    throw new Invalid('errors.invalid_credentials')
  }

  const memberships = await activeMemberships(db, user.id)
  if (memberships.length === 0) {
    await logFailure(memberTenantIds, user.id, 'disabled')
    throw new Forbidden('errors.account_disabled')
  }

  const allowlists = await loadAllowlists(
    db,
    memberships.map((m) => m.tenantId),
  )
  const reachable = memberships.filter((m) => isIpAllowed(request.ip, allowlists.get(m.tenantId) ?? []))
  if (reachable.length === 0) {
    for (const m of memberships) {
      await writeAccessLog(
        db,
        { request },
        {
          tenantId: m.tenantId,
          action: 'security.ip_denied',
          detail: { stage: 'sign_in' },
          staff: { userId: user.id, email },
        },
      )
    }
    throw new Forbidden('errors.ip_not_allowed', { ip: request.ip })
  }

  const membership = reachable.find((m) => m.tenantId === preferredTenantId) ?? reachable[0]!
  await clearThrottle(db, keys[0]!.key)

  const twoFactor: SignInResult['twoFactor'] = user.totpEnabledAt
    ? 'verify'
    : membership.requireTwoFactor
      ? 'setup'
      : 'none'
  const { token, session } = await createStaffSession(db, {
    userId: user.id,
    tenantId: membership.tenantId,
    channelId: await defaultChannelId(db, membership.tenantId),
    isTwoFactorVerified: twoFactor === 'none',
    ip: request.ip,
    userAgent: request.userAgent,
  })
  await writeAccessLog(
    db,
    { request },
    {
      tenantId: membership.tenantId,
      action: twoFactor === 'none' ? 'auth.sign_in' : 'auth.password_accepted',
      detail: { twoFactor },
      staff: { userId: user.id, email },
    },
  )
  return { token, expiresAt: session.expiresAt, twoFactor }
}
