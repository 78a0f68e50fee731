import { RESIDENT_LANGUAGES, stripFurigana } from '@kairan/i18n'
import { describe, expect, it } from 'vitest'
import {
  FORM_MESSAGES,
  FORMAT_CODES,
  formatText,
  messageLanguage,
  quoteCharacters,
  VALIDATION_CODES,
  validationMessage,
} from './messages.ts'

const CODES = [...VALIDATION_CODES, ...FORMAT_CODES]
const templates = (message: unknown): string[] =>
  typeof message === 'string'
    ? [message]
    : [(message as { one: string }).one, (message as { other: string }).other]
const params = (template: string) => new Set([...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]))

describe('form messages', () => {
  const pairs = RESIDENT_LANGUAGES.flatMap((language) => CODES.map((code) => [language, code] as const))

  it.each(pairs)('%s has a message for %s', (language, code) => {
    const message = FORM_MESSAGES[language][code]
    for (const template of templates(message)) expect(template.trim()).not.toBe('')
    // The full form ("other") uses exactly the parameters of the Japanese message.
    const full = templates(message).at(-1) ?? ''
    expect(params(full)).toEqual(params(templates(FORM_MESSAGES.ja[code]).at(-1) ?? ''))
  })

  it.each(RESIDENT_LANGUAGES.filter((l) => l !== 'en'))(
    '%s is translated, not English copied',
    (language) => {
      for (const code of CODES)
        expect(templates(FORM_MESSAGES[language][code])).not.toEqual(templates(FORM_MESSAGES.en[code]))
    },
  )

  it('やさしい日本語 has furigana on every kanji', () => {
    for (const code of CODES) {
      for (const template of templates(FORM_MESSAGES['ja-easy'][code])) {
        const outsideRuby = template.replace(/\{([^{}|]+)\|([^{}|]+)\}/g, '')
        expect(outsideRuby, `${code}: ${template}`).not.toMatch(/\p{Script=Han}/u)
        expect(stripFurigana(template)).not.toMatch(/[|]/)
      }
    }
  })

  it('Korean, Chinese and English carry no furigana markup or kana', () => {
    for (const language of ['en', 'ko', 'zh-Hans', 'zh-Hant'] as const)
      for (const code of CODES)
        for (const template of templates(FORM_MESSAGES[language][code])) {
          expect(template).not.toMatch(/\{[^{}|]+\|[^{}|]+\}/)
          // Examples of kana input (ヤマダ, やまだ) are the only Japanese allowed.
          if (!code.startsWith('char_'))
            expect(template, `${language} ${code}`).not.toMatch(/[\u3041-\u30FF]/)
        }
  })

  it('interpolates parameters, with English singulars', () => {
    expect(validationMessage('text_too_long', 'ja', { max: 8, length: 10 })).toBe(
      '8文字以内で入力してください（現在10文字）。',
    )
    expect(validationMessage('picks_max', 'en', { max: 1 })).toBe('You can choose only 1 option.')
    expect(validationMessage('picks_max', 'en', { max: 3 })).toBe('You can choose up to 3 options.')
    expect(validationMessage('number_min', 'en', { min: 1000 })).toBe(
      'Please enter a number of 1,000 or more.',
    )
    expect(validationMessage('date_min', 'zh-Hant', { min: '2026-04-01' })).toBe(
      '請輸入2026-04-01或之後的日期。',
    )
    expect(formatText('file_count', 'en', { count: 2 })).toBe('(2 files)')
    expect(formatText('file_count', 'ja-easy', { count: 2 })).toBe('（ファイル 2こ）')
  })

  it('falls back by language tag', () => {
    expect(messageLanguage('ja')).toBe('ja')
    expect(messageLanguage('ja-easy')).toBe('ja-easy')
    expect(messageLanguage('ja-JP')).toBe('ja')
    expect(messageLanguage('ko-KR')).toBe('ko')
    expect(messageLanguage('zh-Hant-TW')).toBe('zh-Hant')
    expect(messageLanguage('zh')).toBe('zh-Hans')
    expect(messageLanguage('vi')).toBe('en')
    expect(messageLanguage('')).toBe('ja')
  })

  it('quotes refused characters and names spaces', () => {
    expect(quoteCharacters(['ｱ', ' ', '\u3000'], 'ja')).toBe('「ｱ」、半角スペース、全角スペース')
    expect(quoteCharacters(['a', ' '], 'en')).toBe('"a", half-width space')
  })
})
