import { describe, expect, it } from 'vitest'
import { contentDisposition } from './content-disposition.ts'

describe('contentDisposition', () => {
  it('encodes Japanese names as filename* and keeps an ASCII fallback', () => {
    expect(contentDisposition('inline', '店の写真 (1).jpg')).toBe(
      `inline; filename="____ (1).jpg"; filename*=UTF-8''%E5%BA%97%E3%81%AE%E5%86%99%E7%9C%9F%20%281%29.jpg`,
    )
  })

  it('cannot be broken out of with quotes or line breaks', () => {
    const header = contentDisposition('attachment', 'a"b\r\nSet-Cookie: x.csv')
    expect(header).not.toMatch(/[\r\n]/)
    expect(header).toBe(
      `attachment; filename="a_b__Set-Cookie: x.csv"; filename*=UTF-8''a%22b%0D%0ASet-Cookie%3A%20x.csv`,
    )
  })
})
