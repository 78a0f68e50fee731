import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { staffUsers } from '../staff/tables.ts'
import { channels, tenants } from '../tenancy/tables.ts'

/** Staff sessions, the Lucia way: the id is the SHA-256 of a random token held only by the browser. */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: uuid().references(() => channels.id, { onDelete: 'set null' }),
    /** False until the second factor is given (when the account or tenant needs one). */
    isTwoFactorVerified: boolean().notNull().default(false),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    ip: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('staff_sessions_user_id_idx').on(t.userId)], // sign out everywhere / disable staff
)

/**
 * Sign-in failure counters (SEC-4), one row per account e-mail or client IP, shared by every
 * admin process through PostgreSQL.
 */
export const signInThrottles = pgTable('sign_in_throttles', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStartedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp({ withTimezone: true }),
})
