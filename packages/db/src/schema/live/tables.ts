import { bigserial, customType, pgTable, timestamp } from 'drizzle-orm/pg-core'

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' })

/**
 * Used by Socket.IO's Postgres adapter for payloads too big for NOTIFY (8 kB). The adapter
 * writes and reads it itself; the table must exist with exactly these columns.
 */
export const socketIoAttachments = pgTable('socket_io_attachments', {
  id: bigserial({ mode: 'number' }).unique(),
  createdAt: timestamp({ withTimezone: true }).defaultNow(),
  payload: bytea(),
})
