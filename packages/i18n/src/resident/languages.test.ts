import { describe, expect, it } from 'vitest'
import { matchResidentLanguage, pickResidentLanguage, residentHtmlLang } from './languages.ts'

describe('pickResidentLanguage', () => {
  it('prefers a valid cookie', () => {
    expect(pickResidentLanguage('ja-easy', 'en-US')).toBe('ja-easy')
    expect(pickResidentLanguage('zh-Hant', null)).toBe('zh-Hant')
    expect(pickResidentLanguage('fr', 'ko-KR')).toBe('ko')
  })

  it('follows Accept-Language order and maps Chinese by script or region', () => {
    expect(pickResidentLanguage(undefined, 'fr-FR, ko;q=0.9, en;q=0.8')).toBe('ko')
    expect(pickResidentLanguage(undefined, 'zh-TW,zh;q=0.9')).toBe('zh-Hant')
    expect(pickResidentLanguage(undefined, 'zh-Hant-HK')).toBe('zh-Hant')
    expect(pickResidentLanguage(undefined, 'zh-CN,zh;q=0.9')).toBe('zh-Hans')
    expect(pickResidentLanguage(undefined, 'zh')).toBe('zh-Hans')
    expect(pickResidentLanguage(undefined, 'ja-JP')).toBe('ja')
    expect(pickResidentLanguage(undefined, 'en;q=0, ja;q=0.2')).toBe('ja')
  })

  it('gives English to browsers naming only other languages, Japanese to none', () => {
    expect(pickResidentLanguage(undefined, 'vi-VN, pt-BR;q=0.5')).toBe('en')
    expect(pickResidentLanguage(undefined, '')).toBe('ja')
    expect(pickResidentLanguage(undefined, '*')).toBe('ja')
    expect(pickResidentLanguage(null, null)).toBe('ja')
  })

  it('never guesses やさしい日本語', () => {
    expect(matchResidentLanguage('ja-easy')).toBe('ja')
  })
})

describe('residentHtmlLang', () => {
  it('is ja for やさしい日本語 and the code otherwise', () => {
    expect(residentHtmlLang('ja-easy')).toBe('ja')
    expect(residentHtmlLang('zh-Hant')).toBe('zh-Hant')
  })
})
