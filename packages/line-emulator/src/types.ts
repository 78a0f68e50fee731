// Public types of the emulator (see README.md).

export type EmulatorLiffApp = {
  liffId: string
  /** The LINE Login channel the LIFF app belongs to: `aud` of its ID tokens, `client_id` when verifying. */
  loginChannelId: string
  endpointUrl: string
}

export type EmulatorChannel = {
  /** The Messaging API channel ID (digits). */
  channelId: string
  channelSecret: string
  accessToken: string
  /** `destination` of its webhooks, `userId` of `GET /v2/bot/info`. */
  botUserId: string
  name: string
  webhookUrl?: string | null
  liff?: EmulatorLiffApp | null
  /** `basicId` of `GET /v2/bot/info`; default `@` + the last 8 digits of the channel ID. */
  basicId?: string | null
  pictureUrl?: string | null
  /** Monthly message quota (`GET /v2/bot/message/quota` type `limited`); absent or null: no limit. */
  messageQuota?: number | null
}

export type StartLineEmulatorOptions = {
  /** 0 = a free port. Default 3300. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Default false. */
  enforceRateLimits?: boolean
  channels?: EmulatorChannel[]
  /** Receives one line of text per notable event (start, webhook failures). */
  log?: (line: string) => void
  /** The address browsers use, when it differs from the bound one. */
  publicUrl?: string
}

export type LineEmulator = {
  url: string
  port: number
  upsertChannel(channel: EmulatorChannel): void
  stop(): Promise<void>
}

export type Resident = {
  userId: string
  displayName: string
  language: string
  pictureUrl: string | null
  statusMessage: string | null
}

export type FriendshipState = 'following' | 'blocked' | 'none'

export type Friendship = { channelId: string; state: FriendshipState }

export type ChatVia = 'reply' | 'push' | 'multicast' | 'narrowcast' | 'broadcast'

export type ChatItem = {
  id: string
  at: string
  from: 'resident' | 'bot'
  /** The LINE message object (for residents' messages: the webhook message content). */
  message: Record<string, unknown>
  via?: ChatVia
}

/** status null: not delivered (no URL, connection refused, timeout). */
export type WebhookResult = { webhookEventIds: string[]; status: number | null; ms: number; error?: string }

export type WebhookDelivery = {
  webhookEventIds: string[]
  channelId: string
  url: string | null
  status: number | null
  ms: number
  at: string
  error?: string
  /** The exact body that was POSTed. */
  body: string
}

export type RecordedRequest = {
  id: number
  at: string
  channelId: string | null
  method: string
  path: string
  query: Record<string, string>
  retryKey: string | null
  body: unknown
  status: number
  response: unknown
}

export type EmulatorSettings = { enforceRateLimits: boolean }
