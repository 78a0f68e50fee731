import type { DbOrTx } from '@kairan/db'
import { staffSessions } from '@kairan/db/schema'
import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import { and, eq, lt } from 'drizzle-orm'

/** Sessions the Lucia way (CONVENTIONS C13): the browser holds a random token, we store its hash. */
export const SESSION_COOKIE = 'kairan_session'
/** Idle timeout of a staff session; every use within it slides the expiry (SEC-4). */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000
const REFRESH_WHEN_LEFT_MS = SESSION_TTL_MS / 2

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20)
  crypto.getRandomValues(bytes)
  return encodeBase32LowerCaseNoPadding(bytes)
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

export async function createStaffSession(
  db: DbOrTx,
  input: {
    userId: string
    tenantId: string
    channelId: string | null
    isTwoFactorVerified: boolean
    ip: string | null
    userAgent: string | null
  },
) {
  const token = generateSessionToken()
  const [session] = await db
    .insert(staffSessions)
    .values({
      id: sessionIdFromToken(token),
      ...input,
      userAgent: input.userAgent?.slice(0, 500) ?? null,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    })
    .returning()
  return { token, session: session! }
}

export type StaffSessionRow = typeof staffSessions.$inferSelect

/** The live session for a token, with its expiry slid forward when half of it is used up. */
export async function findStaffSession(db: DbOrTx, token: string): Promise<StaffSessionRow | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null
  const id = sessionIdFromToken(token)
  const [session] = await db.select().from(staffSessions).where(eq(staffSessions.id, id))
  if (!session) return null
  const now = Date.now()
  if (session.expiresAt.getTime() <= now) {
    await db.delete(staffSessions).where(eq(staffSessions.id, id))
    return null
  }
  if (session.expiresAt.getTime() - now < REFRESH_WHEN_LEFT_MS) {
    session.expiresAt = new Date(now + SESSION_TTL_MS)
    await db.update(staffSessions).set({ expiresAt: session.expiresAt }).where(eq(staffSessions.id, id))
  }
  return session
}

export async function deleteStaffSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(staffSessions).where(eq(staffSessions.id, sessionId))
}

/** Signs a person out of one tenant everywhere (disabled membership, password reset). */
export async function deleteUserSessions(db: DbOrTx, userId: string, tenantId?: string): Promise<void> {
  await db
    .delete(staffSessions)
    .where(
      tenantId
        ? and(eq(staffSessions.userId, userId), eq(staffSessions.tenantId, tenantId))
        : eq(staffSessions.userId, userId),
    )
}

export async function deleteExpiredSessions(db: DbOrTx): Promise<number> {
  const rows = await db
    .delete(staffSessions)
    .where(lt(staffSessions.expiresAt, new Date()))
    .returning({ id: staffSessions.id })
  return rows.length
}
