import { describe, expect, it } from 'vitest'
import { pickLanguage, RESIDENT_LANGUAGE_NAMES, RESIDENT_LANGUAGES } from './languages.ts'

describe('pickLanguage', () => {
  it('prefers a valid cookie over the browser', () => {
    expect(pickLanguage('en', 'ja-JP,ja;q=0.9')).toBe('en')
    expect(pickLanguage('ja', 'en-US')).toBe('ja')
  })

  it('ignores an unknown cookie value', () => {
    expect(pickLanguage('fr', 'en-GB,en;q=0.8')).toBe('en')
    expect(pickLanguage('<script>', null)).toBe('ja')
  })

  it('follows Accept-Language quality order, matching the primary subtag', () => {
    expect(pickLanguage(undefined, 'fr-FR, en-US;q=0.8, ja;q=0.9')).toBe('ja')
    expect(pickLanguage(undefined, 'fr-FR, ja;q=0.5, EN-us;q=0.7')).toBe('en')
    expect(pickLanguage(null, 'ko-KR, en;q=0.1')).toBe('en')
  })

  it('skips languages marked not acceptable (q=0)', () => {
    expect(pickLanguage(undefined, 'en;q=0, ja;q=0.2')).toBe('ja')
  })

  it('falls back to Japanese', () => {
    expect(pickLanguage(undefined, undefined)).toBe('ja')
    expect(pickLanguage('', '')).toBe('ja')
    expect(pickLanguage(undefined, '*')).toBe('ja')
    expect(pickLanguage(undefined, 'de-DE,fr;q=0.5')).toBe('ja')
    expect(pickLanguage(undefined, ';;,,q=1')).toBe('ja')
  })
})

describe('resident languages', () => {
  it('each has a native name', () => {
    for (const language of RESIDENT_LANGUAGES) expect(RESIDENT_LANGUAGE_NAMES[language]).toBeTruthy()
  })
})
