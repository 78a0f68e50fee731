import { setTimeout as sleep } from 'node:timers/promises'
import { LineApiError, systemErrorCode } from './errors.ts'

/**
 * - `safe`: repeating the request can't do anything twice, because it carries an `X-Line-Retry-Key`
 *   (push, multicast, narrowcast, broadcast) or is idempotent (reads, links, set default, loading).
 * - `unsafe`: a repeat may act twice (reply, create rich menu or alias, upload image, deletes). Retried only
 *   when LINE certainly did not act: a 429, or a connection that was never established.
 */
export type RetryPolicy = 'safe' | 'unsafe'

/** Connection failures that happen before any byte of the request was sent. */
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
])

export function neverConnected(error: LineApiError): boolean {
  const code = systemErrorCode(error.cause)
  return error.code === 'network' && code !== null && NEVER_CONNECTED.has(code)
}

export function isRetryable(error: unknown, policy: RetryPolicy): boolean {
  if (!(error instanceof LineApiError)) return false
  switch (error.code) {
    case 'rate_limited':
      // A 429 from LINE. Our own hour-scale refusal (status null) would only be refused again.
      return error.status !== null
    case 'server_error':
    case 'timeout':
      return policy === 'safe'
    case 'network':
      return policy === 'safe' || neverConnected(error)
    default:
      // quota_exceeded, 4xx: the same request would fail the same way.
      return false
  }
}

export const MAX_RETRY_DELAY_MS = 8000

/** Delay before retry number `retry` (1 = the first retry): exponential, capped at 8 s, "equal jitter". */
export function backoffDelay(retry: number, baseDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, baseDelayMs * 2 ** (retry - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

export type RetryOptions = {
  maxAttempts: number
  baseDelayMs: number
  policy: RetryPolicy
  sleep?: (ms: number) => Promise<unknown>
  random?: () => number
}

/** Runs `attempt` (numbered from 1) until it succeeds, fails for good, or `maxAttempts` is used up. */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.sleep ?? sleep
  for (let n = 1; ; n++) {
    try {
      return await attempt(n)
    } catch (error) {
      if (n >= options.maxAttempts || !isRetryable(error, options.policy)) throw error
      await wait(backoffDelay(n, options.baseDelayMs, options.random))
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** LINE wants `X-Line-Retry-Key` to be a UUID in hex, e.g. `123e4567-e89b-12d3-a456-426614174000`. */
export function isRetryKey(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

export function assertRetryKey(value: unknown): asserts value is string {
  if (!isRetryKey(value)) {
    throw new TypeError(
      `retryKey must be a UUID such as crypto.randomUUID() gives, got ${JSON.stringify(value)}`,
    )
  }
}
