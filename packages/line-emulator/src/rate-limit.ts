// LINE's rate limits (line-platform.md §1.1): token buckets per channel × endpoint. An endpoint is
// an operation (method + path template), so a different method on the same URL is a separate limit.

export type Limit = { requests: number; perMs: number }

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

const PER_HOUR_60 = new Set([
  'narrowcast',
  'broadcast',
  'testWebhookEndpoint',
  // insight.yml: deliveries, followers, demographics, getMessageEvent, getStatisticsPerUnit, rich menu insight
  'getNumberOfMessageDeliveries',
  'getNumberOfFollowers',
  'getFriendsDemographics',
  'getMessageEvent',
  'getStatisticsPerUnit',
  'getRichMenuInsightSummary',
  'getRichMenuInsightDaily',
])
const PER_HOUR_100 = new Set([
  'createRichMenu',
  'deleteRichMenu',
  'deleteRichMenuAlias',
  'getRichMenuBatchProgress',
])
const PER_SECOND_200 = new Set([
  'multicast',
  'getMembershipSubscription',
  'getMembershipList',
  'getJoinedMembershipUsers',
  'createCoupon',
  'closeCoupon',
  'listCoupon',
  'getCouponDetail',
])

export function limitFor(operationId: string, spec: string): Limit {
  if (PER_HOUR_60.has(operationId)) return { requests: 60, perMs: HOUR }
  if (spec === 'manage-audience') return { requests: 60, perMs: MINUTE }
  if (operationId === 'getWebhookEndpoint' || operationId === 'setWebhookEndpoint') {
    return { requests: 1000, perMs: MINUTE }
  }
  if (PER_HOUR_100.has(operationId)) return { requests: 100, perMs: HOUR }
  if (operationId === 'richMenuBatch') return { requests: 3, perMs: HOUR }
  if (operationId === 'getRichMenuList') return { requests: 10, perMs: SECOND }
  if (PER_SECOND_200.has(operationId)) return { requests: 200, perMs: SECOND }
  if (operationId === 'showLoadingAnimation') return { requests: 100, perMs: SECOND }
  return { requests: 2000, perMs: SECOND }
}

type Bucket = { tokens: number; at: number }

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>()

  /** Takes one token; false when the bucket is empty (answer 429). */
  take(channelId: string, operationId: string, limit: Limit, now: number = Date.now()): boolean {
    const key = `${channelId} ${operationId}`
    let bucket = this.#buckets.get(key)
    if (!bucket) {
      bucket = { tokens: limit.requests, at: now }
      this.#buckets.set(key, bucket)
    } else {
      const refill = ((now - bucket.at) * limit.requests) / limit.perMs
      bucket.tokens = Math.min(limit.requests, bucket.tokens + refill)
      bucket.at = now
    }
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }

  reset(): void {
    this.#buckets.clear()
  }
}
