import { describe, expect, it } from 'vitest'
import { liffStateTarget, requestLanguage, safeReturnPath } from './i18n.server.ts'

const id = '6169c31e-275a-4d6f-81fa-02847ee591f6'

describe('safeReturnPath', () => {
  it('keeps paths and queries under the channel’s pages', () => {
    expect(safeReturnPath(`/c/${id}`, id)).toBe(`/c/${id}`)
    expect(safeReturnPath(`/c/${id}/news?page=2`, id)).toBe(`/c/${id}/news?page=2`)
  })

  it('sends anything else to the channel’s My page', () => {
    for (const value of [
      undefined,
      '',
      'c/x',
      '//evil.example/c/x',
      '/\\evil.example',
      'https://evil.example',
      '/c/00000000-0000-4000-8000-000000000000',
      `/c/${id}evil`,
      `/c/${id}/\nSet-Cookie: x=1`,
      `/c/${id}/../other`,
    ]) {
      expect(safeReturnPath(value, id), String(value)).toBe(`/c/${id}`)
    }
  })
})

describe('liffStateTarget', () => {
  it('turns a LIFF deep link into the page under the endpoint, keeping other parameters', () => {
    const state = encodeURIComponent('/news?id=3')
    expect(liffStateTarget(`http://x/c/${id}?liff.state=${state}&from=menu`, id)).toBe(
      `/c/${id}/news?id=3&from=menu`,
    )
    expect(liffStateTarget(`http://x/c/${id}?liff.state=%2F`, id)).toBe(`/c/${id}`)
  })

  it('is null without the parameter and never leaves the channel', () => {
    expect(liffStateTarget(`http://x/c/${id}?a=1`, id)).toBeNull()
    expect(liffStateTarget(`http://x/c/${id}?liff.state=${encodeURIComponent('//evil.example')}`, id)).toBe(
      `/c/${id}`,
    )
  })
})

describe('requestLanguage', () => {
  const request = (headers: Record<string, string>) => new Request('http://x/c/1', { headers })
  it('prefers the language cookie, then Accept-Language', () => {
    expect(requestLanguage(request({ cookie: 'kairan_resident_lang=ko', 'accept-language': 'en' }))).toBe(
      'ko',
    )
    expect(requestLanguage(request({ 'accept-language': 'zh-HK,zh;q=0.8' }))).toBe('zh-Hant')
    expect(requestLanguage(request({}))).toBe('ja')
  })
})
