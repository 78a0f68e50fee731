import { parseFurigana } from '@kairan/i18n'
import { describe, expect, it } from 'vitest'
import { FORM_LANGUAGES } from '../definition.ts'
import { FORM_UI_MESSAGES, fillMessage, formUiMessages } from './ui-messages.ts'

const slots = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('formUiMessages', () => {
  const ja = FORM_UI_MESSAGES.ja!
  const keys = Object.keys(ja).sort()

  it.each(FORM_LANGUAGES)('%s has every key, non-empty, with the same value slots as Japanese', (lang) => {
    const messages = FORM_UI_MESSAGES[lang]
    expect(messages, lang).toBeDefined()
    expect(Object.keys(messages!).sort()).toEqual(keys)
    for (const key of keys) {
      const text = messages![key as keyof typeof ja]
      expect(text.trim(), `${lang}.${key}`).not.toBe('')
      expect(slots(text), `${lang}.${key}`).toEqual(slots(ja[key as keyof typeof ja]))
    }
  })

  it('writes furigana only as well-formed {漢字|かんじ} pairs', () => {
    for (const lang of FORM_LANGUAGES) {
      for (const [key, text] of Object.entries(FORM_UI_MESSAGES[lang]!)) {
        const plain = parseFurigana(text)
          .filter((s): s is string => typeof s === 'string')
          .join('')
        // What is left after the ruby pairs may only hold value slots, never a stray brace or bar.
        expect(plain.replace(/\{\w+\}/g, ''), `${lang}.${key}`).not.toMatch(/[{}|]/)
      }
    }
    expect(FORM_UI_MESSAGES['ja-easy']!.postalSearch).toContain('{住所|じゅうしょ}')
  })

  it('falls back to Japanese for Japanese tags and to English for unknown ones', () => {
    expect(formUiMessages('ja').required).toBe('必須')
    expect(formUiMessages('ja-JP').required).toBe('必須')
    expect(formUiMessages('ja-easy').required).toBe('かならず')
    expect(formUiMessages('en').required).toBe('Required')
    expect(formUiMessages('en-GB').required).toBe('Required')
    expect(formUiMessages('ko-KR').required).toBe('필수')
    expect(formUiMessages('zh-TW').optional).toBe('選填')
    expect(formUiMessages('zh-CN').optional).toBe('选填')
    expect(formUiMessages('vi').required).toBe('Required')
  })

  it('fills value slots and leaves furigana and unknown slots alone', () => {
    expect(fillMessage('{max}{文字|もじ}まで', { max: 20 })).toBe('20{文字|もじ}まで')
    expect(fillMessage('{name} uploaded', {})).toBe('{name} uploaded')
  })
})
