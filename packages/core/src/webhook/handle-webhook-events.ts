import type { Db } from '@kairan/db'
import { citizens, webhookEvents } from '@kairan/db/schema'
import type { LineProfile, WebhookEvent } from '@kairan/line'
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm'
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
export type HandleCounts = { handled: number; skipped: number; failed: number }

/** Back-off after a failed attempt: 5 s, 10 s, 20 s … capped at one hour. */
const RETRY_BASE_MS = 5_000
const RETRY_MAX_MS = 60 * 60 * 1000

/**
 * DESIGN invariant 1, the handling half. The event rows are locked (SKIP LOCKED: the LIFF process
 * and the worker never handle one event at the same time), applied, and marked handled in ONE
 * transaction — a crash anywhere before commit leaves them unhandled for the worker, and a commit
 * means they are never applied again. Events are applied in id order (a follow before the message
 * after it), if one fails, the batch is retried event by event, so a bad event fails alone (and is retried
 * with back-off) while the others go through.
 */
export async function handleWebhookEvents(deps: WebhookDeps, ids: readonly number[]): Promise<HandleCounts> {
  const counts: HandleCounts = { handled: 0, skipped: 0, failed: 0 }
  if (ids.length === 0) return counts
  const { db, secrets } = deps
  const sorted = [...ids].sort((a, b) => a - b)
  // Peek without locks: LINE profiles are fetched outside the transaction, so a slow LINE never
  // holds row locks or a connection.
  const peeked = await db
    .select({
      id: webhookEvents.id,
      payloadEnc: webhookEvents.payloadEnc,
      channelId: webhookEvents.channelId,
    })
    .from(webhookEvents)
    .where(and(inArray(webhookEvents.id, sorted), isNull(webhookEvents.handledAt)))
  counts.skipped += sorted.length - peeked.length
  const events = new Map<number, WebhookEvent>()
  const failures = new Map<number, unknown>()
  for (const row of peeked) {
    try {
      events.set(row.id, JSON.parse(secrets.decrypt(row.payloadEnc)) as WebhookEvent)
    } catch (error) {
      failures.set(row.id, error)
    }
  }
  const profiles = events.size > 0 ? await profilesNeeded(deps, peeked, events) : new Map()

  let published: LiveEvent[] = []
  if (events.size > 0) {
    try {
      const result = await applyBatch(deps, events, profiles)
      counts.skipped += result.skipped
      counts.handled = result.handled
      published = result.live
    } catch (error) {
      if (events.size === 1) {
        for (const id of events.keys()) failures.set(id, error)
      } else {
        // One event spoilt the batch (or the database had trouble): retry each on its own, so a
        // bad event fails alone and the others go through.
        for (const id of events.keys()) {
          const single = await handleWebhookEvents(deps, [id])
          counts.handled += single.handled
          counts.skipped += single.skipped
          counts.failed += single.failed
        }
      }
    }
  }
  for (const [id, error] of failures) await recordFailure(deps, id, error)
  counts.failed += failures.size
  for (const event of published) deps.live.publish(event)
  return counts
}

/** Locks, applies and marks handled a batch in one transaction; throws if any event fails. */
async function applyBatch(
  deps: WebhookDeps,
  events: ReadonlyMap<number, WebhookEvent>,
  profiles: ReadonlyMap<number, LineProfile>,
) {
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(webhookEvents)
      .where(and(inArray(webhookEvents.id, [...events.keys()]), isNull(webhookEvents.handledAt)))
      .orderBy(asc(webhookEvents.id))
      .for('update', { skipLocked: true })
    const live: LiveEvent[] = []
    for (const row of rows) {
      const target = { tenantId: row.tenantId, channelId: row.channelId, webhookEventId: row.webhookEventId }
      live.push(
        ...(await applyEvent(tx, deps.secrets, target, events.get(row.id)!, profiles.get(row.id) ?? null)),
      )
    }
    if (rows.length > 0) {
      await tx
        .update(webhookEvents)
        .set({
          handledAt: new Date(),
          attempts: sql`${webhookEvents.attempts} + 1`,
          lastError: null,
          nextAttemptAt: null,
        })
        .where(
          inArray(
            webhookEvents.id,
            rows.map((r) => r.id),
          ),
        )
    }
    return { handled: rows.length, skipped: events.size - rows.length, live }
  })
}

/** One event. */
export async function handleWebhookEvent(deps: WebhookDeps, id: number): Promise<HandleOutcome> {
  const counts = await handleWebhookEvents(deps, [id])
  return counts.handled ? 'handled' : counts.failed ? 'failed' : 'skipped'
}

async function recordFailure(deps: WebhookDeps, id: number, error: unknown) {
  const message = error instanceof Error ? error.message : String(error)
  deps.log?.warn({ err: error, webhookEvent: id }, 'webhook event failed; it will be retried')
  await deps.db
    .update(webhookEvents)
    .set({
      attempts: sql`${webhookEvents.attempts} + 1`,
      lastError: message.slice(0, 1000),
      nextAttemptAt: sql`now() + least(${RETRY_BASE_MS} * power(2, least(${webhookEvents.attempts}, 20)), ${RETRY_MAX_MS}) * interval '1 millisecond'`,
    })
    .where(and(eq(webhookEvents.id, id), isNull(webhookEvents.handledAt)))
    .catch(() => {})
}

/**
 * The worker's sweep: events still unhandled `olderThanMs` after they arrived (the LIFF process
 * died, or handling failed and its back-off has passed), oldest first.
 */
export async function handlePendingWebhookEvents(
  deps: WebhookDeps,
  options: { olderThanMs: number; limit: number },
): Promise<HandleCounts> {
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
async function profilesNeeded(
  deps: WebhookDeps,
  rows: readonly { id: number; channelId: string }[],
  events: ReadonlyMap<number, WebhookEvent>,
): Promise<Map<number, LineProfile>> {
  const wanted: { id: number; channelId: string; lineUserId: string; isFollow: boolean }[] = []
  for (const row of rows) {
    const event = events.get(row.id)
    const lineUserId = event ? eventLineUserId(event) : null
    if (!event || !lineUserId || !isHandledType(event.type) || event.type === 'unfollow') continue
    wanted.push({ id: row.id, channelId: row.channelId, lineUserId, isFollow: event.type === 'follow' })
  }
  const unknown = wanted.filter((w) => !w.isFollow)
  const known = new Set<string>()
  if (unknown.length > 0) {
    const found = await deps.db
      .select({ channelId: citizens.channelId, lineUserId: citizens.lineUserId })
      .from(citizens)
      .where(
        and(
          inArray(citizens.channelId, [...new Set(unknown.map((u) => u.channelId))]),
          inArray(citizens.lineUserId, [...new Set(unknown.map((u) => u.lineUserId))]),
        ),
      )
    for (const f of found) known.add(`${f.channelId}:${f.lineUserId}`)
  }
  const result = new Map<number, LineProfile>()
  const fetched = new Map<string, Promise<LineProfile | null>>()
  await Promise.all(
    wanted
      .filter((w) => w.isFollow || !known.has(`${w.channelId}:${w.lineUserId}`))
      .map(async (w) => {
        const key = `${w.channelId}:${w.lineUserId}`
        let pending = fetched.get(key)
        if (!pending) {
          pending = fetchProfile(deps, w.channelId, w.lineUserId)
          fetched.set(key, pending)
        }
        const profile = await pending
        if (profile) result.set(w.id, profile)
      }),
  )
  return result
}

async function fetchProfile(deps: WebhookDeps, channelId: string, lineUserId: string) {
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
