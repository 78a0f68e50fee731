import { describe, expect, it } from 'vitest'
import { languageCookie, languageFromRequest, readCookie, safeRedirectPath } from './i18n.server.ts'

const request = (headers: Record<string, string>, url = 'http://admin.test/') => new Request(url, { headers })

describe('languageFromRequest', () => {
  it('uses the kairan_lang cookie first', () => {
    expect(languageFromRequest(request({ Cookie: 'a=1; kairan_lang=en', 'Accept-Language': 'ja' }))).toBe(
      'en',
    )
  })

  it('falls back to Accept-Language, then Japanese', () => {
    expect(languageFromRequest(request({ Cookie: 'kairan_lang=xx', 'Accept-Language': 'en-US' }))).toBe('en')
    expect(languageFromRequest(request({}))).toBe('ja')
  })
})

describe('readCookie', () => {
  it('finds one cookie and tolerates bad encodings', () => {
    expect(readCookie('x=1;kairan_lang=ja ; y=2', 'kairan_lang')).toBe('ja')
    expect(readCookie('other_kairan_lang=en', 'kairan_lang')).toBeUndefined()
    expect(readCookie('kairan_lang=%E0%A4%A', 'kairan_lang')).toBeUndefined()
    expect(readCookie(null, 'kairan_lang')).toBeUndefined()
  })
})

describe('languageCookie', () => {
  it('lasts a year, site-wide, SameSite=Lax', () => {
    expect(languageCookie('en', request({}))).toBe(
      'kairan_lang=en; Max-Age=31536000; Path=/; SameSite=Lax; HttpOnly',
    )
  })

  it('is Secure over HTTPS', () => {
    expect(languageCookie('ja', request({}, 'https://admin.test/'))).toMatch(/; Secure$/)
  })
})

describe('safeRedirectPath', () => {
  it('keeps same-site paths with their query and hash', () => {
    expect(safeRedirectPath('/staff?page=2#top')).toBe('/staff?page=2#top')
    expect(safeRedirectPath('/')).toBe('/')
  })

  it('sends everything else home', () => {
    for (const value of [
      null,
      undefined,
      '',
      'staff',
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/ok\r\nSet-Cookie: x=1',
      'javascript:alert(1)',
    ]) {
      expect(safeRedirectPath(value), String(value)).toBe('/')
    }
  })
})
