import { createHash, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { createDatabase, type Database } from './index.ts'
import { migrateDatabase, migrationsFolder } from './migrate.ts'

/**
 * Test databases (CONVENTIONS C18): the migrations are applied once into a template database
 * named after their content hash; every test file then gets its own `CREATE DATABASE … TEMPLATE`,
 * so files run in parallel without touching each other. The server is TEST_DATABASE_URL or
 * DATABASE_URL (the root `npm test` sets one, starting the embedded PostgreSQL when neither is set).
 */
export type TestDatabase = Database & { url: string; drop: () => Promise<void> }

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL
  if (!url) {
    throw new Error(
      'Tests need PostgreSQL: run them with `npm test` (which starts one), or set DATABASE_URL.',
    )
  }
  return url
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

function migrationsHash(): string {
  const hash = createHash('sha256')
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else hash.update(entry.name).update(readFileSync(full))
    }
  }
  walk(migrationsFolder)
  return hash.digest('hex').slice(0, 12)
}

async function ensureTemplate(admin: postgres.Sql, base: string): Promise<string> {
  const template = `kairan_tmpl_${migrationsHash()}`
  // One creator at a time across every test worker and package on this server.
  await admin`select pg_advisory_lock(727275)`
  try {
    const [found] = await admin`select 1 from pg_database where datname = ${template}`
    if (!found) {
      const stale = await admin`select datname from pg_database where datname like 'kairan_tmpl_%'`
      for (const { datname } of stale) {
        await admin.unsafe(`drop database if exists "${datname}" with (force)`).catch(() => {})
      }
      const building = `${template}_building`
      await admin.unsafe(`drop database if exists "${building}" with (force)`)
      await admin.unsafe(`create database "${building}"`)
      await migrateDatabase(withDatabase(base, building))
      await admin.unsafe(`alter database "${building}" rename to "${template}"`)
    }
  } finally {
    await admin`select pg_advisory_unlock(727275)`
  }
  return template
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const base = serverUrl()
  const admin = postgres(withDatabase(base, 'postgres'), { max: 1, onnotice: () => {} })
  try {
    const template = await ensureTemplate(admin, base)
    const name = `kairan_t_${randomBytes(6).toString('hex')}`
    await admin.unsafe(`create database "${name}" template "${template}"`)
    const url = withDatabase(base, name)
    const database = createDatabase(url, { max: 5 })
    return {
      ...database,
      url,
      drop: async () => {
        await database.close()
        const a = postgres(withDatabase(base, 'postgres'), { max: 1, onnotice: () => {} })
        await a.unsafe(`drop database if exists "${name}" with (force)`).finally(() => a.end({ timeout: 5 }))
      },
    }
  } finally {
    await admin.end({ timeout: 5 })
  }
}
