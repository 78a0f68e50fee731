/**
 * Live updates to staff (issue 3): what travels from apps/liff and apps/worker, through
 * PostgreSQL NOTIFY, to the Socket.IO server in apps/admin and on to the browser. Browser-safe
 * (no imports): the admin's client code imports it as `@kairan/core/live-events`.
 */

/** Something staff may want to see at once. Ids only: the page reloads what it shows through its loader. */
export type LiveEvent =
  | {
      type: 'citizen.followed' | 'citizen.unfollowed' | 'citizen.updated'
      tenantId: string
      channelId: string
      citizenId: string
    }
  | {
      type: 'conversation.message'
      tenantId: string
      channelId: string
      citizenId: string
      messageId: string
      direction: 'in' | 'out'
    }
  | {
      /** A delivery's progress or status changed (at most every 500 ms per delivery while sending). */
      type: 'delivery.progress'
      tenantId: string
      channelId: string
      deliveryId: string
    }

export type LiveEventType = LiveEvent['type']

/** The Socket.IO event staff clients listen to; its one argument is a LiveEvent. */
export const LIVE_EVENT_NAME = 'live'
/** Client → server, `(channelId, ack)`: also receive that channel's events, if it is one of the tenant's. */
export const JOIN_CHANNEL_EVENT = 'join-channel'
/** Client → server, `(channelId, ack)`: stop receiving a channel room's events. */
export const LEAVE_CHANNEL_EVENT = 'leave-channel'

export type ChannelAck = { ok: true } | { ok: false; error: 'invalid' | 'not_found' }

/** Socket.IO's typed events, shared by the server (apps/admin/server/socket.ts) and the browser hook. */
export type LiveServerToClientEvents = {
  live: (event: LiveEvent) => void
}
export type LiveClientToServerEvents = {
  'join-channel': (channelId: string, ack: (result: ChannelAck) => void) => void
  'leave-channel': (channelId: string, ack: (result: ChannelAck) => void) => void
}

/** Every staff socket of a tenant is in this room (and in no other tenant's). */
export function tenantRoom(tenantId: string): string {
  return `tenant:${tenantId}`
}

/** Sockets that asked for one channel of their own tenant (see JOIN_CHANNEL_EVENT). */
export function channelRoom(channelId: string): string {
  return `channel:${channelId}`
}
