import { createTestDatabase, type TestDatabase } from '@kairan/db/testing'
import { afterAll, beforeAll } from 'vitest'

/** A fresh migrated database for this test file, dropped afterwards. */
export function useTestDb(): { readonly current: TestDatabase } {
  const holder: { current?: TestDatabase } = {}
  beforeAll(async () => {
    holder.current = await createTestDatabase()
  })
  afterAll(async () => {
    await holder.current?.drop()
  })
  return {
    get current() {
      if (!holder.current) throw new Error('test database not ready')
      return holder.current
    },
  }
}
