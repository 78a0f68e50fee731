import { describe, expect, it } from 'vitest'
import type { AttributeDef } from './attributes.ts'
import { describeSegment } from './describe-segment.ts'
import type { SegmentFilter } from './filter.ts'

const attributes: AttributeDef[] = [
  {
    id: '1',
    key: 'district',
    kind: 'single',
    label: { ja: '地区', en: 'District' },
    options: [
      { value: 'north', label: { ja: '北部', en: 'North' } },
      { value: 'east', label: { ja: '東部', en: 'East' } },
    ],
    position: 0,
    deletedAt: null,
  },
  {
    id: '2',
    key: 'age',
    kind: 'single',
    label: { ja: '年代' },
    options: [{ value: '20s', label: { ja: '20代' } }],
    position: 1,
    deletedAt: new Date('2026-01-01'),
  },
]
const forms = [
  { id: '00000000-0000-4000-8000-000000000001', title: { ja: '防災アンケート', en: 'Disaster survey' } },
]

describe('describeSegment', () => {
  it('puts the issue’s example into words', () => {
    const filter: SegmentFilter = {
      version: 1,
      op: 'and',
      groups: [
        {
          op: 'and',
          conditions: [
            { kind: 'attribute', key: 'district', op: 'any_of', values: ['north', 'east'] },
            { kind: 'language', op: 'any_of', values: ['en'] },
          ],
        },
      ],
    }
    expect(describeSegment(filter, attributes, 'ja')).toBe(
      '「地区が 北部 または 東部」かつ「言語が English」',
    )
    expect(describeSegment(filter, attributes, 'en')).toBe(
      'District is North or East and Language is English',
    )
  })

  it('brackets groups, and words every kind of condition', () => {
    const filter: SegmentFilter = {
      version: 1,
      op: 'or',
      groups: [
        {
          op: 'or',
          conditions: [
            { kind: 'attribute', key: 'district', op: 'is', values: ['north'] },
            { kind: 'attribute', key: 'age', op: 'is_not_set', values: [] },
          ],
        },
        {
          op: 'and',
          conditions: [
            { kind: 'form', formId: forms[0]!.id, op: 'not_answered' },
            { kind: 'friend_since', op: 'within_days', days: 7 },
            { kind: 'test_device', op: 'is_not' },
            { kind: 'attribute', key: 'gone', op: 'none_of', values: ['a', 'b'] },
          ],
        },
      ],
    }
    expect(describeSegment(filter, attributes, 'ja', forms)).toBe(
      '（「地区が 北部」または「年代が 未登録」）または（「『防災アンケート』に未回答」かつ「友だち追加が 直近7日以内」かつ「テスト端末以外」かつ「goneが a・b のいずれでもない」）',
    )
    expect(describeSegment(filter, attributes, 'en', forms)).toBe(
      '(District is North or 年代 is not set) or (Has not answered “Disaster survey” and Became a friend in the last 7 days and Not a test device and gone is none of a, b)',
    )
  })

  it('an empty filter is every friend', () => {
    const filter: SegmentFilter = { version: 1, op: 'and', groups: [] }
    expect(describeSegment(filter, [], 'ja')).toBe('すべての友だち')
    expect(describeSegment(filter, [], 'en')).toBe('All friends')
  })
})
