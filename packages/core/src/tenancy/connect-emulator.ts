import { randomBytes, randomInt } from 'node:crypto'
import type { Db } from '@kairan/db'
import { channels, tenants } from '@kairan/db/schema'
import { and, asc, eq, isNull, or } from 'drizzle-orm'
import { loadChannelLine } from '../line/channel-line.ts'
import type { SecretBox } from '../shared/secret-box.ts'

/** What the LINE emulator must know of a channel (the emulator's `EmulatorChannel`). */
export type EmulatorChannelConfig = {
  channelId: string
  channelSecret: string
  accessToken: string
  botUserId: string
  name: string
  webhookUrl: string
  liff: { liffId: string; loginChannelId: string; endpointUrl: string }
}

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('')

/**
 * Development and training (PLAT-5): gives a tenant's channels that have no LINE credentials yet
 * emulator credentials, and returns what to register in the emulator for every channel that
 * points at it. Channels pointed at real LINE are left alone. Running it again changes nothing.
 */
export async function connectChannelsToEmulator(
  db: Db,
  secrets: SecretBox,
  options: { tenantSlug: string; emulatorUrl: string; liffPublicUrl: string },
): Promise<EmulatorChannelConfig[]> {
  const emulatorUrl = options.emulatorUrl.replace(/\/$/, '')
  const liffUrl = options.liffPublicUrl.replace(/\/$/, '')
  const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, options.tenantSlug))
  if (!tenant) return []
  const rows = await db
    .select()
    .from(channels)
    .where(
      and(
        eq(channels.tenantId, tenant.id),
        or(isNull(channels.channelSecretEnc), eq(channels.apiBaseUrl, emulatorUrl)),
      ),
    )
    .orderBy(asc(channels.kind))
  const configs: EmulatorChannelConfig[] = []
  for (const row of rows) {
    if (!row.channelSecretEnc || !row.accessTokenEnc || !row.liffId) {
      const loginChannelId = `2${digits(9)}`
      await db
        .update(channels)
        .set({
          lineChannelId: `2${digits(9)}`,
          botUserId: `U${randomBytes(16).toString('hex')}`,
          channelSecretEnc: secrets.encrypt(randomBytes(16).toString('hex')),
          accessTokenEnc: secrets.encrypt(randomBytes(30).toString('base64url')),
          loginChannelId,
          liffId: `${loginChannelId}-${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}`,
          apiBaseUrl: emulatorUrl,
          credentialsUpdatedAt: new Date(),
        })
        .where(eq(channels.id, row.id))
    }
    const line = await loadChannelLine(db, secrets, row.id)
    if (!line?.channelSecret || !line.accessToken || !line.liffId || !line.loginChannelId) continue
    configs.push({
      channelId: line.lineChannelId!,
      channelSecret: line.channelSecret,
      accessToken: line.accessToken,
      botUserId: line.botUserId!,
      name: row.kind === 'staging' ? `${tenant.name}（検証）` : tenant.name,
      webhookUrl: `${liffUrl}/webhook/${row.id}`,
      liff: {
        liffId: line.liffId,
        loginChannelId: line.loginChannelId,
        endpointUrl: `${liffUrl}/c/${row.id}`,
      },
    })
  }
  return configs
}
