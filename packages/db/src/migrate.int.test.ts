import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase } from './migrate.ts'
import { createTestDatabase, type TestDatabase } from './testing.ts'

let a: TestDatabase
let b: TestDatabase

beforeAll(async () => {
  ;[a, b] = await Promise.all([createTestDatabase(), createTestDatabase()])
})
afterAll(async () => {
  await Promise.all([a?.drop(), b?.drop()])
})

describe('migrations and test databases', () => {
  it('gives each test file its own migrated database', async () => {
    expect(a.url).not.toBe(b.url)
    const tables = await a.sql<{ table_name: string }[]>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'access_logs',
        'channels',
        'ip_allowlist_entries',
        'staff_memberships',
        'staff_sessions',
        'staff_users',
        'tenants',
      ]),
    )
    await a.sql`insert into tenants (slug, name) values ('only-in-a', 'A')`
    expect(await b.sql`select 1 from tenants where slug = 'only-in-a'`).toHaveLength(0)
  })

  it('applies migrations idempotently, even from several processes at once', async () => {
    await Promise.all([migrateDatabase(a.url), migrateDatabase(a.url), migrateDatabase(a.url)])
    const [row] = await a.sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`
    expect(row?.n).toBeGreaterThan(0)
    expect(await a.sql`select 1 from tenants where slug = 'only-in-a'`).toHaveLength(1)
  })
})
