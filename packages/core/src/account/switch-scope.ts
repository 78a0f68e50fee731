import { staffSessions } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { activeMemberships } from '../auth/memberships.ts'
import { type Ctx, requireStaff } from '../ctx.ts'
import { Forbidden, NotFound } from '../errors.ts'
import { SwitchChannelInput, SwitchTenantInput } from '../schemas.ts'
import { isIpAllowed } from '../security/cidr.ts'
import { loadAllowlists } from '../security/load-allowlist.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { defaultChannelId, listTenantChannels } from '../tenancy/channels.ts'

/** Moves the session to another tenant the person works for, if this address may open it. */
export async function switchTenant({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requireStaff(ctx)
  const { tenantId } = SwitchTenantInput.parse(input)
  const membership = (await activeMemberships(ctx.db, ctx.actor.userId)).find((m) => m.tenantId === tenantId)
  if (!membership) throw new NotFound('errors.not_found')
  const allowlist = (await loadAllowlists(ctx.db, [tenantId])).get(tenantId) ?? []
  if (!isIpAllowed(ctx.request.ip, allowlist)) {
    await writeAccessLog(ctx.db, ctx, {
      tenantId,
      action: 'security.ip_denied',
      detail: { stage: 'switch_tenant' },
    })
    throw new Forbidden('errors.ip_not_allowed', { ip: ctx.request.ip })
  }
  await withTransaction(ctx, async (tx) => {
    await tx
      .update(staffSessions)
      .set({ tenantId, channelId: await defaultChannelId(tx, tenantId) })
      .where(eq(staffSessions.id, ctx.actor.sessionId))
    await writeAccessLog(tx, ctx, {
      tenantId,
      action: 'auth.switch_tenant',
      detail: { from: ctx.actor.tenantId },
    })
  })
}

/** Chooses which LINE account (production or staging) the admin works on. */
export async function switchChannel({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requireStaff(ctx)
  const { channelId } = SwitchChannelInput.parse(input)
  const channels = await listTenantChannels(ctx.db, ctx.actor.tenantId)
  if (!channels.some((c) => c.id === channelId)) throw new NotFound('errors.not_found')
  await ctx.db.update(staffSessions).set({ channelId }).where(eq(staffSessions.id, ctx.actor.sessionId))
}
