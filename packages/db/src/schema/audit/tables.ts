import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { staffUsers } from '../staff/tables.ts'
import { tenants } from '../tenancy/tables.ts'

/**
 * SEC-5: who did what, when, from where. Rows are only inserted and pruned by retention.
 * `tenant_id` is null only for sign-in failures with an unknown e-mail.
 */
export const accessLogs = pgTable(
  'access_logs',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    tenantId: uuid().references(() => tenants.id, { onDelete: 'cascade' }),
    staffUserId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    /** Kept even if the account is deleted later, so the log still names the person. */
    staffEmail: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    detail: jsonb().$type<Record<string, unknown>>(),
    ip: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('access_logs_tenant_id_created_at_idx').on(t.tenantId, t.createdAt), // log viewer (newest first) and retention
    index('access_logs_tenant_id_action_idx').on(t.tenantId, t.action), // filter by action
  ],
)
