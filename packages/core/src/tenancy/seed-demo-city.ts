import type { Db } from '@kairan/db'
import { channels, tenants } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'

export const DEMO_TENANT_SLUG = 'demo'

/**
 * The demo city: one production and one staging LINE account (PLAT-5). Running it again changes
 * nothing, so `npm start` calls it every time.
 */
export async function seedDemoCity(db: Db) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(tenants).where(eq(tenants.slug, DEMO_TENANT_SLUG))
    if (existing) return { tenant: existing, created: false }
    const [tenant] = await tx.insert(tenants).values({ slug: DEMO_TENANT_SLUG, name: 'デモ市' }).returning()
    await tx.insert(channels).values([
      { tenantId: tenant!.id, name: 'デモ市 公式アカウント', kind: 'production' },
      { tenantId: tenant!.id, name: 'デモ市 検証用アカウント', kind: 'staging' },
    ])
    return { tenant: tenant!, created: true }
  })
}
