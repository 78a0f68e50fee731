// The emulator's in-memory world: channels, residents and their friendships, chats, tokens,
// rich menus, audiences, sends and their statistics, recorded requests. A restart forgets it all.

import { newMessageId, newToken, newUserId } from './ids.ts'
import type { EventHub } from './sse.ts'
import type {
  ChatItem,
  ChatVia,
  EmulatorChannel,
  EmulatorSettings,
  Friendship,
  FriendshipState,
  RecordedRequest,
  Resident,
  WebhookDelivery,
} from './types.ts'

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** A fixed-size buffer that keeps the last `capacity` items. */
export class Ring<T> {
  #items: T[] = []
  #start = 0
  constructor(readonly capacity: number) {}

  push(item: T): void {
    if (this.#items.length < this.capacity) this.#items.push(item)
    else {
      this.#items[this.#start] = item
      this.#start = (this.#start + 1) % this.capacity
    }
  }

  /** Oldest first. */
  toArray(): T[] {
    return [...this.#items.slice(this.#start), ...this.#items.slice(0, this.#start)]
  }

  clear(): void {
    this.#items = []
    this.#start = 0
  }
}

/** `yyyyMMdd` in Japan time (UTC+9), as LINE's statistics use. */
export const jstDate = (ms: number): string =>
  new Date(ms + 9 * HOUR).toISOString().slice(0, 10).replaceAll('-', '')
export const jstMonth = (ms: number): string => jstDate(ms).slice(0, 6)

export type StoredImage = { contentType: string; data: Buffer }

export type RichMenuRecord = {
  richMenuId: string
  size: { width: number; height: number }
  selected: boolean
  name: string
  chatBarText: string
  areas: unknown[]
  image: StoredImage | null
}

export type AudienceJob = {
  audienceGroupJobId: number
  audienceGroupId: number
  description: string
  type: 'DIFF_ADD'
  jobStatus: 'FINISHED'
  audienceCount: number
  created: number
}

export type AudienceRecord = {
  audienceGroupId: number
  description: string
  created: number
  isIfaAudience: boolean
  userIds: Set<string>
  jobs: AudienceJob[]
}

/** One accepted send (reply, push, multicast, narrowcast, broadcast), for statistics. */
export type SentRecord = {
  requestId: string
  via: ChatVia
  at: number
  recipients: string[]
  messageCount: number
  units: string[]
  impressed: Set<string>
}

export type NarrowcastRecord = {
  requestId: string
  phase: 'waiting' | 'sending' | 'succeeded' | 'failed'
  acceptedTime: number
  completedTime: number | null
  targetCount: number
  successCount: number
  failureCount: number
  errorCode: number | null
  failedDescription: string | null
  recipients: string[]
}

export type BatchRecord = {
  phase: 'ongoing' | 'succeeded' | 'failed'
  acceptedTime: number
  completedTime: number | null
}

type FriendshipRecord = { state: Exclude<FriendshipState, 'none'>; since: number }

export type ChannelState = {
  config: EmulatorChannel
  friendships: Map<string, FriendshipRecord>
  /** User IDs in the order they first followed. */
  everFollowed: Set<string>
  richMenus: Map<string, RichMenuRecord>
  aliases: Map<string, string>
  defaultRichMenuId: string | null
  userRichMenus: Map<string, string>
  retryKeys: Map<string, { requestId: string; at: number; sentMessages?: unknown[] }>
  narrowcasts: Map<string, NarrowcastRecord>
  /** Narrowcasts and broadcasts by request ID (`GET /v2/bot/insight/message/event`). */
  sends: Map<string, SentRecord>
  /** Push and multicast sends with a `customAggregationUnits`. */
  unitSends: SentRecord[]
  /** Unit names used, by month (`yyyyMM`, JST). */
  aggregationUnits: Map<string, Set<string>>
  batches: Map<string, BatchRecord>
  audiences: Map<number, AudienceRecord>
  /** Recipients charged, by month (`yyyyMM`). */
  quotaUsage: Map<string, number>
  /** Messages delivered, by `<via> <yyyyMMdd>`. */
  deliveryCounts: Map<string, number>
}

type ChatEntry = { item: ChatItem; sent: SentRecord | null; seen: boolean }

export type ReplyTokenRecord = {
  channelId: string
  userId: string
  eventAt: number
  expiresAt: number
  used: boolean
}

export type Fault = { method: string; path: string; status: number; count: number; body: unknown }

const CHAT_LIMIT = 2000

export class EmulatorState {
  readonly channels = new Map<string, ChannelState>()
  readonly #byToken = new Map<string, ChannelState>()
  readonly residents = new Map<string, Resident>()
  readonly #chats = new Map<string, ChatEntry[]>()
  readonly replyTokens = new Map<string, ReplyTokenRecord>()
  readonly markAsReadTokens = new Map<string, { channelId: string; userId: string; messageId: string }>()
  readonly contents = new Map<string, StoredImage & { channelId: string }>()
  readonly requests = new Ring<RecordedRequest>(10_000)
  readonly webhookDeliveries = new Ring<WebhookDelivery>(10_000)
  readonly webhookEvents = new Map<
    string,
    { channelId: string; event: Record<string, unknown> & { webhookEventId: string } }
  >()
  faults: Fault[] = []
  readonly settings: EmulatorSettings
  #requestCounter = 0
  readonly #timers = new Set<NodeJS.Timeout>()

  constructor(
    readonly hub: EventHub,
    settings: EmulatorSettings,
  ) {
    this.settings = { ...settings }
  }

  // --- channels -------------------------------------------------------------------------------

  upsertChannel(config: EmulatorChannel): ChannelState {
    const existing = this.channels.get(config.channelId)
    if (existing) {
      this.#byToken.delete(existing.config.accessToken)
      existing.config = { ...config }
      this.#byToken.set(config.accessToken, existing)
      return existing
    }
    const state: ChannelState = {
      config: { ...config },
      friendships: new Map(),
      everFollowed: new Set(),
      richMenus: new Map(),
      aliases: new Map(),
      defaultRichMenuId: null,
      userRichMenus: new Map(),
      retryKeys: new Map(),
      narrowcasts: new Map(),
      sends: new Map(),
      unitSends: [],
      aggregationUnits: new Map(),
      batches: new Map(),
      audiences: new Map(),
      quotaUsage: new Map(),
      deliveryCounts: new Map(),
    }
    this.channels.set(config.channelId, state)
    this.#byToken.set(config.accessToken, state)
    return state
  }

  channelByToken(token: string): ChannelState | undefined {
    return this.#byToken.get(token)
  }

  // --- residents and friendships --------------------------------------------------------------

  addResident(input: Partial<Resident> & { displayName: string }): Resident {
    const resident: Resident = {
      userId: input.userId ?? newUserId(),
      displayName: input.displayName,
      language: input.language ?? 'ja',
      pictureUrl: input.pictureUrl ?? null,
      statusMessage: input.statusMessage ?? null,
    }
    this.residents.set(resident.userId, resident)
    this.emitResidents()
    return resident
  }

  emitResidents(): void {
    this.hub.emit('residents', { residents: [...this.residents.values()] })
  }

  friendship(channel: ChannelState, userId: string): FriendshipState {
    return channel.friendships.get(userId)?.state ?? 'none'
  }

  friendshipsOf(userId: string): Friendship[] {
    return [...this.channels.values()].map((c) => ({
      channelId: c.config.channelId,
      state: this.friendship(c, userId),
    }))
  }

  setFriendship(channel: ChannelState, userId: string, state: 'following' | 'blocked'): void {
    channel.friendships.set(userId, { state, since: Date.now() })
    if (state === 'following') channel.everFollowed.add(userId)
    this.emitResidents()
  }

  isFollowing(channel: ChannelState, userId: string): boolean {
    return channel.friendships.get(userId)?.state === 'following'
  }

  followers(channel: ChannelState): string[] {
    const ids: string[] = []
    for (const [userId, f] of channel.friendships) if (f.state === 'following') ids.push(userId)
    return ids
  }

  // --- chats ----------------------------------------------------------------------------------

  #chat(channelId: string, userId: string): ChatEntry[] {
    const key = `${channelId} ${userId}`
    let chat = this.#chats.get(key)
    if (!chat) {
      chat = []
      this.#chats.set(key, chat)
    }
    return chat
  }

  addChatItem(channelId: string, userId: string, item: ChatItem, sent: SentRecord | null = null): void {
    const chat = this.#chat(channelId, userId)
    chat.push({ item, sent, seen: false })
    if (chat.length > CHAT_LIMIT) chat.splice(0, chat.length - CHAT_LIMIT)
    this.hub.emit('chat', { userId, channelId, item })
  }

  /** The chat, oldest first. Reading it counts as the resident having seen the bot's messages. */
  readChat(channelId: string, userId: string): ChatItem[] {
    const chat = this.#chats.get(`${channelId} ${userId}`) ?? []
    for (const entry of chat) {
      if (entry.seen || entry.item.from !== 'bot') continue
      entry.seen = true
      entry.sent?.impressed.add(userId)
    }
    return chat.map((e) => e.item)
  }

  /**
   * Adds the bot's messages to the chats of the recipients allowed to get them (followers; for a
   * reply also a resident who isn't a friend but wrote, as LINE does) and counts quota, deliveries
   * and statistics. Returns the IDs given to the first recipient's messages and who got them.
   */
  deliver(
    channel: ChannelState,
    userIds: Iterable<string>,
    messages: Record<string, unknown>[],
    via: ChatVia,
    requestId: string,
    units: string[] = [],
  ): { sentMessages: { id: string; quoteToken: string }[]; sent: SentRecord } {
    const now = Date.now()
    const sent: SentRecord = {
      requestId,
      via,
      at: now,
      recipients: [],
      messageCount: messages.length,
      units,
      impressed: new Set(),
    }
    const sentMessages: { id: string; quoteToken: string }[] = []
    const at = new Date(now).toISOString()
    for (const userId of userIds) {
      const state = this.friendship(channel, userId)
      const allowed =
        state === 'following' || (via === 'reply' && state === 'none' && this.residents.has(userId))
      if (!allowed) continue
      sent.recipients.push(userId)
      for (const message of messages) {
        const id = newMessageId()
        if (sent.recipients.length === 1) sentMessages.push({ id, quoteToken: newToken(32) })
        this.addChatItem(channel.config.channelId, userId, { id, at, from: 'bot', message, via }, sent)
      }
    }
    const count = sent.recipients.length
    if (via !== 'reply') {
      const month = jstMonth(now)
      channel.quotaUsage.set(month, (channel.quotaUsage.get(month) ?? 0) + count)
    }
    const key = `${via} ${jstDate(now)}`
    channel.deliveryCounts.set(key, (channel.deliveryCounts.get(key) ?? 0) + count * messages.length)
    if (units.length > 0) {
      channel.unitSends.push(sent)
      const month = jstMonth(now)
      const names = channel.aggregationUnits.get(month) ?? new Set<string>()
      channel.aggregationUnits.set(month, names)
      for (const unit of units) if (names.size < 1000 || names.has(unit)) names.add(unit)
    }
    if (via === 'narrowcast' || via === 'broadcast') channel.sends.set(requestId, sent)
    return { sentMessages, sent }
  }

  quotaRemaining(channel: ChannelState): number {
    const limit = channel.config.messageQuota
    if (limit === null || limit === undefined) return Number.POSITIVE_INFINITY
    return Math.max(0, limit - (channel.quotaUsage.get(jstMonth(Date.now())) ?? 0))
  }

  // --- reply tokens -----------------------------------------------------------------------------

  issueReplyToken(channelId: string, userId: string, eventAt: number): string {
    const token = newToken(24)
    this.replyTokens.set(token, { channelId, userId, eventAt, expiresAt: eventAt + MINUTE, used: false })
    if (this.replyTokens.size > 50_000) {
      const cutoff = Date.now() - 20 * MINUTE
      for (const [t, r] of this.replyTokens) if (r.eventAt < cutoff) this.replyTokens.delete(t)
    }
    return token
  }

  /** Marks the token used; null when LINE would answer `Invalid reply token`. */
  useReplyToken(channelId: string, token: string): ReplyTokenRecord | null {
    const record = this.replyTokens.get(token)
    if (!record || record.used || record.channelId !== channelId || record.expiresAt < Date.now()) return null
    record.used = true
    return record
  }

  // --- recording ------------------------------------------------------------------------------

  record(entry: Omit<RecordedRequest, 'id'>): void {
    this.requests.push({ id: ++this.#requestCounter, ...entry })
  }

  /** Takes one use of a matching fault, if any. */
  takeFault(method: string, path: string): Fault | null {
    const fault = this.faults.find((f) => f.count > 0 && f.method === method && f.path === path)
    if (!fault) return null
    fault.count--
    if (fault.count === 0) this.faults = this.faults.filter((f) => f !== fault)
    return fault
  }

  // --- timers ---------------------------------------------------------------------------------

  later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      fn()
    }, ms)
    this.#timers.add(timer)
  }

  stopTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
  }
}
