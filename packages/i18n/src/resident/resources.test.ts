import { describe, expect, it } from 'vitest'
import { RESIDENT_LANGUAGES } from '../languages.ts'
import { parseFurigana, stripFurigana } from './furigana.ts'
import { residentMessages } from './resources.ts'
import { createResidentTranslator } from './translate.ts'

type Tree = { readonly [key: string]: unknown }

/** Every leaf of a message tree as `path → message`; anything but a string or a subtree is reported. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const leaves = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') leaves.set(path, value)
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [p, v] of flatten(value as Tree, path)) leaves.set(p, v)
    } else leaves.set(path, `<not a message: ${JSON.stringify(value)}>`)
  }
  return leaves
}

const variables = (message: string) => [...message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort()
const japanese = flatten(residentMessages.ja)

describe('resident messages', () => {
  it('the walker sees nested keys', () => {
    expect(japanese.size).toBeGreaterThan(30)
    expect(japanese.get('errors.liff_token_invalid')).toBeTruthy()
  })

  it.each(RESIDENT_LANGUAGES)('%s has exactly the keys of ja, each a non-empty string', (language) => {
    const messages = flatten(residentMessages[language])
    expect([...messages.keys()].sort()).toEqual([...japanese.keys()].sort())
    for (const [path, message] of messages) {
      expect(message.trim(), `${language}: ${path}`).not.toBe('')
      expect(message, `${language}: ${path}`).not.toMatch(/^<not a message/)
    }
  })

  it.each(RESIDENT_LANGUAGES)('%s uses the same {{variables}} as ja', (language) => {
    const messages = flatten(residentMessages[language])
    for (const [path, message] of japanese) {
      expect(variables(messages.get(path) ?? ''), `${language}: ${path}`).toEqual(variables(message))
    }
  })

  it('translates every error key the citizen API returns', () => {
    const keys = [
      'liff_token_invalid',
      'liff_not_configured',
      'unauthenticated',
      'not_found',
      'invalid_input',
      'form_not_found',
      'form_not_open',
      'form_closed',
      'form_limit_reached',
      'form_invalid_answers',
      'form_response_not_editable',
      'upload_too_large',
      'upload_type_not_allowed',
      'upload_not_found',
    ]
    for (const language of RESIDENT_LANGUAGES) {
      for (const key of [...keys, 'internal']) {
        expect(flatten(residentMessages[language]).get(`errors.${key}`), `${language}: ${key}`).toBeTruthy()
      }
    }
  })

  it('writes furigana only in やさしい日本語, and well-formed', () => {
    for (const language of RESIDENT_LANGUAGES) {
      for (const [path, message] of flatten(residentMessages[language])) {
        const rest = stripFurigana(message).replace(/\{\{\s*\w+\s*\}\}/g, '')
        // A stray brace or bar means a furigana mark-up typo.
        expect(rest, `${language}: ${path}`).not.toMatch(/[{}|]/)
        if (language !== 'ja-easy') expect(stripFurigana(message), `${language}: ${path}`).toBe(message)
      }
    }
  })

  it('gives every kanji in やさしい日本語 its reading', () => {
    for (const [path, message] of flatten(residentMessages['ja-easy'])) {
      for (const segment of parseFurigana(message)) {
        if (typeof segment === 'string') expect(segment, path).not.toMatch(/\p{Script=Han}/u)
      }
    }
  })
})

describe('createResidentTranslator', () => {
  it.each(RESIDENT_LANGUAGES)('translates in %s', (language) => {
    const t = createResidentTranslator(language, residentMessages[language])
    expect(t('myPage.title')).toBe(residentMessages[language].myPage.title)
    expect(t('errorPage.statusCode', { status: 404 })).toContain('404')
  })

  it('fills values in, leaves unknown ones, and shows the key when a message is missing', () => {
    const t = createResidentTranslator('ja-easy', residentMessages['ja-easy'])
    expect(t('myPage.pictureAlt', { name: '山田' })).toBe('山田さんの {写真|しゃしん}')
    expect(t('myPage.pictureAlt')).toBe('{{name}}さんの {写真|しゃしん}')
    expect(t('myPage.nope')).toBe('myPage.nope')
    expect(t('myPage')).toBe('myPage')
  })

  it('picks plural forms by the language’s rules when they exist', () => {
    const messages = { ...residentMessages.en, n_one: 'one item', n_other: '{{count}} items' }
    const t = createResidentTranslator('en', messages as typeof residentMessages.en)
    expect(t('n', { count: 1 })).toBe('one item')
    expect(t('n', { count: 3 })).toBe('3 items')
  })
})

describe('parseFurigana', () => {
  it('splits text and ruby', () => {
    expect(parseFurigana('お{知|し}らせが {届|とど}く')).toEqual([
      'お',
      { base: '知', reading: 'し' },
      'らせが ',
      { base: '届', reading: 'とど' },
      'く',
    ])
    expect(parseFurigana('plain')).toEqual(['plain'])
    expect(parseFurigana('')).toEqual([''])
    expect(parseFurigana('{{name}} {名前|なまえ}')).toEqual([
      '{{name}} ',
      { base: '名前', reading: 'なまえ' },
    ])
  })

  it('strips readings for plain text', () => {
    expect(stripFurigana('{言葉|ことば}を えらぶ')).toBe('言葉を えらぶ')
  })
})
