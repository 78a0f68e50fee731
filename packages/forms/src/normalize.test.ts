import { describe, expect, it } from 'vitest'
import { CharRule } from './definition.ts'
import {
  disallowedCharacters,
  formatPostalCode,
  graphemes,
  hiraganaToKatakana,
  katakanaToHiragana,
  normalizeText,
  textLength,
  toFullWidthKana,
} from './normalize.ts'

const rule = (kind: string, convert = true) =>
  CharRule.parse({ kind, convert, pattern: kind === 'pattern' ? '.+' : undefined })

describe('normalizeText', () => {
  it('changes nothing without a rule or without convert', () => {
    expect(normalizeText(' ｱｲｳ １２３ ')).toBe(' ｱｲｳ １２３ ')
    expect(normalizeText('ｱｲｳ', rule('katakana', false))).toBe('ｱｲｳ')
  })

  it.each([
    ['katakana', 'ｱｲｳ', 'アイウ'],
    ['katakana', 'ｶﾞｷﾞｸﾞ', 'ガギグ'],
    ['katakana', 'カﾞ', 'ガ'],
    ['katakana', 'ﾊﾟﾋﾟﾌﾟ', 'パピプ'],
    ['katakana', 'ｳﾞｧｲｵﾘﾝ', 'ヴァイオリン'],
    ['katakana', 'ゔぁいおりん', 'ヴァイオリン'],
    ['katakana', 'ｺｰﾋｰ･ﾀｲﾑ', 'コーヒー・タイム'],
    ['katakana', 'ヤマダ·タロウ', 'ヤマダ・タロウ'],
    ['hiragana', 'ヤマダ', 'やまだ'],
    ['hiragana', 'ｶﾞｯｺｳ', 'がっこう'],
    ['digits', '１２３', '123'],
    ['digits', '①②', '12'],
    ['alphanumeric', 'ＡＢＣ１２３', 'ABC123'],
    ['half_width', 'ＡＢＣ－１２３　＠', 'ABC-123 @'],
    ['half_width', '東京都１ー２ー３', '東京都1-2-3'],
    ['full_width', 'ABC 123', 'ＡＢＣ　１２３'],
    ['full_width', 'ｶﾞｷﾞ-1', 'ガギ－１'],
    ['pattern', 'Ａ１２３ｶﾞ', 'A123ガ'],
  ])('%s: %s → %s', (kind, input, output) => {
    expect(normalizeText(input, rule(kind))).toBe(output)
  })
})

describe('kana helpers', () => {
  it('convert both ways and leave other text alone', () => {
    expect(hiraganaToKatakana('ひらがな and 漢字')).toBe('ヒラガナ and 漢字')
    expect(katakanaToHiragana('カタカナ ヷ')).toBe('かたかな ヷ')
    expect(toFullWidthKana('ｶﾞ')).toBe('ガ')
    expect(toFullWidthKana('ｶﾞ').length).toBe(1)
  })
})

describe('disallowedCharacters', () => {
  it('lists each refused character once, in order', () => {
    expect(disallowedCharacters('アaイaウb', 'katakana')).toEqual(['a', 'b'])
    expect(disallowedCharacters('アイウ', 'katakana')).toEqual([])
  })

  it('treats emoji as neither half- nor full-width', () => {
    expect(disallowedCharacters('山田👨‍👩‍👧', 'full_width')).toEqual(['👨‍👩‍👧'])
    expect(disallowedCharacters('☎️', 'full_width')).toEqual(['☎️'])
    expect(disallowedCharacters('☆★○※→', 'full_width')).toEqual([])
  })
})

describe('graphemes', () => {
  it('count what residents see as one character', () => {
    expect(textLength('👨‍👩‍👧')).toBe(1)
    expect(textLength('🇯🇵')).toBe(1)
    expect(textLength('👍🏽')).toBe(1)
    expect(textLength('か\u3099')).toBe(1)
    expect(textLength('𠮷野家')).toBe(3)
    expect(graphemes('aあ😀')).toEqual(['a', 'あ', '😀'])
  })
})

describe('formatPostalCode', () => {
  it.each([
    ['1234567', '123-4567'],
    ['123-4567', '123-4567'],
    ['１２３４５６７', '123-4567'],
    ['１２３－４５６７', '123-4567'],
    ['１２３ー４５６７', '123-4567'],
    ['123‐4567', '123-4567'],
    ['123−4567', '123-4567'],
    ['〒123-4567', '123-4567'],
    [' 123 4567 ', '123-4567'],
  ])('%s → %s', (input, output) => {
    expect(formatPostalCode(input)).toBe(output)
  })

  it.each(['', '123456', '12345678', '12-34567', '123-456a', 'abc-defg'])('%s → null', (input) => {
    expect(formatPostalCode(input)).toBeNull()
  })
})
