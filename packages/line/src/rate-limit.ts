import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { LineApiError } from './errors.ts'

const SECOND = 1000
const HOUR = 3_600_000

/**
 * LINE's published rate limits (developers.line.biz reference §Rate limits, as of 2026-08). They apply
 * per channel and per endpoint (a different method on the same URL is a separate limit), so each endpoint
 * the client calls has its own bucket.
 */
export const LINE_RATE_LIMITS = {
  push: { limit: 2000, perMs: SECOND },
  reply: { limit: 2000, perMs: SECOND },
  multicast: { limit: 200, perMs: SECOND },
  narrowcast: { limit: 60, perMs: HOUR },
  broadcast: { limit: 60, perMs: HOUR },
  narrowcastProgress: { limit: 2000, perMs: SECOND },
  profile: { limit: 2000, perMs: SECOND },
  botInfo: { limit: 2000, perMs: SECOND },
  messageContent: { limit: 2000, perMs: SECOND },
  loadingAnimation: { limit: 100, perMs: SECOND },
  richMenuCreate: { limit: 100, perMs: HOUR },
  richMenuDelete: { limit: 100, perMs: HOUR },
  richMenuImage: { limit: 2000, perMs: SECOND },
  richMenuList: { limit: 10, perMs: SECOND },
  richMenuAliasCreate: { limit: 2000, perMs: SECOND },
  richMenuAliasUpdate: { limit: 2000, perMs: SECOND },
  richMenuAliasDelete: { limit: 100, perMs: HOUR },
  richMenuSetDefault: { limit: 2000, perMs: SECOND },
  richMenuCancelDefault: { limit: 2000, perMs: SECOND },
  richMenuLink: { limit: 2000, perMs: SECOND },
  richMenuUnlink: { limit: 2000, perMs: SECOND },
  richMenuBulkLink: { limit: 2000, perMs: SECOND },
} as const satisfies Record<string, { limit: number; perMs: number }>

export type LineEndpoint = keyof typeof LINE_RATE_LIMITS

/** Limits whose window is longer than this are never waited for: no token means `rate_limited` at once. */
const MAX_WAITABLE_WINDOW_MS = 60 * SECOND

/**
 * A token bucket holding up to `capacity` tokens, refilled continuously at `capacity` per `perMs`.
 * `reserve` may take a token that is not there yet (the count goes negative); the caller then waits until it
 * has been refilled. Reservations are served in order, so waiting callers need no queue and nobody polls.
 */
export class TokenBucket {
  private tokens: number
  private updatedAt: number

  constructor(
    readonly capacity: number,
    readonly perMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity
    this.updatedAt = now()
  }

  /** Takes one token. Returns the ms to wait before using it, or null (taking nothing) if over `maxWaitMs`. */
  reserve(maxWaitMs = Number.POSITIVE_INFINITY): number | null {
    const now = this.now()
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.capacity) / this.perMs)
    this.updatedAt = now
    const left = this.tokens - 1
    const waitMs = left >= 0 ? 0 : (-left * this.perMs) / this.capacity
    if (waitMs > maxWaitMs) return null
    this.tokens = left
    return waitMs
  }

  /** Tokens available now (negative while reservations are outstanding). */
  available(): number {
    const elapsed = this.now() - this.updatedAt
    return Math.min(this.capacity, this.tokens + (elapsed * this.capacity) / this.perMs)
  }
}

export type BucketRegistry = Map<string, TokenBucket>

/** One registry per process: every client with the same access token shares its buckets. */
const processRegistry: BucketRegistry = new Map()

/** Forget all buckets of this process (tests). */
export function resetRateLimits(): void {
  processRegistry.clear()
}

export type RateLimiterOptions = {
  registry?: BucketRegistry
  now?: () => number
  sleep?: (ms: number) => Promise<unknown>
}

/** The buckets of one access token. */
export class RateLimiter {
  private readonly tokenKey: string
  private readonly registry: BucketRegistry
  private readonly now: (() => number) | undefined
  private readonly sleep: (ms: number) => Promise<unknown>

  constructor(channelAccessToken: string, options: RateLimiterOptions = {}) {
    // The registry is keyed by a hash so that it does not become one more place holding the token.
    this.tokenKey = createHash('sha256').update(channelAccessToken).digest('base64url')
    this.registry = options.registry ?? processRegistry
    this.now = options.now
    this.sleep = options.sleep ?? sleep
  }

  bucket(endpoint: LineEndpoint): TokenBucket {
    const key = `${this.tokenKey}:${endpoint}`
    let bucket = this.registry.get(key)
    if (!bucket) {
      const { limit, perMs } = LINE_RATE_LIMITS[endpoint]
      bucket = new TokenBucket(limit, perMs, this.now)
      this.registry.set(key, bucket)
    }
    return bucket
  }

  /**
   * Takes a token for one request and returns the ms to wait before sending it. Per-second limits always
   * wait their turn; hour-scale limits (narrowcast, broadcast, rich menu create/delete) throw `rate_limited`
   * when no token is left rather than waiting for minutes.
   */
  take(endpoint: LineEndpoint): number {
    const { perMs } = LINE_RATE_LIMITS[endpoint]
    const waitMs = this.bucket(endpoint).reserve(
      perMs > MAX_WAITABLE_WINDOW_MS ? 0 : Number.POSITIVE_INFINITY,
    )
    if (waitMs === null) {
      throw new LineApiError({
        status: null,
        code: 'rate_limited',
        operation: endpoint,
        note: `client-side limit of ${LINE_RATE_LIMITS[endpoint].limit} per hour reached; try again later`,
      })
    }
    return waitMs
  }

  async acquire(endpoint: LineEndpoint): Promise<void> {
    const waitMs = this.take(endpoint)
    if (waitMs > 0) await this.sleep(Math.ceil(waitMs))
  }
}
