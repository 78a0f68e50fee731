// The emulator's in-memory world: channels, residents and their friendships, chats, tokens,
// rich menus, audiences, sends and their statistics, recorded requests. A restart forgets it all.

import { type BulkGroup, BulkResidents, bulkUserId, CompactUserIds } from './bulk.ts'
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

/** A tap on a URL of a bot message (`POST /_emulator/residents/:userId/click`). */
export type ClickRecord = { seq: number; url: string; userId: string }

/** Simulated engagement (`POST /_emulator/channels/:channelId/engagement`). */
export type Engagement = { openRate: number; clickRate: number; seed: number }

/** One accepted send (reply, push, multicast, narrowcast, broadcast), for statistics. */
export type SentRecord = {
  requestId: string
  via: ChatVia
  at: number
  /** Ordinary residents who got it. */
  recipients: string[]
  /** Bulk residents who got it (global indices, see bulk.ts). */
  bulk: Int32Array
  messageCount: number
  messages: Record<string, unknown>[]
  units: string[]
  impressed: Set<string>
  clicks: ClickRecord[]
  engagement: Engagement | null
}

export const recipientCount = (sent: SentRecord): number => sent.recipients.length + sent.bulk.length

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
  /** Every push, multicast, narrowcast and broadcast, oldest first (`/_emulator/channels/:id/received`). */
  sentLog: SentRecord[]
  sentById: Map<string, SentRecord>
}

/** `seq`: the message's position (1-based) in its request. */
type ChatEntry = { item: ChatItem; sent: SentRecord | null; seen: boolean; seq: number }

export type ReplyTokenRecord = {
  channelId: string
  userId: string
  eventAt: number
  expiresAt: number
  used: boolean
}

export type Fault = { method: string; path: string; status: number; count: number; body: unknown }

const CHAT_LIMIT = 2000
const EMPTY = new Int32Array(0)

export class EmulatorState {
  readonly channels = new Map<string, ChannelState>()
  readonly #byToken = new Map<string, ChannelState>()
  readonly residents = new Map<string, Resident>()
  readonly bulk = new BulkResidents()
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
      sentLog: [],
      sentById: new Map(),
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

  /** An ordinary resident, or a bulk resident's synthesized profile. */
  resident(userId: string): Resident | undefined {
    const resident = this.residents.get(userId)
    if (resident || this.bulk.total === 0) return resident
    const global = this.bulk.locate(userId)
    if (global < 0) return undefined
    const group = this.bulk.groupOf(global)
    const index = global - group.base
    return {
      userId,
      displayName: `住民 ${index + 1}`,
      language: group.language(index),
      pictureUrl: null,
      statusMessage: null,
    }
  }

  /** Whether the user ID is an ordinary resident's or inside a bulk group's range. */
  hasResident(userId: string): boolean {
    return this.residents.has(userId) || (this.bulk.total > 0 && this.bulk.locate(userId) >= 0)
  }

  /** Adds a bulk group; one `bulk` event (no per-resident events). */
  addBulk(input: {
    channelId: string
    count: number
    prefix: string
    languages: string[]
    follow: boolean
  }): BulkGroup {
    const group = this.bulk.add(input)
    this.hub.emit('bulk', {
      channelId: group.channelId,
      prefix: group.prefix,
      count: group.count,
      firstUserId: bulkUserId(group.prefix, 0),
      lastUserId: bulkUserId(group.prefix, group.count - 1),
    })
    return group
  }

  friendship(channel: ChannelState, userId: string): FriendshipState {
    const f = channel.friendships.get(userId)
    if (f) return f.state
    if (this.bulk.total === 0) return 'none'
    const global = this.bulk.locate(userId)
    return global < 0 ? 'none' : this.bulk.state(channel.config.channelId, global)
  }

  /** Ever followed (LINE knows the profile). */
  everFollowed(channel: ChannelState, userId: string): boolean {
    if (channel.everFollowed.has(userId)) return true
    if (this.bulk.total === 0 || this.residents.has(userId)) return false
    const global = this.bulk.locate(userId)
    return global >= 0 && this.bulk.state(channel.config.channelId, global) !== 'none'
  }

  friendshipsOf(userId: string): Friendship[] {
    return [...this.channels.values()].map((c) => ({
      channelId: c.config.channelId,
      state: this.friendship(c, userId),
    }))
  }

  setFriendship(channel: ChannelState, userId: string, state: 'following' | 'blocked'): void {
    if (!this.residents.has(userId) && this.bulk.total > 0) {
      const global = this.bulk.locate(userId)
      if (global >= 0 && this.bulk.setState(channel.config.channelId, global, state)) return
    }
    channel.friendships.set(userId, { state, since: Date.now() })
    if (state === 'following') channel.everFollowed.add(userId)
    this.emitResidents()
  }

  isFollowing(channel: ChannelState, userId: string): boolean {
    return this.friendship(channel, userId) === 'following'
  }

  /** Ordinary followers, then bulk ones (as user IDs: millions of strings for big bulk groups). */
  followers(channel: ChannelState): string[] {
    const ids: string[] = []
    for (const [userId, f] of channel.friendships) if (f.state === 'following') ids.push(userId)
    if (this.bulk.total > 0) {
      this.bulk.forEachFollower(channel.config.channelId, (g) => {
        ids.push(this.bulk.userIdOf(g))
      })
    }
    return ids
  }

  /** A page of follower IDs (ordinary ones first, then bulk ones), and how many there are. */
  followersPage(channel: ChannelState, start: number, limit: number): { userIds: string[]; total: number } {
    const { ordinary, bulk } = this.followerSets(channel)
    const userIds: string[] = []
    for (let i = start; i < start + limit && i < ordinary.length + bulk.length; i++) {
      userIds.push(
        i < ordinary.length ? (ordinary[i] as string) : this.bulk.userIdOf(bulk[i - ordinary.length] ?? 0),
      )
    }
    return { userIds, total: ordinary.length + bulk.length }
  }

  /** Ordinary followers' user IDs and the bulk ones' global indices. */
  followerSets(channel: ChannelState): { ordinary: string[]; bulk: Int32Array } {
    const ordinary: string[] = []
    for (const [userId, f] of channel.friendships) if (f.state === 'following') ordinary.push(userId)
    return { ordinary, bulk: this.bulk.followers(channel.config.channelId) }
  }

  /** Followers, ever followed and blocked, bulk residents included. */
  friendCounts(channel: ChannelState): { following: number; everFollowed: number; blocked: number } {
    let following = 0
    let blocked = 0
    for (const f of channel.friendships.values()) {
      if (f.state === 'following') following++
      else blocked++
    }
    const bulk = this.bulk.counts(channel.config.channelId)
    return {
      following: following + bulk.following,
      everFollowed: channel.everFollowed.size + bulk.following + bulk.blocked,
      blocked: blocked + bulk.blocked,
    }
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

  addChatItem(
    channelId: string,
    userId: string,
    item: ChatItem,
    sent: SentRecord | null = null,
    seq = 1,
  ): void {
    const chat = this.#chat(channelId, userId)
    chat.push({ item, sent, seen: false, seq })
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

  /** A bot message in a resident's chat, with the send it came from and its position. */
  chatEntry(channelId: string, userId: string, messageId: string): ChatEntry | undefined {
    return this.#chats.get(`${channelId} ${userId}`)?.find((e) => e.item.id === messageId)
  }

  /**
   * Adds the bot's messages to the chats of the recipients allowed to get them (followers; for a
   * reply also a resident who isn't a friend but wrote, as LINE does) and counts quota, deliveries
   * and statistics. Bulk residents get no chat items: the send records them as indices.
   * `bulkFollowers` adds bulk residents already known to follow (broadcast). Returns the IDs given
   * to the first recipient's messages and who got them.
   */
  deliver(
    channel: ChannelState,
    userIds: Iterable<string>,
    messages: Record<string, unknown>[],
    via: ChatVia,
    requestId: string,
    units: string[] = [],
    bulkFollowers: Int32Array | null = null,
  ): { sentMessages: { id: string; quoteToken: string }[]; sent: SentRecord } {
    const now = Date.now()
    const channelId = channel.config.channelId
    const bulkHits: number[] = []
    const sent: SentRecord = {
      requestId,
      via,
      at: now,
      recipients: [],
      bulk: EMPTY,
      messageCount: messages.length,
      messages,
      units,
      impressed: new Set(),
      clicks: [],
      engagement: null,
    }
    const sentMessages: { id: string; quoteToken: string }[] = []
    const at = new Date(now).toISOString()
    const anyBulk = this.bulk.total > 0
    for (const userId of userIds) {
      const global = anyBulk && !this.residents.has(userId) ? this.bulk.locate(userId) : -1
      if (global >= 0) {
        if (this.bulk.state(channelId, global) !== 'following') continue
        bulkHits.push(global)
        if (sentMessages.length === 0 && sent.recipients.length === 0 && bulkHits.length === 1) {
          for (const _ of messages) sentMessages.push({ id: newMessageId(), quoteToken: newToken(32) })
        }
        continue
      }
      const state = this.friendship(channel, userId)
      const allowed =
        state === 'following' || (via === 'reply' && state === 'none' && this.residents.has(userId))
      if (!allowed) continue
      sent.recipients.push(userId)
      const first = sent.recipients.length === 1 && bulkHits.length === 0
      messages.forEach((message, i) => {
        const id = newMessageId()
        if (first) sentMessages.push({ id, quoteToken: newToken(32) })
        this.addChatItem(channelId, userId, { id, at, from: 'bot', message, via }, sent, i + 1)
      })
    }
    if (bulkFollowers && bulkFollowers.length > 0) {
      if (bulkHits.length === 0) sent.bulk = bulkFollowers
      else {
        const all = new Int32Array(bulkHits.length + bulkFollowers.length)
        all.set(bulkHits)
        all.set(bulkFollowers, bulkHits.length)
        sent.bulk = all
      }
    } else if (bulkHits.length > 0) sent.bulk = Int32Array.from(bulkHits)
    const count = recipientCount(sent)
    if (via !== 'reply') {
      const month = jstMonth(now)
      channel.quotaUsage.set(month, (channel.quotaUsage.get(month) ?? 0) + count)
      channel.sentLog.push(sent)
      channel.sentById.set(requestId, sent)
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
    this.requests.push({ id: ++this.#requestCounter, ...entry, body: this.#compactBody(entry.body) })
  }

  /**
   * A multicast to bulk residents keeps its `to` as indices (serialised back to the same user IDs):
   * 10,000 recorded requests of 500 IDs would otherwise hold ~300 MB of strings.
   */
  #compactBody(body: unknown): unknown {
    if (this.bulk.total === 0 || typeof body !== 'object' || body === null) return body
    const to = (body as { to?: unknown }).to
    if (!Array.isArray(to) || to.length < 2) return body
    const globals = new Int32Array(to.length)
    for (let i = 0; i < to.length; i++) {
      const id = to[i]
      const global = typeof id === 'string' && !this.residents.has(id) ? this.bulk.locate(id) : -1
      if (global < 0) return body
      globals[i] = global
    }
    return { ...body, to: new CompactUserIds(this.bulk, globals) }
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
