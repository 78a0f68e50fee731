import type { Db } from '@kairan/db'
import { tenants } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'
import { createTenant } from './create-tenant.ts'

export const DEMO_TENANT_SLUG = 'demo'

/**
 * The demo city: one production and one staging LINE account (PLAT-5). Running it again changes
 * nothing, so `npm start` calls it every time.
 */
export async function seedDemoCity(db: Db) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(tenants).where(eq(tenants.slug, DEMO_TENANT_SLUG))
    if (existing) return { tenant: existing, created: false }
    return { tenant: await createTenant(tx, { slug: DEMO_TENANT_SLUG, name: 'デモ市' }), created: true }
  })
}
