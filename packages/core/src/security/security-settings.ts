import { tenants } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { NotFound } from '../errors.ts'
import { SecuritySettingsInput } from '../schemas.ts'
import { withTransaction } from '../shared/with-transaction.ts'

export async function getSecuritySettings({ ctx }: { ctx: Ctx }) {
  requirePermission(ctx, 'security.manage')
  const [t] = await ctx.db
    .select({
      requireTwoFactor: tenants.requireTwoFactor,
      accessLogRetentionDays: tenants.accessLogRetentionDays,
    })
    .from(tenants)
    .where(eq(tenants.id, ctx.actor.tenantId))
  if (!t) throw new NotFound('errors.not_found')
  return t
}

/** Tenant-wide sign-in and log settings (SEC-5 retention, SEC-11 enforced two-factor). */
export async function updateSecuritySettings({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx, 'security.manage')
  const data = SecuritySettingsInput.parse(input)
  return withTransaction(ctx, async (tx) => {
    const [before] = await tx
      .select({
        requireTwoFactor: tenants.requireTwoFactor,
        accessLogRetentionDays: tenants.accessLogRetentionDays,
      })
      .from(tenants)
      .where(eq(tenants.id, ctx.actor.tenantId))
    await tx.update(tenants).set(data).where(eq(tenants.id, ctx.actor.tenantId))
    await writeAccessLog(tx, ctx, {
      tenantId: ctx.actor.tenantId,
      action: 'security.settings_update',
      targetType: 'tenant',
      targetId: ctx.actor.tenantId,
      detail: { before, after: data },
    })
  })
}
