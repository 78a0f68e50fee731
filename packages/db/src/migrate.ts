import { fileURLToPath } from 'node:url'
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'

/** db/migrations at the repository root; MIGRATIONS_DIR overrides it (Docker images). */
export const migrationsFolder =
  process.env.MIGRATIONS_DIR ?? fileURLToPath(new URL('../../../db/migrations', import.meta.url))

/**
 * Applies the committed migrations. Several processes may start at once (compose, CI), so the
 * run holds a PostgreSQL advisory lock: the first applies, the others wait and find nothing to do.
 */
export async function migrateDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await sql`select pg_advisory_lock(727274)`
    await migrate(drizzle(sql), { migrationsFolder })
    await sql`select pg_advisory_unlock(727274)`
  } finally {
    await sql.end({ timeout: 5 })
  }
}
