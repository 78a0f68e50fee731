export { bulkUserId } from './bulk.ts'
export type { OpenApi } from './openapi/validate.ts'
export { getOpenApi } from './openapi/validate.ts'
export { DEFAULT_PORT, startLineEmulator } from './server.ts'
export type {
  ChatItem,
  ChatVia,
  EmulatorChannel,
  EmulatorLiffApp,
  EmulatorSettings,
  Friendship,
  FriendshipState,
  LineEmulator,
  RecordedRequest,
  Resident,
  StartLineEmulatorOptions,
  WebhookDelivery,
  WebhookResult,
} from './types.ts'
export { signWebhookBody } from './webhooks.ts'
