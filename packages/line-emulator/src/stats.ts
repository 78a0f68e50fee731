// Who received what, and how residents engaged: the numbers behind insight's message event and
// per-unit statistics, `GET /_emulator/channels/:channelId/received` (exactly-once checks) and
// `POST /_emulator/channels/:channelId/engagement` (simulated opens and clicks).
//
// Opens come from residents reading their chat (the phone page) and from a simulated engagement:
// with `openRate` r, a recipient opens when a hash of (request, recipient) falls below r — the same
// residents every time, clicks (`clickRate` ≤ `openRate`) a subset of the openers, each clicking
// one of the message's URLs. Clicks come from taps on URLs (URI actions, text links) in bot messages.

import type { BulkResidents } from './bulk.ts'
import { recipientCount, type SentRecord } from './state.ts'

export const PRIVACY_THRESHOLD = 20
export const shown = (n: number): number | null => (n >= PRIVACY_THRESHOLD ? n : null)

/** FNV-1a, 32 bit. */
export function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** A well-mixed value in [0, 1) for a 32-bit input. */
function unit(x: number): number {
  let h = x | 0
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d)
  h ^= h >>> 15
  h = Math.imul(h, 0x846ca68b)
  h ^= h >>> 16
  return (h >>> 0) / 4294967296
}

const ordinaryKey = (userId: string) => hashString(userId)
/** Bulk residents' keys can't collide with each other; 0x5bd1e995 keeps them apart from seeds. */
const bulkKey = (global: number) => Math.imul(global + 1, 0x5bd1e995)

// The phone page's linkify (phone.js): URLs in text, trailing punctuation and an unbalanced ')' left out.
const URL_PATTERN = /https?:\/\/[\w\-.~:/?#[\]@!$&'()*+,;=%]+/g
const count = (text: string, char: string) => text.split(char).length - 1
function trimUrl(url: string): string {
  let result = url.replace(/[.,;:!?'"]+$/, '')
  while (result.endsWith(')') && count(result, '(') < count(result, ')')) result = result.slice(0, -1)
  return result.replace(/[.,;:!?'"]+$/, '')
}

/** Where a URL can be tapped: URI actions anywhere in a message (flex, imagemap, template, quick reply) and links in text. */
export function messageUrls(message: unknown): string[] {
  const urls = new Set<string>()
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x)
      return
    }
    if (typeof v !== 'object' || v === null) return
    const o = v as Record<string, unknown>
    if (o.type === 'uri') {
      if (typeof o.uri === 'string') urls.add(o.uri)
      if (typeof o.linkUri === 'string') urls.add(o.linkUri)
    }
    if ((o.type === 'text' || o.type === 'textV2') && typeof o.text === 'string') {
      for (const m of o.text.matchAll(URL_PATTERN)) urls.add(trimUrl(m[0]))
    }
    for (const [k, x] of Object.entries(o)) if (k !== 'text' && typeof x === 'object') walk(x)
  }
  walk(message)
  return [...urls]
}

export type Targets = { seq: number; url: string }[]

export const targetsOf = (sent: SentRecord): Targets =>
  sent.messages.flatMap((m, i) => messageUrls(m).map((url) => ({ seq: i + 1, url })))

export type EngagementStats = {
  delivered: number
  uniqueImpression: number
  /** Per message (by seq - 1): times displayed. */
  impressions: number[]
  uniqueClick: number
  clicks: { seq: number; url: string; click: number; uniqueClick: number; uniqueClickOfRequest: number }[]
}

/** Exact numbers (no privacy threshold) over some sends. */
export function engagementStats(bulk: BulkResidents, sends: SentRecord[]): EngagementStats {
  const opened = new Set<string>()
  let openedBulk: Uint8Array | null = null
  let openedBulkCount = 0
  const messageCount = Math.max(0, ...sends.map((s) => s.messageCount))
  const impressions = new Array<number>(messageCount).fill(0)
  type Slot = { seq: number; url: string; click: number; users: Set<string | number> }
  const slots = new Map<string, Slot>()
  const byUrl = new Map<string, Set<string | number>>()
  const clickers = new Set<string | number>()
  let delivered = 0
  const click = (seq: number, url: string, who: string | number) => {
    const key = `${seq} ${url}`
    let slot = slots.get(key)
    if (!slot) {
      slot = { seq, url, click: 0, users: new Set() }
      slots.set(key, slot)
    }
    slot.click++
    slot.users.add(who)
    let users = byUrl.get(url)
    if (!users) {
      users = new Set()
      byUrl.set(url, users)
    }
    users.add(who)
    clickers.add(who)
  }

  for (const s of sends) {
    delivered += recipientCount(s)
    let opens = 0
    for (const userId of s.impressed) {
      opened.add(userId)
      opens++
    }
    for (const c of s.clicks) click(c.seq, c.url, c.userId)
    const e = s.engagement
    if (e) {
      const targets = targetsOf(s)
      const pick = (key: number, who: string | number): boolean => {
        const r = unit(e.seed ^ key)
        if (r < e.clickRate && targets.length > 0) {
          const t = targets[Math.floor(unit((e.seed + 0x9e3779b9) ^ key) * targets.length)] ?? targets[0]
          if (t) click(t.seq, t.url, who)
        }
        return r < e.openRate
      }
      for (const userId of s.recipients) {
        if (s.impressed.has(userId)) continue
        if (pick(ordinaryKey(userId), userId)) {
          opened.add(userId)
          opens++
        }
      }
      if (s.bulk.length > 0) {
        openedBulk ??= new Uint8Array(bulk.total)
        for (const g of s.bulk) {
          if (!pick(bulkKey(g), g)) continue
          opens++
          if (openedBulk[g] === 0) {
            openedBulk[g] = 1
            openedBulkCount++
          }
        }
      }
    }
    for (let i = 0; i < s.messageCount; i++) impressions[i] = (impressions[i] ?? 0) + opens
  }
  return {
    delivered,
    uniqueImpression: opened.size + openedBulkCount,
    impressions,
    uniqueClick: clickers.size,
    clicks: [...slots.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((s) => ({
        seq: s.seq,
        url: s.url,
        click: s.click,
        uniqueClick: s.users.size,
        uniqueClickOfRequest: byUrl.get(s.url)?.size ?? 0,
      })),
  }
}

export type Received = {
  /** Send requests (push, multicast, narrowcast, broadcast) matched. */
  requests: number
  /** Distinct residents who got at least one of them. */
  recipients: number
  /** Recipient × request pairs: equal to `recipients` when nobody got anything twice. */
  deliveries: number
  /** Residents who got more than one (at most 1,000 listed; `duplicateRecipients` counts all). */
  duplicates: { userId: string; count: number }[]
  duplicateRecipients: number
  userIds?: string[]
}

const DUPLICATES_SHOWN = 1000

/** Counts who received the sends (per-recipient counters: cheap at a million bulk residents). */
export function received(bulk: BulkResidents, sends: SentRecord[], withUserIds: boolean): Received {
  const counts = new Map<string, number>()
  let bulkCounts: Uint32Array | null = null
  let deliveries = 0
  for (const s of sends) {
    deliveries += recipientCount(s)
    for (const userId of s.recipients) counts.set(userId, (counts.get(userId) ?? 0) + 1)
    if (s.bulk.length > 0) {
      bulkCounts ??= new Uint32Array(bulk.total)
      for (const g of s.bulk) bulkCounts[g] = (bulkCounts[g] ?? 0) + 1
    }
  }
  const duplicates: { userId: string; count: number }[] = []
  let duplicateRecipients = 0
  let recipients = counts.size
  const userIds: string[] = []
  for (const [userId, count] of counts) {
    if (withUserIds) userIds.push(userId)
    if (count < 2) continue
    duplicateRecipients++
    if (duplicates.length < DUPLICATES_SHOWN) duplicates.push({ userId, count })
  }
  if (bulkCounts) {
    for (let g = 0; g < bulkCounts.length; g++) {
      const count = bulkCounts[g] ?? 0
      if (count === 0) continue
      recipients++
      if (withUserIds) userIds.push(bulk.userIdOf(g))
      if (count < 2) continue
      duplicateRecipients++
      if (duplicates.length < DUPLICATES_SHOWN) duplicates.push({ userId: bulk.userIdOf(g), count })
    }
  }
  return {
    requests: sends.length,
    recipients,
    deliveries,
    duplicates,
    duplicateRecipients,
    ...(withUserIds ? { userIds } : {}),
  }
}
