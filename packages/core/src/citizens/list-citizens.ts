import { channelTestDevices, citizens } from '@kairan/db/schema'
import { and, count, desc, eq, gte, ilike, isNull, or, type SQL, sql } from 'drizzle-orm'
import { requireTenantChannel } from '../channels/channel-scope.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { ListCitizensInput } from '../schemas.ts'

/** Midnight of a yyyy-mm-dd day in Asia/Tokyo (city staff think in local days). */
function tokyoDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+09:00`)
}

/**
 * The friends list of one channel: counts, search by display name, filters by status, language
 * and "added since"; newest friends first.
 */
export async function listCitizens({ ctx, input }: { ctx: Ctx; input: ListCitizensInput }) {
  requirePermission(ctx, 'friends.read')
  const { channelId, query, status, language, addedSince, page, pageSize } = ListCitizensInput.parse(input)
  await requireTenantChannel(ctx.db, ctx.actor.tenantId, channelId)

  const filters: (SQL | undefined)[] = [
    eq(citizens.tenantId, ctx.actor.tenantId),
    eq(citizens.channelId, channelId),
  ]
  if (status) filters.push(eq(citizens.status, status))
  if (language) {
    filters.push(
      or(
        eq(citizens.preferredLanguage, language),
        and(isNull(citizens.preferredLanguage), eq(citizens.lineLanguage, language)),
      ),
    )
  }
  if (addedSince) filters.push(gte(citizens.firstFollowedAt, tokyoDayStart(addedSince)))
  if (query) {
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    filters.push(ilike(citizens.displayName, pattern))
  }
  const where = and(...filters)

  const [rows, [matching], statusCounts] = await Promise.all([
    ctx.db
      .select({
        id: citizens.id,
        displayName: citizens.displayName,
        pictureUrl: citizens.pictureUrl,
        status: citizens.status,
        language: sql<string | null>`coalesce(${citizens.preferredLanguage}, ${citizens.lineLanguage})`,
        firstFollowedAt: citizens.firstFollowedAt,
        followedAt: citizens.followedAt,
        blockedAt: citizens.blockedAt,
        lastMessageAt: citizens.lastMessageAt,
        testDeviceLabel: channelTestDevices.label,
      })
      .from(citizens)
      .leftJoin(channelTestDevices, eq(channelTestDevices.citizenId, citizens.id))
      .where(where)
      .orderBy(sql`${citizens.followedAt} desc nulls last`, desc(citizens.createdAt))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    ctx.db.select({ total: count() }).from(citizens).where(where),
    ctx.db
      .select({ status: citizens.status, total: count() })
      .from(citizens)
      .where(and(eq(citizens.tenantId, ctx.actor.tenantId), eq(citizens.channelId, channelId)))
      .groupBy(citizens.status),
  ])
  const counts = { following: 0, blocked: 0, not_following: 0 }
  for (const c of statusCounts) counts[c.status] = c.total
  return { rows, total: matching?.total ?? 0, page, pageSize, counts }
}
export type CitizenListRow = Awaited<ReturnType<typeof listCitizens>>['rows'][number]

/** Languages present among a channel's residents, for the filter's options. */
export async function listCitizenLanguages({ ctx, input }: { ctx: Ctx; input: { channelId: string } }) {
  requirePermission(ctx, 'friends.read')
  await requireTenantChannel(ctx.db, ctx.actor.tenantId, input.channelId)
  const rows = await ctx.db
    .selectDistinct({
      language: sql<string | null>`coalesce(${citizens.preferredLanguage}, ${citizens.lineLanguage})`,
    })
    .from(citizens)
    .where(and(eq(citizens.tenantId, ctx.actor.tenantId), eq(citizens.channelId, input.channelId)))
  return rows
    .map((r) => r.language)
    .filter((l): l is string => l !== null)
    .sort()
}
