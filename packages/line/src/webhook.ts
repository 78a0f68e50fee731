import { createHmac, timingSafeEqual } from 'node:crypto'
import type { webhook } from '@line/bot-sdk'

export type WebhookEvent = webhook.Event
export type WebhookBody = { destination: string; events: WebhookEvent[] }

/** `x-line-signature`: Base64(HMAC-SHA256(raw body, channel secret)). Sign the bytes exactly as sent. */
export function signBody(rawBody: Buffer | string, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(rawBody).digest('base64')
}

/** A SHA-256 digest in Base64 is 43 characters and one `=`. */
const SIGNATURE = /^[A-Za-z0-9+/]{43}=$/

/**
 * Checks `x-line-signature` against the raw request body (the unmodified bytes, not re-serialized JSON).
 * Constant-time; false for a missing, malformed or wrong signature; never throws.
 */
export function verifySignature(
  rawBody: Buffer | string,
  channelSecret: string,
  signature: string | undefined | null,
): boolean {
  if (typeof signature !== 'string' || !SIGNATURE.test(signature)) return false
  if (typeof channelSecret !== 'string' || channelSecret === '') return false
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) return false
  const expected = createHmac('sha256', channelSecret).update(rawBody).digest()
  return timingSafeEqual(expected, Buffer.from(signature, 'base64'))
}

export class WebhookBodyError extends Error {
  constructor(readonly reason: string) {
    super(`Invalid webhook body: ${reason}`)
    this.name = 'WebhookBodyError'
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Parses a webhook body after its signature was verified. Light structural checks only (this runs for every
 * webhook): `destination`, `events[]`, and on each event `type`, `webhookEventId`, `timestamp`, `source`.
 * Event types the SDK does not know yet are passed through.
 */
export function parseWebhookBody(rawBody: Buffer | string): WebhookBody {
  let body: unknown
  try {
    body = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'))
  } catch {
    throw new WebhookBodyError('not JSON')
  }
  if (!isObject(body)) throw new WebhookBodyError('not an object')
  if (typeof body.destination !== 'string' || body.destination === '') {
    throw new WebhookBodyError('destination missing')
  }
  const { events } = body
  if (!Array.isArray(events)) throw new WebhookBodyError('events is not an array')
  for (let i = 0; i < events.length; i++) {
    const event: unknown = events[i]
    if (!isObject(event)) throw new WebhookBodyError(`events[${i}] is not an object`)
    if (typeof event.type !== 'string') throw new WebhookBodyError(`events[${i}].type missing`)
    if (typeof event.webhookEventId !== 'string') {
      throw new WebhookBodyError(`events[${i}].webhookEventId missing`)
    }
    if (typeof event.timestamp !== 'number') throw new WebhookBodyError(`events[${i}].timestamp missing`)
    if (!isObject(event.source)) throw new WebhookBodyError(`events[${i}].source missing`)
  }
  return { destination: body.destination, events: events as WebhookEvent[] }
}

/** The user behind an event (in groups and rooms only when LINE discloses it), or null. */
export function eventUserId(event: WebhookEvent): string | null {
  const userId = event.source?.userId
  return typeof userId === 'string' ? userId : null
}

/** Where a push or loading animation for this event goes: the user, group or room ID. */
export function eventChatId(event: WebhookEvent): string | null {
  const source = event.source
  if (!source) return null
  if (source.type === 'group') return source.groupId
  if (source.type === 'room') return source.roomId
  return source.userId ?? null
}

/** The single-use reply token, valid about a minute; absent in standby mode and on most non-chat events. */
export function eventReplyToken(event: WebhookEvent): string | null {
  const token = (event as { replyToken?: unknown }).replyToken
  return typeof token === 'string' && token !== '' ? token : null
}
