import type { DbOrTx } from '@kairan/db'
import { channels } from '@kairan/db/schema'
import { asc, eq } from 'drizzle-orm'

export async function listTenantChannels(db: DbOrTx, tenantId: string) {
  return db
    .select({ id: channels.id, name: channels.name, kind: channels.kind })
    .from(channels)
    .where(eq(channels.tenantId, tenantId))
    .orderBy(asc(channels.kind), asc(channels.name))
}
export type ChannelSummary = Awaited<ReturnType<typeof listTenantChannels>>[number]

/** The channel a new session starts on: production first. */
export async function defaultChannelId(db: DbOrTx, tenantId: string): Promise<string | null> {
  const [first] = await listTenantChannels(db, tenantId)
  return first?.id ?? null
}
