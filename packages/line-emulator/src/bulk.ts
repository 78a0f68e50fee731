// Bulk residents: up to millions of simulated friends for benchmarks and fan-out tests, kept
// compactly. A bulk resident has a deterministic user ID (`U` + an 8-hex prefix + the index in 24
// hex digits), a language from the group's list (round robin), a friendship state in one byte, and
// no chat: what the bot sends them is recorded per request as an Int32Array of "global" indices
// (each group owns a contiguous range), which `GET /_emulator/channels/:id/received` counts.

import { USER_ID_PATTERN } from './ids.ts'

export const BULK_PREFIX_PATTERN = /^[0-9a-f]{8}$/
export const BULK_MAX = 20_000_000

/** The user ID of bulk resident `index` (0-based) of the group with `prefix` (8 hex digits). */
export const bulkUserId = (prefix: string, index: number): string =>
  `U${prefix}${index.toString(16).padStart(24, '0')}`

const NONE = 0
const FOLLOWING = 1
const BLOCKED = 2

export type BulkState = 'following' | 'blocked' | 'none'

export class BulkGroup {
  /** 0 none, 1 following, 2 blocked. */
  readonly states: Uint8Array
  constructor(
    readonly prefix: string,
    readonly channelId: string,
    /** The global index of this group's resident 0. */
    readonly base: number,
    readonly count: number,
    readonly languages: string[],
    readonly createdAt: number,
    follow: boolean,
  ) {
    this.states = new Uint8Array(count)
    if (follow) this.states.fill(FOLLOWING)
  }

  language(index: number): string {
    return this.languages[index % this.languages.length] ?? 'ja'
  }
}

export class BulkResidents {
  readonly groups: BulkGroup[] = []
  readonly #byPrefix = new Map<string, BulkGroup>()
  total = 0
  #nextPrefix = 0xb0000001

  nextPrefix(): string {
    let prefix = this.#nextPrefix.toString(16)
    while (this.#byPrefix.has(prefix)) prefix = (++this.#nextPrefix).toString(16)
    this.#nextPrefix++
    return prefix
  }

  hasPrefix(prefix: string): boolean {
    return this.#byPrefix.has(prefix)
  }

  add(input: {
    prefix: string
    channelId: string
    count: number
    languages: string[]
    follow: boolean
  }): BulkGroup {
    const group = new BulkGroup(
      input.prefix,
      input.channelId,
      this.total,
      input.count,
      input.languages,
      Date.now(),
      input.follow,
    )
    this.groups.push(group)
    this.#byPrefix.set(group.prefix, group)
    this.total += group.count
    return group
  }

  /** The global index of a bulk resident's user ID, or -1. */
  locate(userId: string): number {
    if (userId.length !== 33) return -1
    const group = this.#byPrefix.get(userId.slice(1, 9))
    if (!group || !USER_ID_PATTERN.test(userId)) return -1
    const index = Number.parseInt(userId.slice(9), 16)
    return Number.isSafeInteger(index) && index < group.count ? group.base + index : -1
  }

  groupOf(global: number): BulkGroup {
    // Few groups: a linear scan from the end (the newest are used most).
    for (let i = this.groups.length - 1; i >= 0; i--) {
      const group = this.groups[i] as BulkGroup
      if (global >= group.base) return group
    }
    throw new Error(`no bulk resident ${global}`)
  }

  userIdOf(global: number): string {
    const group = this.groupOf(global)
    return bulkUserId(group.prefix, global - group.base)
  }

  state(channelId: string, global: number): BulkState {
    const group = this.groupOf(global)
    if (group.channelId !== channelId) return 'none'
    const s = group.states[global - group.base]
    return s === FOLLOWING ? 'following' : s === BLOCKED ? 'blocked' : 'none'
  }

  setState(channelId: string, global: number, state: 'following' | 'blocked'): boolean {
    const group = this.groupOf(global)
    if (group.channelId !== channelId) return false
    group.states[global - group.base] = state === 'following' ? FOLLOWING : BLOCKED
    return true
  }

  /** Following / blocked / ever followed (not none) counts of a channel's bulk residents. */
  counts(channelId: string): { following: number; blocked: number } {
    let following = 0
    let blocked = 0
    for (const group of this.groups) {
      if (group.channelId !== channelId) continue
      const states = group.states
      for (let i = 0; i < states.length; i++) {
        const s = states[i]
        if (s === FOLLOWING) following++
        else if (s === BLOCKED) blocked++
      }
    }
    return { following, blocked }
  }

  /** Calls `fn` with the global index of every bulk resident following the channel. */
  forEachFollower(channelId: string, fn: (global: number) => void): void {
    for (const group of this.groups) {
      if (group.channelId !== channelId) continue
      const states = group.states
      for (let i = 0; i < states.length; i++) if (states[i] === FOLLOWING) fn(group.base + i)
    }
  }

  /** Global indices of the channel's following bulk residents. */
  followers(channelId: string): Int32Array {
    let n = 0
    for (const group of this.groups) {
      if (group.channelId !== channelId) continue
      for (const s of group.states) if (s === FOLLOWING) n++
    }
    const out = new Int32Array(n)
    let j = 0
    this.forEachFollower(channelId, (g) => {
      out[j++] = g
    })
    return out
  }
}

export const BULK_STATE = { NONE, FOLLOWING, BLOCKED }

/**
 * The `to` of a recorded multicast to bulk residents, kept as indices (2 KB instead of ~30 KB of
 * strings per request); JSON serialisation gives the user IDs back.
 */
export class CompactUserIds {
  constructor(
    readonly bulk: BulkResidents,
    readonly globals: Int32Array,
  ) {}

  toJSON(): string[] {
    return Array.from(this.globals, (g) => this.bulk.userIdOf(g))
  }
}
