import { describe, expect, it } from 'vitest'
import {
  type ComposerContent,
  contentForServer,
  contentProblems,
  emojiToken,
  etaMinutes,
  formatRate,
  historyFiltersFromSearch,
  insertAt,
  missingTranslations,
  notificationText,
  splitEmoji,
  tokyoDayStart,
  variantLanguages,
} from './content.ts'

type Card = Extract<ComposerContent['messages'][number], { type: 'card' }>
const card = (over: Partial<Card> = {}): Card => ({
  type: 'card',
  imageId: null,
  title: { ja: '防災訓練' },
  body: {},
  buttons: [],
  ...over,
})

describe('translations', () => {
  const content: ComposerContent = {
    version: 1,
    messages: [
      { type: 'text', text: { ja: 'こんにちは', en: 'Hello' } },
      { type: 'sticker', packageId: '446', stickerId: '1988' },
      card({
        body: { ja: '本文', en: 'Body' },
        buttons: [{ label: { ja: '申し込む' }, action: { kind: 'url', url: 'https://example.jp' } }],
      }),
    ],
    altText: {},
  }

  it('counts the texts with Japanese but no translation, per language', () => {
    const missing = missingTranslations(content)
    expect(missing.ja).toBe(0)
    // title and the button label lack English; text and body have it.
    expect(missing.en).toBe(2)
    // text, title, body, label: nothing in Korean.
    expect(missing.ko).toBe(4)
  })

  it('a language is a variant only when every text with Japanese has it (as core decides)', () => {
    expect(variantLanguages(content)).toEqual(['ja'])
    const full: ComposerContent = {
      ...content,
      messages: content.messages.map((m) =>
        m.type === 'card'
          ? {
              ...m,
              title: { ...m.title, en: 'Drill' },
              buttons: [{ ...m.buttons[0]!, label: { ja: '申し込む', en: 'Apply' } }],
            }
          : m,
      ),
    }
    expect(variantLanguages(full)).toEqual(['ja', 'en'])
    // An alt text in Japanese only takes English away again.
    expect(variantLanguages({ ...full, altText: { ja: 'お知らせ' } })).toEqual(['ja'])
  })

  it('the notification line is the alt text, else the first text without emoji tokens', () => {
    const token = emojiToken('5ac1bfd5040ab15980c9b435', '001')
    const withEmoji: ComposerContent = {
      version: 1,
      messages: [{ type: 'text', text: { ja: `${token}お知らせ` } }],
      altText: {},
    }
    expect(notificationText(withEmoji, 'ja')).toBe('お知らせ')
    expect(notificationText({ ...withEmoji, altText: { ja: '通知', en: 'Notice' } }, 'en')).toBe('Notice')
    expect(notificationText({ ...withEmoji, altText: { ja: '通知' } }, 'en')).toBe('通知')
  })
})

describe('problems', () => {
  it('finds what stops saving, per message', () => {
    const content: ComposerContent = {
      version: 1,
      messages: [
        { type: 'text', text: { ja: '  ' } },
        { type: 'image', imageId: '' },
        card({
          title: { ja: '' },
          buttons: [
            { label: { ja: '' }, action: { kind: 'url', url: 'javascript:alert(1)' } },
            { label: { ja: 'フォーム' }, action: { kind: 'form', formId: '' } },
            { label: { ja: '返信' }, action: { kind: 'postback', data: ' ', displayText: {} } },
          ],
        }),
      ],
      altText: {},
    }
    expect(contentProblems(content)).toEqual([
      { messageIndex: 0, key: 'textRequired' },
      { messageIndex: 1, key: 'imageRequired' },
      { messageIndex: 2, key: 'cardTitleRequired' },
      { messageIndex: 2, key: 'buttonLabelRequired' },
      { messageIndex: 2, key: 'buttonUrlInvalid' },
      { messageIndex: 2, key: 'buttonFormRequired' },
      { messageIndex: 2, key: 'buttonDataRequired' },
    ])
  })

  it('a complete content has none; six messages are too many', () => {
    const ok: ComposerContent = {
      version: 1,
      messages: [{ type: 'text', text: { ja: 'はい' } }],
      altText: {},
    }
    expect(contentProblems(ok)).toEqual([])
    const six = { ...ok, messages: Array.from({ length: 6 }, () => ok.messages[0]!) }
    expect(contentProblems(six)).toContainEqual({ messageIndex: null, key: 'tooManyMessages' })
  })

  it('drops empty translations and trims URLs for the server', () => {
    const content: ComposerContent = {
      version: 1,
      messages: [
        { type: 'text', text: { ja: 'はい', en: ' ' } },
        card({
          buttons: [
            { label: { ja: '開く', ko: '' }, action: { kind: 'url', url: ' https://example.jp/a ' } },
          ],
        }),
      ],
      altText: { ja: '', en: 'x' },
    }
    const out = contentForServer(content)
    expect(out.messages[0]).toEqual({ type: 'text', text: { ja: 'はい' } })
    expect(out.messages[1]).toMatchObject({
      buttons: [{ label: { ja: '開く' }, action: { kind: 'url', url: 'https://example.jp/a' } }],
    })
    expect(out.altText).toEqual({ en: 'x' })
  })
})

describe('emoji', () => {
  const token = emojiToken('5ac1bfd5040ab15980c9b435', '002')

  it('splits a text into runs and emoji', () => {
    expect(splitEmoji(`今日は${token}晴れ${token}`)).toEqual([
      { kind: 'text', value: '今日は' },
      { kind: 'emoji', productId: '5ac1bfd5040ab15980c9b435', emojiId: '002' },
      { kind: 'text', value: '晴れ' },
      { kind: 'emoji', productId: '5ac1bfd5040ab15980c9b435', emojiId: '002' },
    ])
    // Not a token: wrong length of product id.
    expect(splitEmoji('{{emoji:abc:001}}')).toEqual([{ kind: 'text', value: '{{emoji:abc:001}}' }])
  })

  it('inserts at the caret or over the selection', () => {
    expect(insertAt('abcd', 2, 2, 'X')).toEqual({ text: 'abXcd', caret: 3 })
    expect(insertAt('abcd', 1, 3, 'X')).toEqual({ text: 'aXd', caret: 2 })
    expect(insertAt('abcd', null, null, 'X')).toEqual({ text: 'abcdX', caret: 5 })
    expect(insertAt('ab', 9, 1, 'X')).toEqual({ text: 'abX', caret: 3 })
  })
})

describe('history filters and figures', () => {
  it('reads the URL, dropping anything malformed', () => {
    expect(
      historyFiltersFromSearch(
        new URLSearchParams('from=2025-04-01&to=2025-13-01&status=sent,bogus,sent&tests=1&page=3'),
      ),
    ).toEqual({
      from: '2025-04-01',
      to: null,
      statuses: ['sent'],
      includeTests: true,
      page: 3,
    })
    expect(historyFiltersFromSearch(new URLSearchParams('page=-1')).page).toBe(1)
  })

  it('Tokyo days as instants: the start, or the next day for an inclusive end', () => {
    expect(tokyoDayStart('2025-04-01')).toBe('2025-03-31T15:00:00.000Z')
    expect(tokyoDayStart('2025-04-30', true)).toBe('2025-04-30T15:00:00.000Z')
  })

  it('formats rates and the remaining minutes', () => {
    expect(formatRate(0.1234)).toBe('12.3%')
    expect(formatRate(null)).toBe('—')
    const now = new Date('2025-04-01T00:00:00Z')
    expect(etaMinutes('2025-04-01T00:00:30Z', now)).toBe(1)
    expect(etaMinutes('2025-04-01T00:10:01Z', now)).toBe(11)
    expect(etaMinutes(null, now)).toBeNull()
  })
})
