import type { Db } from '@kairan/db'
import { staffSessions, staffUsers } from '@kairan/db/schema'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding'
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp'
import { and, eq } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { type Ctx, type RequestInfo, requireStaff } from '../ctx.ts'
import { Conflict, Forbidden, Invalid, Unauthenticated } from '../errors.ts'
import { ConfirmTotpSetupInput, DisableTotpInput, TotpCodeInput } from '../schemas.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import { activeMemberships } from './memberships.ts'
import { verifyPassword } from './password.ts'
import { findStaffSession } from './session.ts'
import { assertNotLocked, recordFailure, throttleKeys } from './throttle.ts'

const PERIOD_SECONDS = 30
const DIGITS = 6
const ISSUER = 'Kairan'

function currentStep(): number {
  return Math.floor(Date.now() / 1000 / PERIOD_SECONDS)
}

/**
 * The time step (now, one before or one after, for clock drift) whose code matches, or null.
 * The step is returned so that a code already used cannot be used again (replay guard).
 */
function matchStep(key: Uint8Array, code: string): number | null {
  const now = currentStep()
  for (const step of [now - 1, now, now + 1]) {
    const expected = generateHOTP(key, BigInt(step), DIGITS)
    if (constantTimeEqual(new TextEncoder().encode(expected), new TextEncoder().encode(code))) return step
  }
  return null
}

/** A new authenticator secret; it is only stored once a code from it is confirmed. */
export function beginTotpSetup(secrets: SecretBox, email: string) {
  const key = new Uint8Array(20)
  crypto.getRandomValues(key)
  const secret = encodeBase32UpperCaseNoPadding(key)
  return {
    secret,
    uri: createTOTPKeyURI(ISSUER, email, key, PERIOD_SECONDS, DIGITS),
    /** Round-trips through the page sealed, so the server keeps no half-finished state. */
    pendingSecret: secrets.encrypt(`totp-setup:${email}:${secret}`),
  }
}

/** The second step of sign-in: a code from the person's authenticator (replays refused). */
export async function verifyTwoFactor({
  db,
  secrets,
  request,
  token,
  input,
}: {
  db: Db
  secrets: SecretBox
  request: RequestInfo
  token: string
  input: unknown
}): Promise<void> {
  const { code } = TotpCodeInput.parse(input)
  const session = await findStaffSession(db, token)
  if (!session) throw new Unauthenticated('errors.unauthenticated')
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.id, session.userId))
  if (!user?.totpSecretEnc) throw new Conflict('errors.conflict')
  const keys = throttleKeys(user.email, request.ip)
  await assertNotLocked(db, keys)
  const key = decodeBase32IgnorePadding(secrets.decrypt(user.totpSecretEnc))
  const step = matchStep(key, code)
  const isReplay = step !== null && user.totpLastStep !== null && Number(user.totpLastStep) >= step
  if (step === null || isReplay) {
    await recordFailure(db, keys)
    await writeAccessLog(
      db,
      { request },
      {
        tenantId: session.tenantId,
        action: 'auth.sign_in_failed',
        detail: { reason: isReplay ? 'totp_replay' : 'totp' },
        staff: { userId: user.id, email: user.email },
      },
    )
    throw new Invalid('errors.invalid_totp', { code: 'errors.invalid_totp' })
  }
  await db.transaction(async (tx) => {
    // Conditional update: two concurrent requests with the same code cannot both pass.
    const updated = await tx
      .update(staffUsers)
      .set({ totpLastStep: String(step) })
      .where(and(eq(staffUsers.id, user.id), eq(staffUsers.updatedAt, user.updatedAt)))
      .returning({ id: staffUsers.id })
    if (updated.length === 0) throw new Invalid('errors.invalid_totp', { code: 'errors.invalid_totp' })
    await tx.update(staffSessions).set({ isTwoFactorVerified: true }).where(eq(staffSessions.id, session.id))
    await writeAccessLog(
      tx,
      { request },
      {
        tenantId: session.tenantId,
        action: 'auth.sign_in',
        detail: { twoFactor: 'verified' },
        staff: { userId: user.id, email: user.email },
      },
    )
  })
}

/**
 * Turns on TOTP for the signed-in person (or the person half-way through a sign-in that their
 * tenant requires it for). Returns nothing; the session counts as verified afterwards.
 */
export async function confirmTotpSetup({
  db,
  secrets,
  request,
  token,
  input,
}: {
  db: Db
  secrets: SecretBox
  request: RequestInfo
  token: string
  input: unknown
}): Promise<void> {
  const { code, pendingSecret } = ConfirmTotpSetupInput.parse(input)
  const session = await findStaffSession(db, token)
  if (!session) throw new Unauthenticated('errors.unauthenticated')
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.id, session.userId))
  if (!user) throw new Unauthenticated('errors.unauthenticated')
  let secret: string
  try {
    const opened = secrets.decrypt(pendingSecret)
    const prefix = `totp-setup:${user.email}:`
    if (!opened.startsWith(prefix)) throw new Error('other account')
    secret = opened.slice(prefix.length)
  } catch {
    throw new Invalid('errors.invalid_totp', { code: 'errors.invalid_totp' })
  }
  const step = matchStep(decodeBase32IgnorePadding(secret), code)
  if (step === null) throw new Invalid('errors.invalid_totp', { code: 'errors.invalid_totp' })
  const wasPending = !session.isTwoFactorVerified
  await db.transaction(async (tx) => {
    await tx
      .update(staffUsers)
      .set({ totpSecretEnc: secrets.encrypt(secret), totpEnabledAt: new Date(), totpLastStep: String(step) })
      .where(eq(staffUsers.id, user.id))
    await tx.update(staffSessions).set({ isTwoFactorVerified: true }).where(eq(staffSessions.id, session.id))
    const who = { userId: user.id, email: user.email }
    await writeAccessLog(
      tx,
      { request },
      { tenantId: session.tenantId, action: 'account.two_factor_enabled', staff: who },
    )
    if (wasPending) {
      await writeAccessLog(
        tx,
        { request },
        {
          tenantId: session.tenantId,
          action: 'auth.sign_in',
          detail: { twoFactor: 'enrolled' },
          staff: who,
        },
      )
    }
  })
}

/** Turns off the person's own TOTP, with their password; refused where a tenant requires it. */
export async function disableOwnTotp({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<void> {
  requireStaff(ctx)
  const { password } = DisableTotpInput.parse(input)
  const [user] = await ctx.db.select().from(staffUsers).where(eq(staffUsers.id, ctx.actor.userId))
  if (!user || !(await verifyPassword(user.passwordHash, password))) {
    throw new Invalid('errors.invalid_password', { password: 'errors.invalid_password' })
  }
  const memberships = await activeMemberships(ctx.db, user.id)
  if (memberships.some((m) => m.requireTwoFactor)) throw new Forbidden('errors.two_factor_required_by_tenant')
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(staffUsers)
      .set({ totpSecretEnc: null, totpEnabledAt: null, totpLastStep: null })
      .where(eq(staffUsers.id, user.id))
    await writeAccessLog(tx, ctx, { tenantId: ctx.actor.tenantId, action: 'account.two_factor_disabled' })
  })
}
