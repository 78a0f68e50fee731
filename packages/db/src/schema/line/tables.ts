import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { channels, tenants } from '../tenancy/tables.ts'

/**
 * Every webhook event LINE sent us, stored before we answer 200 (DESIGN invariant 1). Unique per
 * channel on LINE's `webhookEventId`, so a redelivered event is stored once and handled once.
 * The raw event is sealed with the application key: it carries what residents wrote.
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    webhookEventId: text().notNull(),
    type: text().notNull(),
    /** LINE's `timestamp`: when the event happened (the same on redelivery). */
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    isRedelivery: boolean().notNull().default(false),
    /** The event object exactly as LINE sent it, JSON, sealed (AES-256-GCM). */
    payloadEnc: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    handledAt: timestamp({ withTimezone: true }),
    attempts: integer().notNull().default(0),
    /** After a failed attempt, not before this time (back-off). */
    nextAttemptAt: timestamp({ withTimezone: true }),
    lastError: text(),
  },
  (t) => [
    uniqueIndex('webhook_events_channel_id_webhook_event_id_idx').on(t.channelId, t.webhookEventId), // dedupe redeliveries
    index('webhook_events_pending_idx').on(t.receivedAt).where(sql`${t.handledAt} is null`), // the worker's sweep of unhandled events
    index('webhook_events_handled_at_idx').on(t.handledAt), // retention deletes old handled events
  ],
)
