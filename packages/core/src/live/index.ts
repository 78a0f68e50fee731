export { isLiveSessionValid } from './check-live-session.ts'
export {
  type ChannelAck,
  channelRoom,
  JOIN_CHANNEL_EVENT,
  LEAVE_CHANNEL_EVENT,
  LIVE_EVENT_NAME,
  type LiveClientToServerEvents,
  type LiveEvent,
  type LiveEventType,
  type LiveServerToClientEvents,
  tenantRoom,
} from './events.ts'
export { createLivePublisher, type LiveLog, type LivePublisher, noLivePublisher } from './publisher.ts'
