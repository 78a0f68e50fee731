import { sql } from 'drizzle-orm'
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps } from '../_columns.ts'
import { tenants } from '../tenancy/tables.ts'

/**
 * A person who signs in to the admin. One account may work for several tenants
 * (e.g. a prefecture's support desk); what they may do lives in `staff_memberships`.
 */
export const staffUsers = pgTable(
  'staff_users',
  {
    id: id(),
    /** Lower-cased; the sign-in name. */
    email: text().notNull(),
    displayName: text().notNull(),
    passwordHash: text().notNull(),
    /** TOTP secret, encrypted with the application key (never stored in clear). */
    totpSecretEnc: text(),
    totpEnabledAt: timestamp({ withTimezone: true }),
    /** Last accepted TOTP time step, so a code is never accepted twice. */
    totpLastStep: text(),
    ...timestamps,
  },
  (t) => [uniqueIndex('staff_users_email_idx').on(sql`lower(${t.email})`)], // sign-in looks up by e-mail
)

export const staffRole = pgEnum('staff_role', ['tenant_admin', 'staff'])

export const staffMemberships = pgTable(
  'staff_memberships',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    role: staffRole().notNull().default('staff'),
    /** Per-feature permissions of general staff; tenant admins hold every permission. */
    permissions: text().array().notNull().default(sql`'{}'::text[]`),
    disabledAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('staff_memberships_tenant_id_user_id_idx').on(t.tenantId, t.userId), // one membership per person and city
    index('staff_memberships_user_id_idx').on(t.userId), // sign-in lists a person's cities
  ],
)
