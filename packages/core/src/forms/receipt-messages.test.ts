import { describe, expect, it } from 'vitest'
import { receiptText } from './receipt-messages.ts'

const title = { ja: '防災アンケート', en: 'Disaster survey', 'ja-easy': '{防災|ぼうさい}アンケート' }

describe('receiptText', () => {
  it('speaks the language the resident answered in', () => {
    expect(receiptText(title, 'ja', 'received')).toBe(
      '「防災アンケート」への回答を受け付けました。ご協力ありがとうございました。',
    )
    expect(receiptText(title, 'ja', 'changed')).toBe('「防災アンケート」の回答を変更しました。')
    expect(receiptText(title, 'en', 'received')).toBe(
      'We have received your answer to "Disaster survey". Thank you.',
    )
    // No Korean title: the Japanese one, in a Korean sentence.
    expect(receiptText(title, 'ko', 'received')).toBe(
      '「防災アンケート」에 대한 응답이 접수되었습니다. 감사합니다.',
    )
    expect(receiptText(title, 'zh-Hant', 'changed')).toBe('您對「防災アンケート」的回答已變更。')
  })

  it('turns furigana into readings in brackets (LINE cannot show ruby)', () => {
    expect(receiptText(title, 'ja-easy', 'received')).toBe(
      '「防災(ぼうさい)アンケート」の こたえを うけとりました。ありがとうございました。',
    )
  })

  it('falls back to English for other languages', () => {
    expect(receiptText(title, 'vi', 'received')).toBe(
      'We have received your answer to "防災アンケート". Thank you.',
    )
  })
})
