import type { Answers } from '@kairan/forms'
import { describe, expect, it } from 'vitest'
import { Invalid } from '../../errors.ts'
import { compileAnswerFilters, foldText, matchesAll } from './answer-filters.ts'
import { mergeQuestions } from './answer-scope.ts'
import { surveyV1, surveyV2 } from './answers-fixtures.ts'
import { sheetName, tokyoDateTime } from './export-form-responses.ts'
import { continuousDays } from './form-response-stats.ts'

const { questions } = mergeQuestions([surveyV2(), surveyV1()])
const matches = (questionId: string, value: string, answers: Answers) =>
  matchesAll(compileAnswerFilters([{ questionId, value }], questions), answers)

describe('answer filters', () => {
  it.each<[string, string, Answers, boolean]>([
    ['q_name', 'ﾔﾏﾀﾞ', { q_name: 'ヤマダ' }, true],
    ['q_name', 'ＡＢＣ', { q_name: 'abc商店' }, true],
    ['q_name', 'xyz', { q_name: 'abc' }, false],
    ['q_name', 'abc', {}, false],
    ['q_color', 'red', { q_color: 'red' }, true],
    ['q_color', 'red', { q_color: 'blue' }, false],
    ['q_color', 're', { q_color: 'red' }, false],
    ['q_fruits', 'grape', { q_fruits: ['apple', 'grape'] }, true],
    ['q_fruits', 'grape', { q_fruits: ['apple'] }, false],
    ['q_phone', '09012345678', { q_phone: '090-1234-5678' }, true],
    ['q_phone', '０９０－１２３４', { q_phone: '090-1234-5678' }, true],
    ['q_phone', '080', { q_phone: '090-1234-5678' }, false],
    ['q_age', '４２', { q_age: 42 }, true],
    ['q_age', '4', { q_age: 42 }, false],
  ])('%s ~ %s on %j → %s', (questionId, value, answers, expected) => {
    expect(matches(questionId, value, answers)).toBe(expected)
  })

  it('refuses unknown and upload questions', () => {
    expect(() => compileAnswerFilters([{ questionId: 'nope', value: 'x' }], questions)).toThrow(Invalid)
    expect(() => compileAnswerFilters([{ questionId: 'q_photo', value: 'x' }], questions)).toThrow(Invalid)
  })

  it('folds width and case', () => {
    expect(foldText('ＡＢＣｱｲｳ１２３')).toBe('abcアイウ123')
  })
})

describe('continuousDays', () => {
  it('fills the gaps of the period with zeros, but not days still to come', () => {
    const days = [
      { date: '2026-03-30', count: 2 },
      { date: '2026-04-02', count: 1 },
    ]
    expect(continuousDays(days, undefined, undefined, '2026-05-01').map((d) => d.count)).toEqual([2, 0, 0, 1])
    expect(continuousDays(days, '2026-03-29', '2026-04-30', '2026-04-03').map((d) => d.date)).toEqual([
      '2026-03-29',
      '2026-03-30',
      '2026-03-31',
      '2026-04-01',
      '2026-04-02',
      '2026-04-03',
    ])
    expect(continuousDays([], undefined, undefined, '2026-05-01')).toEqual([])
  })

  it('leaves a very long span as it is', () => {
    const days = [
      { date: '2020-01-01', count: 1 },
      { date: '2026-01-01', count: 1 },
    ]
    expect(continuousDays(days, undefined, undefined, '2026-05-01')).toEqual(days)
  })
})

describe('export helpers', () => {
  it('writes Japan time and Excel-safe sheet names', () => {
    expect(tokyoDateTime(new Date('2026-11-21T05:03:59Z'))).toBe('2026-11-21 14:03')
    expect(tokyoDateTime(new Date('2026-11-20T15:30:00Z'))).toBe('2026-11-21 00:30')
    expect(sheetName('a/b:c*d?e[f]g\\h', 'x')).toBe('a b c d e f g h')
    expect(sheetName("'引用'", 'x')).toBe('引用')
    expect(Array.from(sheetName('あ'.repeat(40), 'x'))).toHaveLength(31)
    expect(sheetName('  ::  ', '回答')).toBe('回答')
  })
})
