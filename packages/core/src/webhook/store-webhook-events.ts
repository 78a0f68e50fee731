import type { DbOrTx } from '@kairan/db'
import { webhookEvents } from '@kairan/db/schema'
import type { WebhookEvent } from '@kairan/line'
import type { SecretBox } from '../shared/secret-box.ts'

/**
 * DESIGN invariant 1, the durable half: every event of one webhook request in ONE statement (so
 * one transaction), sealed, unique per channel on `webhookEventId`. Returns the ids of the rows
 * stored now — a redelivered event is already there, so it is not returned and not handled again.
 */
export async function storeWebhookEvents(
  db: DbOrTx,
  secrets: SecretBox,
  target: { tenantId: string; channelId: string },
  events: readonly WebhookEvent[],
): Promise<number[]> {
  if (events.length === 0) return []
  const rows = events.map((event) => ({
    tenantId: target.tenantId,
    channelId: target.channelId,
    webhookEventId: event.webhookEventId,
    type: event.type,
    occurredAt: new Date(event.timestamp),
    isRedelivery: event.deliveryContext?.isRedelivery === true,
    payloadEnc: secrets.encrypt(JSON.stringify(event)),
  }))
  const stored = await db
    .insert(webhookEvents)
    .values(rows)
    .onConflictDoNothing({ target: [webhookEvents.channelId, webhookEvents.webhookEventId] })
    .returning({ id: webhookEvents.id })
  return stored.map((r) => r.id).sort((a, b) => a - b)
}
