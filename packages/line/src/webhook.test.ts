import { validateSignature } from '@line/bot-sdk'
import { describe, expect, it } from 'vitest'
import {
  eventChatId,
  eventReplyToken,
  eventUserId,
  parseWebhookBody,
  signBody,
  verifySignature,
  WebhookBodyError,
  type WebhookEvent,
} from './webhook.ts'

const secret = '0123456789abcdef0123456789abcdef'
const userId = 'U0123456789abcdef0123456789abcdef'

function textEvent(overrides: Record<string, unknown> = {}) {
  return {
    type: 'message',
    mode: 'active',
    timestamp: 1_763_700_000_000,
    source: { type: 'user', userId },
    webhookEventId: '01JD0000000000000000000000',
    deliveryContext: { isRedelivery: false },
    replyToken: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA',
    message: { id: '444573844083572737', type: 'text', quoteToken: 'q', text: 'こんにちは' },
    ...overrides,
  }
}

const body = JSON.stringify({ destination: 'Uffffffffffffffffffffffffffffffff', events: [textEvent()] })

describe('signBody / verifySignature', () => {
  it('round-trips and agrees with the SDK', () => {
    const signature = signBody(body, secret)
    expect(validateSignature(body, secret, signature)).toBe(true)
    expect(verifySignature(body, secret, signature)).toBe(true)
    expect(verifySignature(Buffer.from(body), secret, signature)).toBe(true)
  })

  it('signs the UTF-8 bytes: a string and its Buffer give the same signature', () => {
    expect(signBody(Buffer.from(body, 'utf8'), secret)).toBe(signBody(body, secret))
  })

  it('rejects a tampered body', () => {
    const signature = signBody(body, secret)
    expect(verifySignature(body.replace('こんにちは', 'さようなら'), secret, signature)).toBe(false)
    // Re-serialized JSON is not the raw body.
    expect(verifySignature(JSON.stringify(JSON.parse(body), null, 1), secret, signature)).toBe(false)
  })

  it('rejects the wrong secret', () => {
    expect(verifySignature(body, 'f'.repeat(32), signBody(body, secret))).toBe(false)
  })

  it('is false, never throws, for missing or garbled headers', () => {
    const good = signBody(body, secret)
    for (const header of [
      undefined,
      null,
      '',
      'garbage',
      good.slice(0, -2),
      `${good}AA`,
      good.replace(/=$/, ''),
      `${good.slice(0, 10)}!${good.slice(11)}`,
      `${'A'.repeat(43)}=`,
      42 as unknown as string,
    ]) {
      expect(verifySignature(body, secret, header)).toBe(false)
    }
    expect(verifySignature(body, '', good)).toBe(false)
    expect(verifySignature(undefined as unknown as string, secret, good)).toBe(false)
  })
})

describe('parseWebhookBody', () => {
  it('parses a body from a Buffer or a string', () => {
    const parsed = parseWebhookBody(Buffer.from(body))
    expect(parsed.destination).toBe('Uffffffffffffffffffffffffffffffff')
    expect(parsed.events).toHaveLength(1)
    expect(parsed.events[0]?.type).toBe('message')
    expect(parseWebhookBody(body)).toEqual(parsed)
  })

  it('accepts the empty events array of a connectivity check', () => {
    expect(parseWebhookBody('{"destination":"U1","events":[]}').events).toEqual([])
  })

  it('passes through event types the SDK does not model', () => {
    const edited = textEvent({ type: 'messageEdited' })
    expect(parseWebhookBody(JSON.stringify({ destination: 'U1', events: [edited] })).events[0]).toEqual(
      edited,
    )
  })

  const cases: [string, string, RegExp][] = [
    ['invalid JSON', '{"destination":', /not JSON/],
    ['a JSON array', '[]', /not an object/],
    ['null', 'null', /not an object/],
    ['no destination', '{"events":[]}', /destination/],
    ['events not an array', '{"destination":"U1","events":{}}', /events is not an array/],
    ['missing events', '{"destination":"U1"}', /events is not an array/],
    ['an event that is not an object', '{"destination":"U1","events":[1]}', /events\[0\] is not an object/],
  ]
  for (const [name, raw, reason] of cases) {
    it(`rejects ${name}`, () => {
      expect(() => parseWebhookBody(raw)).toThrow(WebhookBodyError)
      expect(() => parseWebhookBody(raw)).toThrow(reason)
    })
  }

  for (const [field, value] of [
    ['type', undefined],
    ['type', 3],
    ['webhookEventId', undefined],
    ['timestamp', '1763700000000'],
    ['source', undefined],
    ['source', 'user'],
  ] as const) {
    it(`rejects an event with ${field} = ${JSON.stringify(value)}`, () => {
      const events = [textEvent(), textEvent({ [field]: value })]
      const raw = JSON.stringify({ destination: 'U1', events })
      try {
        parseWebhookBody(raw)
        expect.unreachable()
      } catch (error) {
        expect(error).toBeInstanceOf(WebhookBodyError)
        expect((error as WebhookBodyError).reason).toBe(`events[1].${field} missing`)
      }
    })
  }

  it('is fast enough for a webhook benchmark', () => {
    const big = JSON.stringify({ destination: 'U1', events: Array.from({ length: 20 }, () => textEvent()) })
    const started = performance.now()
    for (let i = 0; i < 5000; i++) parseWebhookBody(big)
    expect(performance.now() - started).toBeLessThan(2000)
  })
})

describe('event helpers', () => {
  const user = textEvent() as unknown as WebhookEvent
  const group = textEvent({ source: { type: 'group', groupId: 'Cgroup', userId } }) as unknown as WebhookEvent
  const room = textEvent({ source: { type: 'room', roomId: 'Rroom' } }) as unknown as WebhookEvent
  const standby = textEvent({ mode: 'standby', replyToken: undefined }) as unknown as WebhookEvent

  it('eventUserId', () => {
    expect(eventUserId(user)).toBe(userId)
    expect(eventUserId(group)).toBe(userId)
    expect(eventUserId(room)).toBeNull()
  })

  it('eventChatId', () => {
    expect(eventChatId(user)).toBe(userId)
    expect(eventChatId(group)).toBe('Cgroup')
    expect(eventChatId(room)).toBe('Rroom')
  })

  it('eventReplyToken', () => {
    expect(eventReplyToken(user)).toBe('nHuyWiB7yP5Zw52FIkcQobQuGDXCTA')
    expect(eventReplyToken(standby)).toBeNull()
  })
})
