import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import * as schema from './schema/index.ts'

export type Schema = typeof schema
export type Db = PostgresJsDatabase<Schema>
/** A transaction handle; core verbs accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type DbOrTx = Db | Tx

export type Database = {
  db: Db
  /** The raw postgres.js client, for health checks and shutdown. */
  sql: postgres.Sql
  close: () => Promise<void>
}

/** One client per process (CONVENTIONS C5). */
export function createDatabase(url: string, options: { max?: number } = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: 'kairan', TimeZone: 'UTC' },
  })
  const db = drizzle(sql, { schema, casing: 'snake_case' })
  return { db, sql, close: () => sql.end({ timeout: 5 }) }
}

/** `GET /readyz`: true when PostgreSQL answers. */
export async function isDatabaseReachable(sql: postgres.Sql): Promise<boolean> {
  try {
    await sql`select 1`
    return true
  } catch {
    return false
  }
}

export { migrateDatabase, migrationsFolder } from './migrate.ts'
export { schema }
