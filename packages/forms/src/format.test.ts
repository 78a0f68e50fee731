import { describe, expect, it } from 'vitest'
import { Question } from './definition.ts'
import { formatAnswer } from './format.ts'

const q = (value: Record<string, unknown>) => Question.parse({ id: 'q', label: { ja: '質問' }, ...value })
const options = [
  { id: 'bus', label: { ja: 'バス', en: 'Bus', 'ja-easy': '{路線|ろせん}バス', ko: '버스' } },
  { id: 'train', label: { ja: '電車', en: 'Train' } },
]
const UUID1 = '0b6c1c52-4f7e-4a59-9a3c-2a7f4f1f6e01'
const UUID2 = '0b6c1c52-4f7e-4a59-9a3c-2a7f4f1f6e02'

describe('formatAnswer', () => {
  it('is empty for no answer', () => {
    expect(formatAnswer(q({ type: 'short_text' }), undefined, 'ja')).toBe('')
  })

  it('shows option labels in the language, joined the way the language joins lists', () => {
    const single = q({ type: 'single_choice', options })
    const multiple = q({ type: 'multiple_choice', options })
    expect(formatAnswer(single, 'bus', 'en')).toBe('Bus')
    expect(formatAnswer(single, 'train', 'ko')).toBe('電車') // no Korean label: Japanese
    expect(formatAnswer(multiple, ['bus', 'train'], 'ja')).toBe('バス、電車')
    expect(formatAnswer(multiple, ['bus', 'train'], 'zh-Hant')).toBe('バス、電車')
    expect(formatAnswer(multiple, ['bus', 'train'], 'en')).toBe('Bus, Train')
    expect(formatAnswer(multiple, ['bus', 'train'], 'ko')).toBe('버스, 電車')
    expect(formatAnswer(q({ type: 'dropdown', options }), 'bus', 'ja-easy')).toBe('路線バス')
  })

  it('keeps an option id the definition no longer has', () => {
    expect(formatAnswer(q({ type: 'single_choice', options }), 'ferry', 'ja')).toBe('ferry')
  })

  it('writes numbers, dates and texts as stored', () => {
    expect(formatAnswer(q({ type: 'number' }), 1234.5, 'ja')).toBe('1234.5')
    expect(formatAnswer(q({ type: 'number' }), 0, 'ja')).toBe('0')
    expect(formatAnswer(q({ type: 'date' }), '2026-04-01', 'en')).toBe('2026-04-01')
    expect(formatAnswer(q({ type: 'postal_code' }), '123-4567', 'en')).toBe('123-4567')
    expect(formatAnswer(q({ type: 'long_text' }), '一行目\n二行目', 'ja')).toBe('一行目\n二行目')
  })

  it('names uploads by file name, or counts them', () => {
    const image = q({ type: 'image', maxFiles: 3 })
    const files = { [UUID1]: { fileName: 'photo.jpg' }, [UUID2]: { fileName: null } }
    expect(formatAnswer(image, [UUID1, UUID2], 'en', files)).toBe('photo.jpg, (unnamed file)')
    expect(formatAnswer(image, [UUID1, UUID2], 'ja', files)).toBe('photo.jpg、（名前のないファイル）')
    expect(formatAnswer(image, [UUID1, UUID2], 'en')).toBe('(2 files)')
    expect(formatAnswer(image, [UUID1], 'en')).toBe('(1 file)')
    expect(formatAnswer(image, [UUID1, UUID2], 'ja')).toBe('（ファイル2件）')
  })
})
