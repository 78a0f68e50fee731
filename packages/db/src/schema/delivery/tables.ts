import { sql } from 'drizzle-orm'
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { id, timestamps } from '../_columns.ts'
import { forms } from '../forms/tables.ts'
import { staffUsers } from '../staff/tables.ts'
import { channels, tenants } from '../tenancy/tables.ts'

/** SEG-3: a resident attribute is single choice (age group, district) or multiple (interests). */
export const attributeKind = pgEnum('attribute_kind', ['single', 'multiple'])

/**
 * SEG-3, SEG-5: the attributes staff define (data, not code). A resident's values live in
 * `citizen_attribute_values` under `key`, holding option `value`s. Deleting sets `deletedAt`:
 * the row stays so past deliveries and segments still show the labels they were built with.
 * `label` and each option's `label` are per-language maps (`{ ja, en, … }`, `ja` required).
 */
export const attributeDefinitions = pgTable(
  'attribute_definitions',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    kind: attributeKind().notNull(),
    label: jsonb().$type<Record<string, string>>().notNull(),
    options: jsonb().$type<{ value: string; label: Record<string, string> }[]>().notNull(),
    position: integer().notNull().default(0),
    deletedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('attribute_definitions_tenant_id_key_idx')
      .on(t.tenantId, t.key)
      .where(sql`${t.deletedAt} is null`), // one live attribute per key
  ],
)

/**
 * SEG-1, SEG-2: per channel, the onboarding profile form, the greeting sent on follow, the
 * reminder for residents who have not answered, and the confirmation threshold for big sends.
 * Texts are per-language maps.
 */
export const channelDeliverySettings = pgTable('channel_delivery_settings', {
  channelId: uuid()
    .primaryKey()
    .references(() => channels.id, { onDelete: 'cascade' }),
  tenantId: uuid()
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  profileFormId: uuid().references(() => forms.id, { onDelete: 'set null' }),
  greetingEnabled: boolean().notNull().default(true),
  greetingText: jsonb().$type<Record<string, string>>(),
  reminderEnabled: boolean().notNull().default(false),
  /** Days after following (without an answer) before the one reminder. */
  reminderAfterDays: integer().notNull().default(3),
  reminderText: jsonb().$type<Record<string, string>>(),
  /** SEG-8: sends to more residents than this need an explicit confirmation with the count. */
  confirmThreshold: integer().notNull().default(1000),
  updatedByStaffUserId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
  ...timestamps,
})

/** SEG-6: a saved filter over residents (core's SegmentFilter JSON: AND/OR groups of conditions). */
export const segments = pgTable(
  'segments',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    description: text(),
    filter: jsonb().notNull(),
    /** The count when last saved or counted, for the list page. */
    lastCount: integer(),
    lastCountedAt: timestamp({ withTimezone: true }),
    createdByStaffUserId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    updatedByStaffUserId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    archivedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('segments_channel_id_idx').on(t.channelId)],
)

/** SEG-7: all friends, a segment, or the channel's test devices only. */
export const deliveryTarget = pgEnum('delivery_target', ['all', 'segment', 'test'])

/**
 * SEG-8: draft → scheduled → sending → sent / cancelled / failed. `partially_failed`: sent, but
 * some batches were refused by LINE or could not be confirmed within the retry-key window.
 */
export const deliveryStatus = pgEnum('delivery_status', [
  'draft',
  'scheduled',
  'sending',
  'sent',
  'partially_failed',
  'failed',
  'cancelled',
])

/** SEG-9: a recurring delivery. Each occurrence becomes a `deliveries` row when it is due. */
export const deliverySeries = pgTable(
  'delivery_series',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    content: jsonb().notNull(),
    target: deliveryTarget().notNull(),
    segmentId: uuid().references(() => segments.id, { onDelete: 'set null' }),
    /** RFC 5545 (DTSTART;TZID=Asia/Tokyo + RRULE), as core's recurrence module writes it. */
    rrule: text().notNull(),
    /** Dates (Asia/Tokyo) with no delivery. */
    excludedDates: date({ mode: 'string' }).array().notNull().default(sql`'{}'::date[]`),
    skipHolidays: boolean().notNull().default(false),
    /** One aggregation unit for the whole series (LINE allows 1,000 unit names a month). */
    aggregationUnit: text().notNull(),
    isActive: boolean().notNull().default(true),
    /** The next occurrence not yet turned into a delivery; null when the rule has no more. */
    nextRunAt: timestamp({ withTimezone: true }),
    createdByStaffUserId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    updatedByStaffUserId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    index('delivery_series_next_run_at_idx').on(t.nextRunAt).where(sql`${t.isActive}`), // the scheduler's sweep
    index('delivery_series_channel_id_idx').on(t.channelId),
  ],
)

/**
 * One message delivery (SEG-8, SEG-13). `content` is core's DeliveryContent (≤ 5 messages with
 * per-language variants). When sending starts the recipients are frozen into `delivery_batches`;
 * `freezeCursor` is how far (by LINE user ID) the freeze has got, so a crash resumes it.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    seriesId: uuid().references(() => deliverySeries.id, { onDelete: 'set null' }),
    title: text().notNull(),
    status: deliveryStatus().notNull().default('draft'),
    target: deliveryTarget().notNull().default('all'),
    segmentId: uuid().references(() => segments.id, { onDelete: 'set null' }),
    /** Segment name, filter and its description as they were when sending started (SEG-5). */
    segmentSnapshot: jsonb(),
    content: jsonb().notNull(),
    /** Bumped on every edit; an edit based on an older revision is refused. */
    revision: integer().notNull().default(1),
    scheduledAt: timestamp({ withTimezone: true }),
    /** `multicast` (batches of ≤ 500) or `broadcast` (one request); set when sending starts. */
    via: text(),
    /** Null for test sends: they never count in statistics (SEG-7). */
    aggregationUnit: text(),
    /** The count the staff member confirmed before scheduling (SEG-8). */
    confirmedRecipientCount: integer(),
    recipientCount: integer(),
    freezeCursor: text(),
    frozenAt: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelledByStaffUserId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    failureReason: text(),
    /** Latest LINE statistics: { delivered, uniqueImpression, uniqueClick, fetchedAt }. */
    stats: jsonb(),
    statsFetchedAt: timestamp({ withTimezone: true }),
    createdByStaffUserId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    updatedByStaffUserId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    index('deliveries_channel_id_created_at_idx').on(t.channelId, t.createdAt), // history list
    index('deliveries_due_idx').on(t.scheduledAt).where(sql`${t.status} = 'scheduled'`), // scheduler sweep
    index('deliveries_sending_idx').on(t.startedAt).where(sql`${t.status} = 'sending'`), // the pump
    uniqueIndex('deliveries_series_id_scheduled_at_idx')
      .on(t.seriesId, t.scheduledAt)
      .where(sql`${t.seriesId} is not null`), // one delivery per occurrence
  ],
)

export const deliveryBatchStatus = pgEnum('delivery_batch_status', ['pending', 'sending', 'sent', 'failed'])

/**
 * The frozen recipients of a delivery, ≤ 500 per batch, one language per batch. The retry key
 * is derived from (delivery, batch), so a resend after a crash is recognised by LINE (409).
 * A batch is claimed with a lease; an expired lease may be claimed again (same key: no double
 * send). Not confirmed within 24 h of its first attempt: `failed`, never resent blindly.
 */
export const deliveryBatches = pgTable(
  'delivery_batches',
  {
    deliveryId: uuid()
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    batchNo: integer().notNull(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    language: text().notNull(),
    lineUserIds: text().array().notNull(),
    citizenIds: uuid().array().notNull(),
    size: integer().notNull(),
    status: deliveryBatchStatus().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    leaseUntil: timestamp({ withTimezone: true }),
    firstAttemptAt: timestamp({ withTimezone: true }),
    sentAt: timestamp({ withTimezone: true }),
    lineRequestId: text(),
    httpStatus: integer(),
    error: text(),
  },
  (t) => [
    primaryKey({ columns: [t.deliveryId, t.batchNo] }),
    index('delivery_batches_open_idx')
      .on(t.deliveryId, t.batchNo)
      .where(sql`${t.status} in ('pending', 'sending')`), // the pump's claims
  ],
)

/** SEG-12: an image uploaded for a delivery, resized for LINE, served publicly by apps/liff. */
export const deliveryImages = pgTable('delivery_images', {
  id: id(),
  tenantId: uuid()
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  channelId: uuid()
    .notNull()
    .references(() => channels.id, { onDelete: 'cascade' }),
  /** BlobStore keys of the original (≤ 10 MB, ≤ 2048 px) and the preview (≤ 1 MB, ≤ 480 px). */
  originalKey: text().notNull(),
  previewKey: text().notNull(),
  contentType: text().notNull(),
  width: integer().notNull(),
  height: integer().notNull(),
  bytes: integer().notNull(),
  uploadedByStaffUserId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** SEG-10: statistics over time, one row per fetch. */
export const deliveryStatSamples = pgTable(
  'delivery_stat_samples',
  {
    deliveryId: uuid()
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    fetchedAt: timestamp({ withTimezone: true }).notNull(),
    delivered: integer(),
    uniqueImpression: integer(),
    uniqueClick: integer(),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.fetchedAt] })],
)
