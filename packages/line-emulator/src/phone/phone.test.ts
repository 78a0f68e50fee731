// The phone page's pure helpers (phone.js is plain browser JavaScript without type declarations,
// so it is imported through a non-literal specifier and typed here by hand).
import { describe, expect, it } from 'vitest'

type Part = { type: 'text' | 'url'; value: string }
type LiffApp = { liffId: string; loginChannelId: string; endpointUrl: string }
type Target = { path: string; query: string }
type Item = { id: string; at: string; from: 'resident' | 'bot'; message: Record<string, unknown> }
type Phone = {
  linkify(text: string): Part[]
  liffTarget(uri: string, liff: LiffApp | null): Target | null
  buildLiffUrl(liffUrl: string, target: Target): string
  webhookProblem(
    result: { webhookEventIds: string[]; status: number | null; ms: number; error?: string },
    lang: 'ja' | 'en',
  ): string | null
  areaBox(
    bounds: { x: number; y: number; width: number; height: number },
    size: { width: number; height: number },
  ): { left: string; top: string; width: string; height: string }
  currentQuickReplies(items: Item[]): unknown[]
  datetimeParams(mode: string, value: string): Record<string, string>
  mergeItems(current: Item[], incoming: Item[]): Item[]
  flexLength(value: string | undefined, keywords: Record<string, number>): string | undefined
  TEXTS: Record<'ja' | 'en', Record<string, string>>
}

const phone = (await import('./phone.js' as string)) as Phone

const liff: LiffApp = {
  liffId: '2000000002-AbCdEfGh',
  loginChannelId: '2000000002',
  endpointUrl: 'http://127.0.0.1:3100/c/abc',
}

describe('linkify', () => {
  it('splits URLs out of text, leaving trailing punctuation and Japanese text outside', () => {
    expect(phone.linkify('詳しくは https://example.jp/a?b=1。ご確認ください')).toEqual([
      { type: 'text', value: '詳しくは ' },
      { type: 'url', value: 'https://example.jp/a?b=1' },
      { type: 'text', value: '。ご確認ください' },
    ])
    expect(phone.linkify('(see https://example.jp/x).')).toEqual([
      { type: 'text', value: '(see ' },
      { type: 'url', value: 'https://example.jp/x' },
      { type: 'text', value: ').' },
    ])
    expect(phone.linkify('no links\nhere')).toEqual([{ type: 'text', value: 'no links\nhere' }])
  })
})

describe('LIFF URLs', () => {
  it('recognises liff.line.me URLs and the endpoint URL, with sub-path and query', () => {
    expect(phone.liffTarget('https://liff.line.me/2000000002-AbCdEfGh', liff)).toEqual({
      path: '',
      query: '',
    })
    expect(phone.liffTarget('https://liff.line.me/2000000002-AbCdEfGh/events/3?tab=a#x', liff)).toEqual({
      path: '/events/3',
      query: 'tab=a',
    })
    expect(phone.liffTarget('http://127.0.0.1:3100/c/abc/me', liff)).toEqual({ path: '/me', query: '' })
  })

  it('ignores other URLs and other LIFF apps', () => {
    expect(phone.liffTarget('https://liff.line.me/2000000002-AbCdEfGhX', liff)).toBeNull()
    expect(phone.liffTarget('https://liff.line.me/1999999999-Other', liff)).toBeNull()
    expect(phone.liffTarget('http://127.0.0.1:3100/c/abcdef', liff)).toBeNull()
    expect(phone.liffTarget('https://example.jp/', liff)).toBeNull()
    expect(phone.liffTarget('https://liff.line.me/2000000002-AbCdEfGh', null)).toBeNull()
  })

  it('puts the sub-path and query before the ID token fragment', () => {
    const liffUrl = 'http://127.0.0.1:3100/c/abc#kairan-emulator-id-token=jwt'
    expect(phone.buildLiffUrl(liffUrl, { path: '', query: '' })).toBe(liffUrl)
    expect(phone.buildLiffUrl(liffUrl, { path: '/events/3', query: 'tab=a' })).toBe(
      'http://127.0.0.1:3100/c/abc/events/3?tab=a#kairan-emulator-id-token=jwt',
    )
    expect(phone.buildLiffUrl('http://h/c/?x=1#t', { path: '/p', query: 'y=2' })).toBe(
      'http://h/c/p?x=1&y=2#t',
    )
  })
})

describe('webhookProblem', () => {
  const result = { webhookEventIds: ['01J'], ms: 3 }
  it('is silent for a 2xx', () => {
    expect(phone.webhookProblem({ ...result, status: 200 }, 'ja')).toBeNull()
  })
  it('names the status or the error', () => {
    expect(phone.webhookProblem({ ...result, status: 500 }, 'ja')).toBe('Webhook 送信失敗: 500')
    expect(phone.webhookProblem({ ...result, status: null, error: 'ECONNREFUSED' }, 'en')).toBe(
      'Webhook failed: ECONNREFUSED',
    )
    expect(phone.webhookProblem({ ...result, status: null }, 'ja')).toBe(phone.TEXTS.ja.webhookNotSent)
    expect(phone.webhookProblem({ ...result, status: null, error: 'no webhook URL' }, 'ja')).toBe(
      phone.TEXTS.ja.webhookNotSent,
    )
  })
  it('is silent when there was no event to deliver', () => {
    expect(
      phone.webhookProblem({ webhookEventIds: [], ms: 0, status: null, error: 'already following' }, 'ja'),
    ).toBeNull()
  })
})

describe('rich menu and imagemap areas', () => {
  it('scales bounds to percentages of the image', () => {
    expect(phone.areaBox({ x: 0, y: 843, width: 1250, height: 843 }, { width: 2500, height: 1686 })).toEqual({
      left: '0%',
      top: '50%',
      width: '50%',
      height: '50%',
    })
  })
})

describe('chat items', () => {
  const bot = (id: string, at: string, quick?: boolean): Item => ({
    id,
    at,
    from: 'bot',
    message: quick
      ? { type: 'text', text: 'q', quickReply: { items: [{ type: 'action', action: { type: 'message' } }] } }
      : { type: 'text', text: 'x' },
  })
  it('shows quick replies only while the bot message carrying them is the newest', () => {
    expect(phone.currentQuickReplies([bot('1', '2026-01-01T00:00:00Z', true)])).toHaveLength(1)
    expect(
      phone.currentQuickReplies([
        bot('1', '2026-01-01T00:00:00Z', true),
        { id: '2', at: '2026-01-01T00:00:01Z', from: 'resident', message: { type: 'text', text: 'a' } },
      ]),
    ).toEqual([])
  })
  it('merges by id and keeps time order', () => {
    const a = bot('1', '2026-01-01T00:00:00Z')
    const b = bot('2', '2026-01-01T00:00:01Z')
    expect(phone.mergeItems([b], [a, b]).map((i) => i.id)).toEqual(['1', '2'])
  })
})

describe('small conversions', () => {
  it('gives datetime picker params as LINE does', () => {
    expect(phone.datetimeParams('date', '2026-04-01')).toEqual({ date: '2026-04-01' })
    expect(phone.datetimeParams('time', '09:30:00')).toEqual({ time: '09:30' })
    expect(phone.datetimeParams('datetime', '2026-04-01T09:30')).toEqual({ datetime: '2026-04-01T09:30' })
  })
  it('reads Flex sizes', () => {
    expect(phone.flexLength('md', { md: 8 })).toBe('8px')
    expect(phone.flexLength('12px', { md: 8 })).toBe('12px')
    expect(phone.flexLength('50%', {})).toBe('50%')
    expect(phone.flexLength('huge', {})).toBeUndefined()
  })
})

describe('LINE emoji in text', () => {
  const p = phone as unknown as {
    textV2Parts(text: string, substitution?: Record<string, unknown>): unknown[]
    textEmojiParts(text: string, emojis?: { index: number; productId: string; emojiId: string }[]): unknown[]
  }
  const emoji = { type: 'emoji', productId: '5ac1bfd5040ab15980c9b435', emojiId: '001' }

  it('substitutes textV2 placeholders, keeps unknown keys and unescapes {{ }}', () => {
    expect(
      p.textV2Parts('お知らせ {e1} です {{重要}} {nope} {all}', {
        e1: emoji,
        all: { type: 'mention', mentionee: { type: 'all' } },
      }),
    ).toEqual([
      { type: 'text', value: 'お知らせ ' },
      { type: 'emoji', productId: emoji.productId, emojiId: '001' },
      { type: 'text', value: ' です {重要} {nope} ' },
      { type: 'mention', value: '@All' },
    ])
    expect(p.textV2Parts('no placeholders')).toEqual([{ type: 'text', value: 'no placeholders' }])
  })

  it('replaces the $ of text messages with emojis at their index', () => {
    expect(
      p.textEmojiParts('$ 防災 $', [
        { index: 5, productId: 'b', emojiId: '002' },
        { index: 0, productId: 'a', emojiId: '001' },
      ]),
    ).toEqual([
      { type: 'emoji', productId: 'a', emojiId: '001' },
      { type: 'text', value: ' 防災 ' },
      { type: 'emoji', productId: 'b', emojiId: '002' },
    ])
    // An index that is not a $ is ignored, as the text is shown as written.
    expect(p.textEmojiParts('abc', [{ index: 1, productId: 'a', emojiId: '001' }])).toEqual([
      { type: 'text', value: 'abc' },
    ])
  })
})
