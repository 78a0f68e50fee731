import { createI18n } from '@kairan/i18n'
import { describe, expect, it } from 'vitest'
import {
  formatTime,
  friendFiltersFromSearch,
  hasFriendFilters,
  languageName,
  tokyoDayKey,
} from './friends.ts'

describe('friendFiltersFromSearch', () => {
  it('reads the query string', () => {
    const filters = friendFiltersFromSearch(
      new URLSearchParams('q=%20花子%20&status=blocked&lang=en&since=2025-04-01&page=3'),
    )
    expect(filters).toEqual({
      query: '花子',
      status: 'blocked',
      language: 'en',
      addedSince: '2025-04-01',
      page: 3,
    })
    expect(hasFriendFilters(filters)).toBe(true)
  })

  it('drops what is malformed', () => {
    const filters = friendFiltersFromSearch(new URLSearchParams('status=all&since=2025-13-45&page=0'))
    expect(filters).toEqual({ query: '', status: null, language: null, addedSince: null, page: 1 })
    expect(hasFriendFilters(filters)).toBe(false)
  })
})

describe('dates in Japan time', () => {
  it('groups and shows times in Asia/Tokyo whatever the machine zone', () => {
    const lateUtc = new Date('2025-03-31T16:30:00Z') // 01:30 on 1 April in Tokyo
    expect(tokyoDayKey(lateUtc)).toBe('2025-04-01')
    expect(formatTime(lateUtc, 'ja')).toBe('01:30')
  })
})

describe('languageName', () => {
  it('names known codes in the UI language and shows unknown ones as they are', () => {
    const ja = createI18n('ja')
    const en = createI18n('en')
    expect(languageName(ja.t, ja, 'en')).toBe('英語')
    expect(languageName(en.t, en, 'ja-easy')).toBe('Plain Japanese')
    expect(languageName(ja.t, ja, 'xx-YY')).toBe('xx-YY')
    expect(languageName(ja.t, ja, null)).toBeNull()
  })
})
