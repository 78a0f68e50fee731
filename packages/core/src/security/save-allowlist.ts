import { ipAllowlistEntries } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { Conflict, Invalid } from '../errors.ts'
import { SaveAllowlistInput } from '../schemas.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { isIpAllowed, parseCidr } from './cidr.ts'
import { loadAllowlist } from './load-allowlist.ts'

export async function getAllowlist({ ctx }: { ctx: Ctx }) {
  requirePermission(ctx, 'security.manage')
  const entries = await loadAllowlist(ctx.db, ctx.actor.tenantId)
  return {
    entries,
    currentIp: ctx.request.ip,
    isCurrentIpAllowed: isIpAllowed(
      ctx.request.ip,
      entries.map((e) => e.cidr),
    ),
  }
}

/**
 * Replaces the tenant's IP allow-list (SEC-9). It applies to the next request in every process
 * (the list is read per request). A list that would shut out the saving admin's own address is
 * refused unless they confirmed it. Duplicates are merged.
 */
export async function saveAllowlist({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx, 'security.manage')
  const { entries, confirmSelfLockout } = SaveAllowlistInput.parse(input)
  const normalised = new Map<string, string>()
  entries.forEach((entry, i) => {
    const parsed = parseCidr(entry.cidr)
    if (!parsed) throw new Invalid('errors.invalid_cidr', { [`entries.${i}.cidr`]: 'errors.invalid_cidr' })
    if (!normalised.has(parsed.cidr)) normalised.set(parsed.cidr, entry.label)
  })
  const cidrs = [...normalised.keys()]
  if (!confirmSelfLockout && !isIpAllowed(ctx.request.ip, cidrs)) {
    throw new Conflict('errors.self_lockout', { ip: ctx.request.ip ?? '?' })
  }
  return withTransaction(ctx, async (tx) => {
    const before = await loadAllowlist(tx, ctx.actor.tenantId)
    await tx.delete(ipAllowlistEntries).where(eq(ipAllowlistEntries.tenantId, ctx.actor.tenantId))
    if (cidrs.length > 0) {
      await tx
        .insert(ipAllowlistEntries)
        .values(
          cidrs.map((cidr) => ({ tenantId: ctx.actor.tenantId, cidr, label: normalised.get(cidr) ?? '' })),
        )
    }
    await writeAccessLog(tx, ctx, {
      tenantId: ctx.actor.tenantId,
      action: 'security.allowlist_update',
      targetType: 'ip_allowlist',
      detail: {
        before: before.map((e) => e.cidr),
        after: cidrs,
        confirmedSelfLockout: confirmSelfLockout && !isIpAllowed(ctx.request.ip, cidrs),
      },
    })
    return { count: cidrs.length }
  })
}
