import type { Db } from '@kairan/db'
import { citizens, webhookEvents } from '@kairan/db/schema'
import type { LineProfile, WebhookEvent } from '@kairan/line'
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm'
import type { Logger } from 'pino'
import {
  type ChannelLine,
  defaultLineClientFactory,
  type LineClientFactory,
  loadChannelLine,
} from '../line/channel-line.ts'
import type { LiveEvent, LivePublisher } from '../live/index.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import { applyEvent, eventLineUserId, isHandledType } from './apply-event.ts'

export type WebhookDeps = {
  db: Db
  secrets: SecretBox
  live: LivePublisher
  lineClient?: LineClientFactory
  log?: Logger
}

export type HandleOutcome = 'handled' | 'skipped' | 'failed'

/** Back-off after a failed attempt: 5 s, 10 s, 20 s … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000)
}

/**
 * DESIGN invariant 1, the handling half. The event row is locked (SKIP LOCKED: the LIFF process
 * and the worker never handle one event at the same time), applied, and marked handled in ONE
 * transaction — a crash anywhere before commit leaves it unhandled for the worker, and a commit
 * means it is never applied again.
 */
export async function handleWebhookEvent(deps: WebhookDeps, id: number): Promise<HandleOutcome> {
  const { db, secrets } = deps
  // Peek without a lock: the LINE profile is fetched outside the transaction, so a slow LINE
  // never holds a row lock or a connection.
  const [peek] = await db
    .select({ payloadEnc: webhookEvents.payloadEnc, channelId: webhookEvents.channelId })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.id, id), isNull(webhookEvents.handledAt)))
  if (!peek) return 'skipped'

  let published: LiveEvent[] = []
  try {
    const event = JSON.parse(secrets.decrypt(peek.payloadEnc)) as WebhookEvent
    const profile = await profileIfNeeded(deps, peek.channelId, event)
    const outcome = await db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(webhookEvents)
        .where(and(eq(webhookEvents.id, id), isNull(webhookEvents.handledAt)))
        .for('update', { skipLocked: true })
      if (!row) return 'skipped' as const
      published = await applyEvent(
        tx,
        secrets,
        { tenantId: row.tenantId, channelId: row.channelId, webhookEventId: row.webhookEventId },
        event,
        profile,
      )
      await tx
        .update(webhookEvents)
        .set({ handledAt: new Date(), attempts: row.attempts + 1, lastError: null, nextAttemptAt: null })
        .where(eq(webhookEvents.id, id))
      return 'handled' as const
    })
    if (outcome === 'skipped') return outcome
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    deps.log?.warn({ err: error, webhookEvent: id }, 'webhook event failed; it will be retried')
    await db
      .update(webhookEvents)
      .set({
        attempts: sql`${webhookEvents.attempts} + 1`,
        lastError: message.slice(0, 1000),
        nextAttemptAt: sql`now() + (${retryDelayMs(1)} * power(2, least(${webhookEvents.attempts}, 10))) * interval '1 millisecond'`,
      })
      .where(and(eq(webhookEvents.id, id), isNull(webhookEvents.handledAt)))
      .catch(() => {})
    return 'failed'
  }
  for (const event of published) deps.live.publish(event)
  return 'handled'
}

/** In order (a follow before the message that follows it). */
export async function handleWebhookEvents(deps: WebhookDeps, ids: readonly number[]) {
  const counts = { handled: 0, skipped: 0, failed: 0 }
  for (const id of ids) counts[await handleWebhookEvent(deps, id)] += 1
  return counts
}

/**
 * The worker's sweep: events still unhandled `olderThanMs` after they arrived (the LIFF process
 * died, or handling failed and its back-off has passed), oldest first.
 */
export async function handlePendingWebhookEvents(
  deps: WebhookDeps,
  options: { olderThanMs: number; limit: number },
) {
  const rows = await deps.db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(
        isNull(webhookEvents.handledAt),
        lte(webhookEvents.receivedAt, new Date(Date.now() - options.olderThanMs)),
        or(isNull(webhookEvents.nextAttemptAt), lte(webhookEvents.nextAttemptAt, new Date())),
      ),
    )
    .orderBy(asc(webhookEvents.id))
    .limit(options.limit)
  return handleWebhookEvents(
    deps,
    rows.map((r) => r.id),
  )
}

const channelCache = new Map<string, { channel: ChannelLine | null; at: number }>()
const CHANNEL_CACHE_MS = 10_000

async function channelFor(deps: WebhookDeps, channelId: string): Promise<ChannelLine | null> {
  const hit = channelCache.get(channelId)
  if (hit && Date.now() - hit.at < CHANNEL_CACHE_MS) return hit.channel
  const channel = await loadChannelLine(deps.db, deps.secrets, channelId)
  channelCache.set(channelId, { channel, at: Date.now() })
  return channel
}

/**
 * follow always refreshes the profile; a message or postback fetches it only for someone we have
 * no row for. A failure is not fatal: the resident is kept without a name, and the next follow
 * fills it in.
 */
async function profileIfNeeded(
  deps: WebhookDeps,
  channelId: string,
  event: WebhookEvent,
): Promise<LineProfile | null> {
  const lineUserId = eventLineUserId(event)
  if (!lineUserId || !isHandledType(event.type) || event.type === 'unfollow') return null
  if (event.type !== 'follow') {
    const [known] = await deps.db
      .select({ id: citizens.id })
      .from(citizens)
      .where(and(eq(citizens.channelId, channelId), eq(citizens.lineUserId, lineUserId)))
    if (known) return null
  }
  const channel = await channelFor(deps, channelId)
  const client = channel ? (deps.lineClient ?? defaultLineClientFactory)(channel) : null
  if (!client) return null
  try {
    return await client.getProfile(lineUserId)
  } catch (error) {
    deps.log?.warn(
      { err: error, channelId },
      'could not fetch a LINE profile; keeping the resident without it',
    )
    return null
  }
}
