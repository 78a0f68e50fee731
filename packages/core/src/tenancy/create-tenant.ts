import type { DbOrTx } from '@kairan/db'
import { channels, tenants } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { Conflict } from '../errors.ts'

export const CreateTenantInput = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,40}$/, { error: 'errors.invalid_slug' }),
  name: z.string().trim().min(1, { error: 'errors.required' }).max(100, { error: 'errors.too_long' }),
})
export type CreateTenantInput = z.input<typeof CreateTenantInput>

/**
 * A new city with its two LINE accounts (PLAT-5): a production one for residents and a staging
 * one for training and tests. The operator's command; the channels' credentials are set later.
 */
export async function createTenant(db: DbOrTx, raw: CreateTenantInput) {
  const input = CreateTenantInput.parse(raw)
  const [existing] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, input.slug))
  if (existing) throw new Conflict('errors.tenant_exists', { slug: input.slug })
  const [tenant] = await db.insert(tenants).values(input).returning()
  await db.insert(channels).values([
    { tenantId: tenant!.id, name: `${input.name} 公式アカウント`, kind: 'production' },
    { tenantId: tenant!.id, name: `${input.name} 検証用アカウント`, kind: 'staging' },
  ])
  return tenant!
}
