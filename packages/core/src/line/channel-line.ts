import type { DbOrTx } from '@kairan/db'
import { channels } from '@kairan/db/schema'
import { createLineClient, type LineClient } from '@kairan/line'
import { eq } from 'drizzle-orm'
import type { SecretBox } from '../shared/secret-box.ts'

/** What talking to LINE as one channel needs, decrypted. Never leaves the server. */
export type ChannelLine = {
  channelId: string
  tenantId: string
  lineChannelId: string | null
  botUserId: string | null
  channelSecret: string | null
  accessToken: string | null
  liffId: string | null
  loginChannelId: string | null
  /** null: LINE itself. */
  apiBaseUrl: string | null
  credentialsUpdatedAt: Date | null
}

export async function loadChannelLine(
  db: DbOrTx,
  secrets: SecretBox,
  channelId: string,
): Promise<ChannelLine | null> {
  const [row] = await db.select().from(channels).where(eq(channels.id, channelId))
  if (!row) return null
  return {
    channelId: row.id,
    tenantId: row.tenantId,
    lineChannelId: row.lineChannelId,
    botUserId: row.botUserId,
    channelSecret: row.channelSecretEnc ? secrets.decrypt(row.channelSecretEnc) : null,
    accessToken: row.accessTokenEnc ? secrets.decrypt(row.accessTokenEnc) : null,
    liffId: row.liffId,
    loginChannelId: row.loginChannelId,
    apiBaseUrl: row.apiBaseUrl,
    credentialsUpdatedAt: row.credentialsUpdatedAt,
  }
}

/** Builds the LINE client of a channel; injectable so benchmarks and tests can count calls. */
export type LineClientFactory = (channel: ChannelLine) => LineClient | null

const clients = new Map<string, LineClient>()

/** One client per token and base URL per process (its rate-limit buckets live in packages/line). */
export const defaultLineClientFactory: LineClientFactory = (channel) => {
  if (!channel.accessToken) return null
  const key = `${channel.apiBaseUrl ?? ''}\u0000${channel.accessToken}`
  let client = clients.get(key)
  if (!client) {
    client = createLineClient({
      channelAccessToken: channel.accessToken,
      ...(channel.apiBaseUrl ? { apiBaseUrl: channel.apiBaseUrl } : {}),
    })
    clients.set(key, client)
  }
  return client
}
