import { channels } from '@kairan/db/schema'
import { LineApiError } from '@kairan/line'
import { asc, eq } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { Conflict, Invalid } from '../errors.ts'
import { defaultLineClientFactory, type LineClientFactory, loadChannelLine } from '../line/channel-line.ts'
import { ChannelIdInput, UpdateChannelCredentialsInput } from '../schemas.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { requireTenantChannel } from './channel-scope.ts'

/** The last few characters, so staff can tell which secret is saved without seeing it. */
function hint(sealed: string | null, secrets: SecretBox): string | null {
  if (!sealed) return null
  const plain = secrets.decrypt(sealed)
  return `…${plain.slice(-4)}`
}

function toSettings(row: typeof channels.$inferSelect, secrets: SecretBox) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    lineChannelId: row.lineChannelId,
    botUserId: row.botUserId,
    liffId: row.liffId,
    loginChannelId: row.loginChannelId,
    apiBaseUrl: row.apiBaseUrl,
    channelSecretHint: hint(row.channelSecretEnc, secrets),
    accessTokenHint: hint(row.accessTokenEnc, secrets),
    credentialsUpdatedAt: row.credentialsUpdatedAt,
    /** Append to the LIFF app's public address to get the URL to register in LINE Developers. */
    webhookPath: `/webhook/${row.id}`,
    isConfigured: Boolean(row.channelSecretEnc && row.accessTokenEnc),
  }
}
export type ChannelSettings = ReturnType<typeof toSettings>

/** Every channel of the tenant with its (masked) LINE credentials. */
export async function listChannelSettings({ ctx, secrets }: { ctx: Ctx; secrets: SecretBox }) {
  requirePermission(ctx, 'channels.manage')
  const rows = await ctx.db
    .select()
    .from(channels)
    .where(eq(channels.tenantId, ctx.actor.tenantId))
    .orderBy(asc(channels.kind), asc(channels.name))
  return rows.map((r) => toSettings(r, secrets))
}

export async function getChannelSettings({
  ctx,
  secrets,
  input,
}: {
  ctx: Ctx
  secrets: SecretBox
  input: { channelId: string }
}) {
  requirePermission(ctx, 'channels.manage')
  const { channelId } = ChannelIdInput.parse(input)
  return toSettings(await requireTenantChannel(ctx.db, ctx.actor.tenantId, channelId), secrets)
}

/**
 * Saves a channel's credentials, sealed. The secret and the token are write-only: an empty value
 * keeps what is saved, and neither is ever returned or logged.
 */
export async function updateChannelCredentials({
  ctx,
  secrets,
  input,
}: {
  ctx: Ctx
  secrets: SecretBox
  input: UpdateChannelCredentialsInput
}) {
  requirePermission(ctx, 'channels.manage')
  const parsed = UpdateChannelCredentialsInput.parse(input)
  return withTransaction(ctx, async (tx) => {
    const before = await requireTenantChannel(tx, ctx.actor.tenantId, parsed.channelId)
    const changes = {
      lineChannelId: parsed.lineChannelId || null,
      liffId: parsed.liffId || null,
      loginChannelId: parsed.loginChannelId || (parsed.liffId ? parsed.liffId.split('-')[0]! : null),
      apiBaseUrl: parsed.apiBaseUrl ? parsed.apiBaseUrl.replace(/\/$/, '') : null,
      ...(parsed.channelSecret ? { channelSecretEnc: secrets.encrypt(parsed.channelSecret) } : {}),
      ...(parsed.accessToken ? { accessTokenEnc: secrets.encrypt(parsed.accessToken), botUserId: null } : {}),
      credentialsUpdatedAt: new Date(),
    }
    const [after] = await tx.update(channels).set(changes).where(eq(channels.id, before.id)).returning()
    const visible = (r: typeof before) => ({
      lineChannelId: r.lineChannelId,
      liffId: r.liffId,
      loginChannelId: r.loginChannelId,
      apiBaseUrl: r.apiBaseUrl,
    })
    await writeAccessLog(tx, ctx, {
      tenantId: ctx.actor.tenantId,
      action: 'channel.credentials.update',
      targetType: 'channel',
      targetId: before.id,
      detail: {
        before: visible(before),
        after: visible(after!),
        channelSecretChanged: Boolean(parsed.channelSecret),
        accessTokenChanged: Boolean(parsed.accessToken),
      },
    })
    return toSettings(after!, secrets)
  })
}

/**
 * "接続を確認": calls LINE's bot-info API with the saved token. On success the bot's user ID (the
 * `destination` of webhooks) is saved; on failure staff get LINE's reason.
 */
export async function checkChannelConnection({
  ctx,
  secrets,
  input,
  lineClient = defaultLineClientFactory,
}: {
  ctx: Ctx
  secrets: SecretBox
  input: { channelId: string }
  lineClient?: LineClientFactory
}) {
  requirePermission(ctx, 'channels.manage')
  const { channelId } = ChannelIdInput.parse(input)
  await requireTenantChannel(ctx.db, ctx.actor.tenantId, channelId)
  const channel = await loadChannelLine(ctx.db, secrets, channelId)
  const client = channel ? lineClient(channel) : null
  if (!client) throw new Conflict('errors.channel_not_configured')
  let info: Awaited<ReturnType<typeof client.getBotInfo>>
  try {
    info = await client.getBotInfo()
  } catch (error) {
    if (error instanceof LineApiError) {
      throw new Invalid(error.status === 401 ? 'errors.line_token_rejected' : 'errors.line_unreachable', {})
    }
    throw error
  }
  await ctx.db.update(channels).set({ botUserId: info.userId }).where(eq(channels.id, channelId))
  return { botUserId: info.userId, displayName: info.displayName, basicId: info.basicId }
}
