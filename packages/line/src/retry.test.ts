import { HTTPFetchError } from '@line/bot-sdk'
import { describe, expect, it } from 'vitest'
import { AttemptTimeoutError, LineApiError, type LineErrorCode, toLineApiError } from './errors.ts'
import { backoffDelay, isRetryable, isRetryKey, MAX_RETRY_DELAY_MS, withRetry } from './retry.ts'

function httpError(status: number, body: unknown = {}, headers: Record<string, string> = {}) {
  return new HTTPFetchError(`${status}`, {
    status,
    statusText: '',
    headers: new Headers(headers),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

function fetchFailed(code: string) {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) })
}

function lineError(error: unknown): LineApiError {
  const mapped = toLineApiError(error)
  if (!(mapped instanceof LineApiError)) throw new Error('not mapped')
  return mapped
}

describe('toLineApiError', () => {
  it('maps HTTP statuses to codes', () => {
    const expected: [number, LineErrorCode][] = [
      [400, 'invalid_request'],
      [401, 'unauthorized'],
      [403, 'forbidden'],
      [404, 'not_found'],
      [409, 'conflict'],
      [413, 'payload_too_large'],
      [415, 'invalid_request'],
      [429, 'rate_limited'],
      [500, 'server_error'],
      [503, 'server_error'],
    ]
    for (const [status, code] of expected)
      expect(lineError(httpError(status))).toMatchObject({ status, code })
  })

  it("reads LINE's message, details and request ID", () => {
    const error = lineError(
      httpError(
        400,
        {
          message: 'The request body has 1 error(s)',
          details: [{ message: 'Size must be between 1 and 5', property: 'messages' }, {}],
        },
        { 'x-line-request-id': 'req-1' },
      ),
    )
    expect(error).toMatchObject({
      code: 'invalid_request',
      lineMessage: 'The request body has 1 error(s)',
      details: [
        { message: 'Size must be between 1 and 5', property: 'messages' },
        { message: '', property: '' },
      ],
      requestId: 'req-1',
    })
    expect(error.message).toContain('messages: Size must be between 1 and 5')
  })

  it('survives a body that is not JSON', () => {
    expect(lineError(httpError(502, '<html>Bad gateway</html>'))).toMatchObject({
      code: 'server_error',
      lineMessage: null,
      details: [],
    })
  })

  it('tells the monthly quota 429 from the rate limit 429', () => {
    expect(lineError(httpError(429, { message: 'You have reached your monthly limit.' })).code).toBe(
      'quota_exceeded',
    )
    expect(lineError(httpError(429, { message: 'Too many requests' })).code).toBe('rate_limited')
  })

  it('maps timeouts and network failures, and leaves other errors alone', () => {
    expect(lineError(new AttemptTimeoutError(10)).code).toBe('timeout')
    expect(lineError(new DOMException('signal timed out', 'TimeoutError')).code).toBe('timeout')
    expect(lineError(fetchFailed('ECONNRESET'))).toMatchObject({ code: 'network', status: null })
    const bug = new RangeError('bug')
    expect(toLineApiError(bug)).toBe(bug)
  })
})

describe('isRetryable', () => {
  const cases: [string, unknown, boolean, boolean][] = [
    // name, error, safe (retry key / idempotent), unsafe (reply, create)
    ['429', httpError(429), true, true],
    ['monthly quota 429', httpError(429, { message: 'You have reached your monthly limit.' }), false, false],
    ['500', httpError(500), true, false],
    ['503', httpError(503), true, false],
    ['timeout', new AttemptTimeoutError(10), true, false],
    ['connection refused', fetchFailed('ECONNREFUSED'), true, true],
    ['DNS failure', fetchFailed('ENOTFOUND'), true, true],
    ['connection reset', fetchFailed('ECONNRESET'), true, false],
    ['socket closed', fetchFailed('UND_ERR_SOCKET'), true, false],
    ['400', httpError(400), false, false],
    ['401', httpError(401), false, false],
    ['403', httpError(403), false, false],
    ['404', httpError(404), false, false],
    ['409', httpError(409), false, false],
    ['413', httpError(413), false, false],
  ]
  for (const [name, error, safe, unsafe] of cases) {
    it(`${name}: safe ${safe}, unsafe ${unsafe}`, () => {
      expect(isRetryable(lineError(error), 'safe')).toBe(safe)
      expect(isRetryable(lineError(error), 'unsafe')).toBe(unsafe)
    })
  }

  it('does not retry our own hour-scale refusal or errors that are not LINE errors', () => {
    const ours = new LineApiError({ status: null, code: 'rate_limited' })
    expect(isRetryable(ours, 'safe')).toBe(false)
    expect(isRetryable(new Error('bug'), 'safe')).toBe(false)
  })
})

describe('backoffDelay', () => {
  it('doubles from the base delay, with jitter in the upper half', () => {
    expect(backoffDelay(1, 500, () => 0)).toBe(250)
    expect(backoffDelay(1, 500, () => 1)).toBe(500)
    expect(backoffDelay(2, 500, () => 1)).toBe(1000)
    expect(backoffDelay(3, 500, () => 0.5)).toBe(1500)
  })

  it('is capped at 8 s', () => {
    expect(backoffDelay(30, 500, () => 1)).toBe(MAX_RETRY_DELAY_MS)
    expect(backoffDelay(30, 500, () => 0)).toBe(MAX_RETRY_DELAY_MS / 2)
  })
})

describe('withRetry', () => {
  const noSleep = { sleep: async () => {}, random: () => 0.5 }

  it('retries a retryable failure until it succeeds', async () => {
    const attempts: number[] = []
    const result = await withRetry(
      async (n) => {
        attempts.push(n)
        if (n < 3) throw lineError(httpError(500))
        return 'ok'
      },
      { maxAttempts: 4, baseDelayMs: 500, policy: 'safe', ...noSleep },
    )
    expect(result).toBe('ok')
    expect(attempts).toEqual([1, 2, 3])
  })

  it('gives up after maxAttempts with the last error', async () => {
    let calls = 0
    const waits: number[] = []
    await expect(
      withRetry(
        async () => {
          calls++
          throw lineError(httpError(503))
        },
        {
          maxAttempts: 4,
          baseDelayMs: 500,
          policy: 'safe',
          random: () => 1,
          sleep: async (ms) => {
            waits.push(ms)
          },
        },
      ),
    ).rejects.toMatchObject({ code: 'server_error' })
    expect(calls).toBe(4)
    expect(waits).toEqual([500, 1000, 2000])
  })

  it('does not retry what is not retryable', async () => {
    let calls = 0
    await expect(
      withRetry(
        async () => {
          calls++
          throw lineError(httpError(400))
        },
        { maxAttempts: 4, baseDelayMs: 500, policy: 'safe', ...noSleep },
      ),
    ).rejects.toMatchObject({ code: 'invalid_request' })
    expect(calls).toBe(1)
  })
})

describe('isRetryKey', () => {
  it('accepts UUIDs in hex', () => {
    expect(isRetryKey('123e4567-e89b-12d3-a456-426614174000')).toBe(true)
    expect(isRetryKey(crypto.randomUUID())).toBe(true)
    expect(isRetryKey('123E4567-E89B-12D3-A456-426614174000')).toBe(true)
  })

  it('rejects anything else', () => {
    for (const key of [
      '',
      'not-a-uuid',
      '123e4567e89b12d3a456426614174000',
      '{123e4567-e89b-12d3-a456-426614174000}',
      '123e4567-e89b-12d3-a456-42661417400g',
      ' 123e4567-e89b-12d3-a456-426614174000',
      undefined,
      42,
    ]) {
      expect(isRetryKey(key)).toBe(false)
    }
  })
})
