import { sql } from 'drizzle-orm'
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps } from '../_columns.ts'
import { staffUsers } from '../staff/tables.ts'
import { channels, tenants } from '../tenancy/tables.ts'

/** following: a friend; blocked: unfollowed (history kept); not_following: only opened a LIFF page. */
export const citizenStatus = pgEnum('citizen_status', ['following', 'blocked', 'not_following'])

/** A LINE user as one channel sees them (LINE user IDs differ per provider, so per channel here). */
export const citizens = pgTable(
  'citizens',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    lineUserId: text().notNull(),
    status: citizenStatus().notNull(),
    /** From LINE's profile API; refreshed on follow. Kept in clear so staff can search by it. */
    displayName: text(),
    pictureUrl: text(),
    /** The language of the resident's LINE app (profile API), e.g. `ja`, `en`, `zh-Hant`. */
    lineLanguage: text(),
    /** The language the resident chose on a LIFF page; wins over `lineLanguage`. */
    preferredLanguage: text(),
    firstFollowedAt: timestamp({ withTimezone: true }),
    followedAt: timestamp({ withTimezone: true }),
    blockedAt: timestamp({ withTimezone: true }),
    profileRefreshedAt: timestamp({ withTimezone: true }),
    lastMessageAt: timestamp({ withTimezone: true }),
    /**
     * The language deliveries and pages use: `residentLanguage(preferredLanguage, lineLanguage)`
     * of core, computed by the SQL function of the same name (migration 0003; a test keeps the
     * two equal), so segments and the delivery freeze can group by it in SQL.
     */
    language: text()
      .notNull()
      .generatedAlwaysAs(sql`kairan_resident_language(preferred_language, line_language)`),
    /**
     * `key=value` for every attribute value (citizen_attribute_values), kept by a trigger
     * (migration 0003): segment filters test it with array operators in one scan.
     */
    attributeTokens: text().array().notNull().default(sql`'{}'::text[]`),
    /** SEG-2: when the "please fill in your profile" reminder was pushed (sent once). */
    profileReminderSentAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('citizens_channel_id_line_user_id_idx').on(t.channelId, t.lineUserId), // webhook looks residents up by LINE user ID
    index('citizens_channel_id_followed_at_idx').on(t.channelId, t.followedAt), // friends list, newest first, "added since"
    index('citizens_channel_id_status_idx').on(t.channelId, t.status), // friends counts and status filter
    index('citizens_display_name_trgm_idx').using('gin', sql`${t.displayName} gin_trgm_ops`), // friends search by name
  ],
)

export const messageDirection = pgEnum('message_direction', ['in', 'out'])

/**
 * A resident's conversation with the channel, both directions: messages, postbacks, follow and
 * unfollow. The content (the LINE object) is sealed: residents write addresses and phone numbers.
 */
export const conversationMessages = pgTable(
  'conversation_messages',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    citizenId: uuid()
      .notNull()
      .references(() => citizens.id, { onDelete: 'cascade' }),
    direction: messageDirection().notNull(),
    /** text, image, location, sticker, video, audio, file, postback, follow, unfollow, … */
    kind: text().notNull(),
    /** The LINE message object (or postback / event summary) as JSON, sealed. */
    contentEnc: text().notNull(),
    /** LINE's message ID of an inbound message (its content can be fetched by it). */
    lineMessageId: text(),
    /** The webhook event this row came from: a second guard against handling one twice. */
    webhookEventId: text(),
    /** How an outbound message went out (reply, push, multicast, …). */
    via: text(),
    sentByStaffUserId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    sentAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('conversation_messages_citizen_id_sent_at_idx').on(t.citizenId, t.sentAt), // a resident's history
    uniqueIndex('conversation_messages_channel_id_webhook_event_id_idx')
      .on(t.channelId, t.webhookEventId)
      .where(sql`${t.webhookEventId} is not null`), // one row per webhook event
  ],
)

/** SEG-7: residents (usually staff's own phones) that test deliveries go to. */
export const channelTestDevices = pgTable(
  'channel_test_devices',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    citizenId: uuid()
      .notNull()
      .references(() => citizens.id, { onDelete: 'cascade' }),
    label: text().notNull(),
    addedByStaffUserId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('channel_test_devices_citizen_id_idx').on(t.citizenId), // a resident is a test device once
    index('channel_test_devices_channel_id_idx').on(t.channelId), // the channel's list
  ],
)

/** A resident signed in on LIFF pages (verified LINE ID token). The token is stored hashed. */
export const citizenSessions = pgTable(
  'citizen_sessions',
  {
    /** SHA-256 of the session token, hex. */
    id: text().primaryKey(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    citizenId: uuid()
      .notNull()
      .references(() => citizens.id, { onDelete: 'cascade' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('citizen_sessions_expires_at_idx').on(t.expiresAt)], // cleanup of expired sessions
)
