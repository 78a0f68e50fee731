import { describe, expect, it } from 'vitest'
import { lookupPostalCode } from './postal-code.ts'

describe('lookupPostalCode', () => {
  it('finds the address however the code is typed', async () => {
    const ginza = {
      postalCode: '104-0061',
      prefecture: '東京都',
      city: '中央区',
      town: '銀座',
      address: '東京都中央区銀座',
    }
    for (const code of ['1040061', '104-0061', '〒１０４－００６１', ' 104 0061 ']) {
      expect(await lookupPostalCode({ input: { code } }), code).toEqual(ginza)
    }
  })

  it('gives the shared part of the towns when a code covers several', async () => {
    // 452-0961 covers dozens of 春日… towns in 清須市.
    expect(await lookupPostalCode({ input: { code: '4520961' } })).toMatchObject({
      city: '清須市',
      town: '春日',
      address: '愛知県清須市春日',
    })
  })

  it('gives the city alone for a city-wide code', async () => {
    expect(await lookupPostalCode({ input: { code: '060-0000' } })).toMatchObject({
      prefecture: '北海道',
      city: '札幌市中央区',
      town: '',
    })
  })

  it('answers null for unknown or malformed codes', async () => {
    for (const code of ['9999999', '104-006', '12345678', 'abc-defg', '']) {
      expect(await lookupPostalCode({ input: { code } }), code).toBeNull()
    }
  })
})
