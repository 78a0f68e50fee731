export {
  createLineClient,
  LINE_API_BASE_URL,
  LINE_DATA_API_BASE_URL,
  type LineClient,
  type LineClientOptions,
  type LineProfile,
  type SendResult,
} from './client.ts'
export { LineApiError, type LineErrorCode, type LineErrorDetail, MONTHLY_LIMIT_MESSAGE } from './errors.ts'
export {
  IdTokenError,
  type IdTokenPayload,
  type VerifyIdTokenOptions,
  verifyIdToken,
} from './id-token.ts'
export { LINE_RATE_LIMITS, type LineEndpoint } from './rate-limit.ts'
export { isRetryKey } from './retry.ts'
export {
  eventChatId,
  eventReplyToken,
  eventUserId,
  parseWebhookBody,
  signBody,
  verifySignature,
  type WebhookBody,
  WebhookBodyError,
  type WebhookEvent,
} from './webhook.ts'
