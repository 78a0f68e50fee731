import type { Tx } from '@kairan/db'
import { citizens, conversationMessages } from '@kairan/db/schema'
import type { LineProfile, WebhookEvent } from '@kairan/line'
import { and, eq, sql } from 'drizzle-orm'
import type { LiveEvent } from '../live/index.ts'
import { replyFollowGreeting } from '../onboarding/greeting.ts'
import type { SecretBox } from '../shared/secret-box.ts'

export type EventTarget = { tenantId: string; channelId: string; webhookEventId: string }

/** Event types that change residents or their history; everything else is stored and skipped. */
export function isHandledType(type: string): boolean {
  return type === 'follow' || type === 'unfollow' || type === 'message' || type === 'postback'
}

/** The event's resident, when it comes from a 1:1 chat (groups and rooms are out of scope). */
export function eventLineUserId(event: WebhookEvent): string | null {
  const source = event.source
  if (source?.type !== 'user') return null
  return typeof source.userId === 'string' ? source.userId : null
}

/**
 * Applies one event inside the caller's transaction. Idempotent with the event row's lock: the
 * caller marks the event handled in the same transaction. Returns the live events to publish
 * after commit.
 */
export async function applyEvent(
  tx: Tx,
  secrets: SecretBox,
  target: EventTarget,
  event: WebhookEvent,
  profile: LineProfile | null,
): Promise<LiveEvent[]> {
  const lineUserId = eventLineUserId(event)
  if (!lineUserId || !isHandledType(event.type)) return []
  const at = new Date(event.timestamp)
  const scope = { tenantId: target.tenantId, channelId: target.channelId }

  if (event.type === 'follow') {
    const citizenId = await upsertFollowing(tx, target, lineUserId, at, profile)
    await addHistory(tx, secrets, target, citizenId, 'follow', { type: 'follow', ...event.follow }, at)
    // SEG-1: the greeting (and the profile form button) in the resident's language.
    await replyFollowGreeting(tx, secrets, {
      channelId: target.channelId,
      citizenId,
      replyToken: typeof event.replyToken === 'string' ? event.replyToken : undefined,
      eventAt: at,
    })
    return [{ type: 'citizen.followed', ...scope, citizenId }]
  }
  if (event.type === 'unfollow') {
    const citizenId = await markBlocked(tx, target, lineUserId, at)
    await addHistory(tx, secrets, target, citizenId, 'unfollow', { type: 'unfollow' }, at)
    return [{ type: 'citizen.unfollowed', ...scope, citizenId }]
  }

  const { citizenId, isNew } = await touchCitizen(tx, target, lineUserId, at, profile)
  let messageId: string | null = null
  if (event.type === 'message') {
    const message = event.message as { type: string; id: string } & Record<string, unknown>
    messageId = await addHistory(tx, secrets, target, citizenId, message.type, message, at, message.id)
  } else if (event.type === 'postback') {
    messageId = await addHistory(tx, secrets, target, citizenId, 'postback', event.postback, at)
  }
  const live: LiveEvent[] = []
  if (isNew) live.push({ type: 'citizen.followed', ...scope, citizenId })
  if (messageId) live.push({ type: 'conversation.message', ...scope, citizenId, messageId, direction: 'in' })
  return live
}

function profileColumns(profile: LineProfile | null, at: Date) {
  if (!profile) return {}
  return {
    displayName: profile.displayName,
    pictureUrl: profile.pictureUrl,
    lineLanguage: profile.language,
    profileRefreshedAt: at,
  }
}

/**
 * follow: created, or re-activated with a fresh profile. LINE may deliver events out of order, so
 * an older follow never undoes a newer unfollow.
 */
async function upsertFollowing(
  tx: Tx,
  target: EventTarget,
  lineUserId: string,
  at: Date,
  profile: LineProfile | null,
): Promise<string> {
  const now = new Date()
  const [row] = await tx
    .insert(citizens)
    .values({
      tenantId: target.tenantId,
      channelId: target.channelId,
      lineUserId,
      status: 'following',
      firstFollowedAt: at,
      followedAt: at,
      ...profileColumns(profile, now),
    })
    .onConflictDoUpdate({
      target: [citizens.channelId, citizens.lineUserId],
      set: {
        status: sql`case when ${citizens.blockedAt} is null or ${citizens.blockedAt} <= excluded.followed_at then 'following'::citizen_status else ${citizens.status} end`,
        followedAt: sql`greatest(${citizens.followedAt}, excluded.followed_at)`,
        firstFollowedAt: sql`coalesce(${citizens.firstFollowedAt}, excluded.followed_at)`,
        blockedAt: sql`case when ${citizens.blockedAt} <= excluded.followed_at then null else ${citizens.blockedAt} end`,
        ...(profile
          ? {
              displayName: sql`excluded.display_name`,
              pictureUrl: sql`excluded.picture_url`,
              lineLanguage: sql`excluded.line_language`,
              profileRefreshedAt: sql`excluded.profile_refreshed_at`,
            }
          : {}),
        updatedAt: now,
      },
    })
    .returning({ id: citizens.id })
  return row!.id
}

/** unfollow: blocked, history kept. A newer follow is not undone by an older unfollow. */
async function markBlocked(tx: Tx, target: EventTarget, lineUserId: string, at: Date): Promise<string> {
  const [row] = await tx
    .insert(citizens)
    .values({
      tenantId: target.tenantId,
      channelId: target.channelId,
      lineUserId,
      status: 'blocked',
      blockedAt: at,
    })
    .onConflictDoUpdate({
      target: [citizens.channelId, citizens.lineUserId],
      set: {
        status: sql`case when ${citizens.followedAt} is null or ${citizens.followedAt} <= excluded.blocked_at then 'blocked'::citizen_status else ${citizens.status} end`,
        blockedAt: sql`greatest(${citizens.blockedAt}, excluded.blocked_at)`,
        updatedAt: new Date(),
      },
    })
    .returning({ id: citizens.id })
  return row!.id
}

/**
 * A message or postback: the resident's last-message time moves on (one statement when we know
 * them); someone we have no row for (a friend from before Kairan) is created.
 */
async function touchCitizen(
  tx: Tx,
  target: EventTarget,
  lineUserId: string,
  at: Date,
  profile: LineProfile | null,
): Promise<{ citizenId: string; isNew: boolean }> {
  const touch = () =>
    tx
      .update(citizens)
      .set({ lastMessageAt: sql`greatest(${citizens.lastMessageAt}, ${at.toISOString()}::timestamptz)` })
      .where(and(eq(citizens.channelId, target.channelId), eq(citizens.lineUserId, lineUserId)))
      .returning({ id: citizens.id })
  const [existing] = await touch()
  if (existing) return { citizenId: existing.id, isNew: false }
  const [created] = await tx
    .insert(citizens)
    .values({
      tenantId: target.tenantId,
      channelId: target.channelId,
      lineUserId,
      status: 'following',
      firstFollowedAt: at,
      followedAt: at,
      lastMessageAt: at,
      ...profileColumns(profile, new Date()),
    })
    .onConflictDoNothing()
    .returning({ id: citizens.id })
  if (created) return { citizenId: created.id, isNew: true }
  const [raced] = await touch()
  return { citizenId: raced!.id, isNew: false }
}

async function addHistory(
  tx: Tx,
  secrets: SecretBox,
  target: EventTarget,
  citizenId: string,
  kind: string,
  content: unknown,
  at: Date,
  lineMessageId?: string,
): Promise<string | null> {
  const [row] = await tx
    .insert(conversationMessages)
    .values({
      tenantId: target.tenantId,
      channelId: target.channelId,
      citizenId,
      direction: 'in',
      kind,
      contentEnc: secrets.encrypt(JSON.stringify(content ?? {})),
      lineMessageId: lineMessageId ?? null,
      webhookEventId: target.webhookEventId,
      sentAt: at,
    })
    .onConflictDoNothing()
    .returning({ id: conversationMessages.id })
  return row?.id ?? null
}
