import { randomBytes } from 'node:crypto'
import type { Db } from '@kairan/db'
import { channels } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'
import { createSecretBox, generateKeySpec, type SecretBox } from '../shared/secret-box.ts'

/** A key box for tests (a fresh random key). */
export function testSecrets(): SecretBox {
  return createSecretBox(generateKeySpec())
}

export function randomLineUserId(): string {
  return `U${randomBytes(16).toString('hex')}`
}

const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
/** A ULID-shaped id like LINE's `webhookEventId`. */
export function randomWebhookEventId(): string {
  const bytes = randomBytes(26)
  return Array.from(bytes, (b) => ULID_ALPHABET[b % 32]).join('')
}

/** Gives a channel LINE credentials directly (tests of the webhook, not of the settings page). */
export async function configureLineChannel(
  db: Db,
  secrets: SecretBox,
  channelId: string,
  values: { channelSecret?: string; accessToken?: string | null; apiBaseUrl?: string | null } = {},
) {
  const channelSecret = values.channelSecret ?? randomBytes(16).toString('hex')
  await db
    .update(channels)
    .set({
      lineChannelId: '2000000001',
      botUserId: randomLineUserId(),
      channelSecretEnc: secrets.encrypt(channelSecret),
      accessTokenEnc: values.accessToken ? secrets.encrypt(values.accessToken) : null,
      apiBaseUrl: values.apiBaseUrl ?? null,
      loginChannelId: '2000000002',
      liffId: '2000000002-abcdEFGH',
    })
    .where(eq(channels.id, channelId))
  return { channelSecret }
}

type EventOptions = { webhookEventId?: string; timestamp?: number; isRedelivery?: boolean }

function base(userId: string, options: EventOptions) {
  return {
    mode: 'active',
    timestamp: options.timestamp ?? Date.now(),
    source: { type: 'user', userId },
    webhookEventId: options.webhookEventId ?? randomWebhookEventId(),
    deliveryContext: { isRedelivery: options.isRedelivery ?? false },
  }
}

/** LINE's event shapes (webhook.yml), as the emulator and LINE send them. */
export const lineEvents = {
  follow: (userId: string, options: EventOptions = {}) => ({
    type: 'follow',
    replyToken: randomBytes(16).toString('hex'),
    follow: { isUnblocked: false },
    ...base(userId, options),
  }),
  unfollow: (userId: string, options: EventOptions = {}) => ({ type: 'unfollow', ...base(userId, options) }),
  text: (userId: string, text: string, options: EventOptions = {}) => ({
    type: 'message',
    replyToken: randomBytes(16).toString('hex'),
    message: {
      type: 'text',
      id: String(Date.now()) + String(Math.floor(Math.random() * 1e6)),
      quoteToken: randomBytes(16).toString('base64url'),
      markAsReadToken: randomBytes(16).toString('base64url'),
      text,
    },
    ...base(userId, options),
  }),
  postback: (userId: string, data: string, options: EventOptions = {}) => ({
    type: 'postback',
    replyToken: randomBytes(16).toString('hex'),
    postback: { data },
    ...base(userId, options),
  }),
}

export function webhookBody(events: object[], destination = randomLineUserId()): string {
  return JSON.stringify({ destination, events })
}
