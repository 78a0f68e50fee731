import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps } from '../_columns.ts'
import { tenants } from '../tenancy/tables.ts'

/** SEC-9: CIDR ranges from which a tenant's admin may be used. No rows = no restriction. */
export const ipAllowlistEntries = pgTable(
  'ip_allowlist_entries',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Normalised CIDR, e.g. 203.0.113.0/24 or 2001:db8::/32. */
    cidr: text().notNull(),
    label: text().notNull().default(''),
    ...timestamps,
  },
  (t) => [index('ip_allowlist_entries_tenant_id_idx').on(t.tenantId)], // checked on every admin request
)
