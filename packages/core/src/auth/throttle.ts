import type { DbOrTx } from '@kairan/db'
import { signInThrottles } from '@kairan/db/schema'
import { eq, inArray, sql } from 'drizzle-orm'
import { TooManyAttempts } from '../errors.ts'

/**
 * Sign-in throttling (SEC-4), kept in PostgreSQL so every admin process shares it.
 * An account locks after 5 failures within 15 minutes, an IP address after 30 (several staff sit
 * behind one city NAT); a lock lasts 15 minutes.
 */
export const THROTTLE_POLICY = {
  account: { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  ip: { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} as const

export type ThrottleKey = { key: string; kind: keyof typeof THROTTLE_POLICY }

export function throttleKeys(email: string, ip: string | null): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ key: `account:${email.toLowerCase()}`, kind: 'account' }]
  if (ip) keys.push({ key: `ip:${ip}`, kind: 'ip' })
  return keys
}

/** Throws TooManyAttempts while any of the keys is locked. */
export async function assertNotLocked(db: DbOrTx, keys: ThrottleKey[]): Promise<void> {
  const rows = await db
    .select()
    .from(signInThrottles)
    .where(
      inArray(
        signInThrottles.key,
        keys.map((k) => k.key),
      ),
    )
  const now = Date.now()
  const lockedUntil = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0))
  if (lockedUntil > now) throw new TooManyAttempts(Math.ceil((lockedUntil - now) / 1000))
}

/** Counts one failure on each key; starts a lock when a key reaches its limit. */
export async function recordFailure(db: DbOrTx, keys: ThrottleKey[]): Promise<void> {
  for (const { key, kind } of keys) {
    const policy = THROTTLE_POLICY[kind]
    const windowStart = sql`${new Date(Date.now() - policy.windowMs).toISOString()}::timestamptz`
    // One statement: a new window when the old one has passed, else one more failure.
    await db
      .insert(signInThrottles)
      .values({ key, failures: 1, windowStartedAt: new Date() })
      .onConflictDoUpdate({
        target: signInThrottles.key,
        set: {
          failures: sql`case when ${signInThrottles.windowStartedAt} < ${windowStart} then 1 else ${signInThrottles.failures} + 1 end`,
          windowStartedAt: sql`case when ${signInThrottles.windowStartedAt} < ${windowStart} then now() else ${signInThrottles.windowStartedAt} end`,
        },
      })
    await db
      .update(signInThrottles)
      .set({
        lockedUntil: new Date(Date.now() + policy.lockMs),
        failures: 0,
        windowStartedAt: new Date(),
      })
      .where(sql`${signInThrottles.key} = ${key} and ${signInThrottles.failures} >= ${policy.maxFailures}`)
  }
}

export async function clearThrottle(db: DbOrTx, key: string): Promise<void> {
  await db.delete(signInThrottles).where(eq(signInThrottles.key, key))
}
