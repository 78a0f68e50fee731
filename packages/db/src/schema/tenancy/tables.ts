import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps } from '../_columns.ts'

/** A city (municipality). Every domain row carries its id. */
export const tenants = pgTable('tenants', {
  id: id(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  /** SEC-11: every staff member of this tenant must sign in with a second factor. */
  requireTwoFactor: boolean().notNull().default(false),
  /** SEC-5: access-log rows older than this are deleted by the daily retention job. */
  accessLogRetentionDays: integer().notNull().default(365),
  ...timestamps,
})

export const channelKind = pgEnum('channel_kind', ['production', 'staging'])

/** One LINE Official Account of a tenant (PLAT-5: production and staging side by side). */
export const channels = pgTable(
  'channels',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    kind: channelKind().notNull(),
    /** LINE's Messaging API channel ID (digits). */
    lineChannelId: text(),
    /** The bot's user ID: `destination` in this channel's webhooks. */
    botUserId: text(),
    /** Channel secret (signs webhooks), sealed with the application key. */
    channelSecretEnc: text(),
    /** Long-lived channel access token, sealed with the application key. */
    accessTokenEnc: text(),
    /** The LIFF app of this channel, and the LINE Login channel it belongs to (ID-token audience). */
    liffId: text(),
    loginChannelId: text(),
    /** null: LINE itself. Otherwise e.g. the LINE emulator's address (development, training). */
    apiBaseUrl: text(),
    credentialsUpdatedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('channels_tenant_id_idx').on(t.tenantId)], // channel switcher lists a tenant's channels
)
