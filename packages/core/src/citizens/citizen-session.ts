import type { Db, DbOrTx } from '@kairan/db'
import { citizenSessions, citizens } from '@kairan/db/schema'
import { IdTokenError, verifyIdToken } from '@kairan/line'
import { and, eq, lt, sql } from 'drizzle-orm'
import { generateSessionToken, sessionIdFromToken } from '../auth/session.ts'
import type { CitizenActor } from '../ctx.ts'
import { Conflict, NotFound, Unauthenticated } from '../errors.ts'
import { loadChannelLine } from '../line/channel-line.ts'
import type { SecretBox } from '../shared/secret-box.ts'

/** A LIFF session lives this long without use; opening a LIFF page again signs in afresh. */
export const CITIZEN_SESSION_TTL_MS = 12 * 60 * 60 * 1000
export const CITIZEN_SESSION_COOKIE = 'kairan_citizen'

/** Checks an ID token LIFF gave the page; verification is LINE's (or the emulator's) own endpoint. */
export type IdTokenVerifier = typeof verifyIdToken

/**
 * A resident signs in on a LIFF page: the ID token from `liff.getIDToken()` is verified with LINE
 * against the channel's LINE Login channel ID; the resident is found by the token's `sub` (or
 * created as "not following" — LIFF pages can be opened without being a friend).
 */
export async function signInCitizen({
  db,
  secrets,
  input,
  verify = verifyIdToken,
}: {
  db: Db
  secrets: SecretBox
  input: { channelId: string; idToken: string }
  verify?: IdTokenVerifier
}) {
  const channel = await loadChannelLine(db, secrets, input.channelId)
  if (!channel) throw new NotFound('errors.not_found')
  if (!channel.loginChannelId) throw new Conflict('errors.liff_not_configured')
  let payload: Awaited<ReturnType<IdTokenVerifier>>
  try {
    payload = await verify({
      idToken: input.idToken,
      clientId: channel.loginChannelId,
      ...(channel.apiBaseUrl ? { apiBaseUrl: channel.apiBaseUrl } : {}),
    })
  } catch (error) {
    if (error instanceof IdTokenError) throw new Unauthenticated('errors.liff_token_invalid')
    throw error
  }
  return db.transaction(async (tx) => {
    await tx
      .insert(citizens)
      .values({
        tenantId: channel.tenantId,
        channelId: channel.channelId,
        lineUserId: payload.sub,
        status: 'not_following',
        displayName: payload.name,
        pictureUrl: payload.picture,
      })
      .onConflictDoNothing()
    const [citizen] = await tx
      .select()
      .from(citizens)
      .where(and(eq(citizens.channelId, channel.channelId), eq(citizens.lineUserId, payload.sub)))
    const token = generateSessionToken()
    await tx.insert(citizenSessions).values({
      id: sessionIdFromToken(token),
      tenantId: channel.tenantId,
      channelId: channel.channelId,
      citizenId: citizen!.id,
      expiresAt: new Date(Date.now() + CITIZEN_SESSION_TTL_MS),
    })
    return { token, citizenId: citizen!.id, expiresAt: new Date(Date.now() + CITIZEN_SESSION_TTL_MS) }
  })
}

/** The resident behind a LIFF session cookie, for that channel only; slides the expiry. */
export async function authenticateCitizen(
  db: DbOrTx,
  input: { token: string; channelId: string },
): Promise<CitizenActor | null> {
  if (!/^[a-z2-7]{32}$/.test(input.token)) return null
  const id = sessionIdFromToken(input.token)
  const [session] = await db
    .update(citizenSessions)
    .set({ expiresAt: new Date(Date.now() + CITIZEN_SESSION_TTL_MS) })
    .where(
      and(
        eq(citizenSessions.id, id),
        eq(citizenSessions.channelId, input.channelId),
        sql`${citizenSessions.expiresAt} > now()`,
      ),
    )
    .returning()
  if (!session) return null
  return {
    type: 'citizen',
    citizenId: session.citizenId,
    tenantId: session.tenantId,
    channelId: session.channelId,
    sessionId: session.id,
  }
}

export async function signOutCitizen(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(citizenSessions).where(eq(citizenSessions.id, sessionId))
}

export async function deleteExpiredCitizenSessions(db: DbOrTx): Promise<number> {
  const rows = await db
    .delete(citizenSessions)
    .where(lt(citizenSessions.expiresAt, new Date()))
    .returning({ id: citizenSessions.id })
  return rows.length
}
