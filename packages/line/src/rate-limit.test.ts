import { describe, expect, it } from 'vitest'
import { LineApiError } from './errors.ts'
import { type BucketRegistry, LINE_RATE_LIMITS, RateLimiter, TokenBucket } from './rate-limit.ts'

function fakeClock(start = 0) {
  let t = start
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

describe('TokenBucket', () => {
  it('allows a burst of its capacity, then spaces requests at its rate', () => {
    const clock = fakeClock()
    const bucket = new TokenBucket(200, 1000, clock.now)
    for (let i = 0; i < 200; i++) expect(bucket.reserve()).toBe(0)
    // Reservations queue up: the 201st waits one token (5 ms), the 202nd two.
    expect(bucket.reserve()).toBeCloseTo(5)
    expect(bucket.reserve()).toBeCloseTo(10)
    clock.advance(10)
    expect(bucket.reserve()).toBeCloseTo(5)
  })

  it('refills continuously up to its capacity, never beyond', () => {
    const clock = fakeClock()
    const bucket = new TokenBucket(10, 1000, clock.now)
    for (let i = 0; i < 10; i++) bucket.reserve()
    expect(bucket.available()).toBeCloseTo(0)
    clock.advance(500)
    expect(bucket.available()).toBeCloseTo(5)
    clock.advance(60_000)
    expect(bucket.available()).toBe(10)
  })

  it('refuses, taking nothing, when the wait would exceed maxWaitMs', () => {
    const clock = fakeClock()
    const bucket = new TokenBucket(60, 3_600_000, clock.now)
    for (let i = 0; i < 60; i++) expect(bucket.reserve(0)).toBe(0)
    expect(bucket.reserve(0)).toBeNull()
    expect(bucket.available()).toBeCloseTo(0)
    clock.advance(60_000) // one token per minute
    expect(bucket.reserve(0)).toBe(0)
    expect(bucket.reserve(0)).toBeNull()
  })
})

describe('RateLimiter', () => {
  it('shares buckets between limiters of the same token, not across tokens or endpoints', () => {
    const clock = fakeClock()
    const registry: BucketRegistry = new Map()
    const a1 = new RateLimiter('token-a', { registry, now: clock.now })
    const a2 = new RateLimiter('token-a', { registry, now: clock.now })
    const b = new RateLimiter('token-b', { registry, now: clock.now })
    for (let i = 0; i < 5; i++) a1.take('richMenuList')
    for (let i = 0; i < 5; i++) a2.take('richMenuList')
    // Token a has used all 10 of its 10/s for the rich menu list, so the next call waits 100 ms.
    expect(a1.take('richMenuList')).toBeCloseTo(100)
    expect(b.take('richMenuList')).toBe(0)
    expect(a1.take('profile')).toBe(0)
    expect(a1.bucket('richMenuList')).toBe(a2.bucket('richMenuList'))
    // The registry does not hold the token itself.
    expect([...registry.keys()].some((key) => key.includes('token-a'))).toBe(false)
  })

  it('throws rate_limited at once for hour-scale limits', () => {
    const clock = fakeClock()
    const limiter = new RateLimiter('t', { registry: new Map(), now: clock.now })
    for (let i = 0; i < LINE_RATE_LIMITS.narrowcast.limit; i++) expect(limiter.take('narrowcast')).toBe(0)
    let error: unknown
    try {
      limiter.take('narrowcast')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(LineApiError)
    expect(error).toMatchObject({ code: 'rate_limited', status: null })
    // Broadcast is a separate endpoint with its own 60/hour.
    expect(limiter.take('broadcast')).toBe(0)
  })

  it('acquire waits asynchronously for the reserved slot', async () => {
    const clock = fakeClock()
    const waits: number[] = []
    const limiter = new RateLimiter('t', {
      registry: new Map(),
      now: clock.now,
      sleep: async (ms) => {
        waits.push(ms)
      },
    })
    for (let i = 0; i < 100; i++) await limiter.acquire('loadingAnimation')
    expect(waits).toEqual([])
    await limiter.acquire('loadingAnimation')
    await limiter.acquire('loadingAnimation')
    expect(waits).toEqual([10, 20])
  })

  it('uses the published limits', () => {
    expect(LINE_RATE_LIMITS.push).toEqual({ limit: 2000, perMs: 1000 })
    expect(LINE_RATE_LIMITS.multicast).toEqual({ limit: 200, perMs: 1000 })
    expect(LINE_RATE_LIMITS.broadcast).toEqual({ limit: 60, perMs: 3_600_000 })
    expect(LINE_RATE_LIMITS.richMenuList).toEqual({ limit: 10, perMs: 1000 })
    expect(LINE_RATE_LIMITS.richMenuCreate).toEqual({ limit: 100, perMs: 3_600_000 })
  })
})
