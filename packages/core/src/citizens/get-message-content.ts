import { citizens, conversationMessages } from '@kairan/db/schema'
import { LineApiError } from '@kairan/line'
import { and, eq } from 'drizzle-orm'
import { type Ctx, requirePermission } from '../ctx.ts'
import { Conflict, NotFound } from '../errors.ts'
import { defaultLineClientFactory, type LineClientFactory, loadChannelLine } from '../line/channel-line.ts'
import type { SecretBox } from '../shared/secret-box.ts'

/**
 * The image (or other file) a resident sent, fetched from LINE when staff open it. LINE keeps
 * message content for a limited time only; after that this answers "gone".
 */
export async function getMessageContent({
  ctx,
  secrets,
  input,
  lineClient = defaultLineClientFactory,
}: {
  ctx: Ctx
  secrets: SecretBox
  input: { messageId: string }
  lineClient?: LineClientFactory
}) {
  requirePermission(ctx, 'friends.read')
  const [row] = await ctx.db
    .select({ lineMessageId: conversationMessages.lineMessageId, channelId: citizens.channelId })
    .from(conversationMessages)
    .innerJoin(citizens, eq(citizens.id, conversationMessages.citizenId))
    .where(
      and(
        eq(conversationMessages.id, input.messageId),
        eq(conversationMessages.tenantId, ctx.actor.tenantId),
      ),
    )
  if (!row?.lineMessageId) throw new NotFound('errors.not_found')
  const channel = await loadChannelLine(ctx.db, secrets, row.channelId)
  const client = channel ? lineClient(channel) : null
  if (!client) throw new Conflict('errors.channel_not_configured')
  try {
    return await client.getMessageContent(row.lineMessageId)
  } catch (error) {
    if (error instanceof LineApiError && error.status === 404) throw new NotFound('errors.content_gone')
    throw error
  }
}
