import { channelTestDevices, citizens, conversationMessages } from '@kairan/db/schema'
import { and, desc, eq } from 'drizzle-orm'
import { type Ctx, requirePermission } from '../ctx.ts'
import { NotFound } from '../errors.ts'
import { CitizenIdInput } from '../schemas.ts'
import type { SecretBox } from '../shared/secret-box.ts'

const HISTORY_LIMIT = 200

/** One resident of the actor's tenant with their latest conversation (both directions, oldest first). */
export async function getCitizen({
  ctx,
  secrets,
  input,
}: {
  ctx: Ctx
  secrets: SecretBox
  input: { citizenId: string }
}) {
  requirePermission(ctx, 'friends.read')
  const { citizenId } = CitizenIdInput.parse(input)
  const [row] = await ctx.db
    .select({ citizen: citizens, testDevice: channelTestDevices })
    .from(citizens)
    .leftJoin(channelTestDevices, eq(channelTestDevices.citizenId, citizens.id))
    .where(and(eq(citizens.id, citizenId), eq(citizens.tenantId, ctx.actor.tenantId)))
  if (!row) throw new NotFound('errors.not_found')
  const latest = await ctx.db
    .select()
    .from(conversationMessages)
    .where(
      and(
        eq(conversationMessages.citizenId, citizenId),
        eq(conversationMessages.tenantId, ctx.actor.tenantId),
      ),
    )
    .orderBy(desc(conversationMessages.sentAt), desc(conversationMessages.createdAt))
    .limit(HISTORY_LIMIT + 1)
  const { citizen, testDevice } = row
  return {
    citizen: {
      id: citizen.id,
      channelId: citizen.channelId,
      lineUserId: citizen.lineUserId,
      displayName: citizen.displayName,
      pictureUrl: citizen.pictureUrl,
      status: citizen.status,
      lineLanguage: citizen.lineLanguage,
      preferredLanguage: citizen.preferredLanguage,
      firstFollowedAt: citizen.firstFollowedAt,
      followedAt: citizen.followedAt,
      blockedAt: citizen.blockedAt,
      lastMessageAt: citizen.lastMessageAt,
    },
    testDevice: testDevice ? { id: testDevice.id, label: testDevice.label } : null,
    hasOlderMessages: latest.length > HISTORY_LIMIT,
    messages: latest
      .slice(0, HISTORY_LIMIT)
      .reverse()
      .map((m) => ({
        id: m.id,
        direction: m.direction,
        kind: m.kind,
        content: JSON.parse(secrets.decrypt(m.contentEnc)) as Record<string, unknown>,
        lineMessageId: m.lineMessageId,
        via: m.via,
        sentAt: m.sentAt,
      })),
  }
}
export type CitizenDetail = Awaited<ReturnType<typeof getCitizen>>
