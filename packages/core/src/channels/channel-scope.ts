import type { DbOrTx } from '@kairan/db'
import { channels } from '@kairan/db/schema'
import { and, eq } from 'drizzle-orm'
import { NotFound } from '../errors.ts'

/** The channel, if it belongs to the tenant; another tenant's channel does not exist for you. */
export async function requireTenantChannel(db: DbOrTx, tenantId: string, channelId: string) {
  const [channel] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.id, channelId), eq(channels.tenantId, tenantId)))
  if (!channel) throw new NotFound('errors.not_found')
  return channel
}
