import { describe, expect, it } from 'vitest'
import {
  type DraftCondition,
  isComplete,
  isFilterComplete,
  newCondition,
  toFilter,
  withAttributeOp,
} from './filter-model.ts'
import { type AttributeRow, attributeCoverage, labelIn } from './labels.ts'

const district: AttributeRow = {
  id: '00000000-0000-4000-8000-000000000001',
  key: 'district',
  kind: 'single',
  label: { ja: '地区', en: 'District' },
  options: [
    { value: 'north', label: { ja: '北部', en: 'North' } },
    { value: 'east', label: { ja: '東部' } },
  ],
  position: 0,
  deletedAt: null,
}

describe('segment builder model', () => {
  it('starts a condition with the first attribute, or a form, or the last 30 days', () => {
    expect(newCondition('attribute', [district], [])).toEqual({
      kind: 'attribute',
      key: 'district',
      op: 'is',
      values: [],
    })
    expect(newCondition('attribute', [{ ...district, kind: 'multiple' }], [])).toMatchObject({ op: 'any_of' })
    expect(newCondition('form', [], [{ id: 'f1' }])).toEqual({ kind: 'form', formId: 'f1', op: 'answered' })
    expect(newCondition('friend_since', [], [])).toEqual({
      kind: 'friend_since',
      op: 'within_days',
      days: 30,
    })
  })

  it('knows when a condition still lacks a value', () => {
    const attr = (
      op: Extract<DraftCondition, { kind: 'attribute' }>['op'],
      values: string[],
    ): DraftCondition => ({
      kind: 'attribute',
      key: 'district',
      op,
      values,
    })
    expect(isComplete(attr('is', []))).toBe(false)
    expect(isComplete(attr('is', ['north']))).toBe(true)
    expect(isComplete(attr('is', ['north', 'east']))).toBe(false)
    expect(isComplete(attr('none_of', []))).toBe(false)
    expect(isComplete(attr('none_of', ['east']))).toBe(true)
    expect(isComplete(attr('is_set', []))).toBe(true)
    expect(isComplete({ kind: 'language', op: 'any_of', values: [] })).toBe(false)
    expect(isComplete({ kind: 'form', formId: '', op: 'answered' })).toBe(false)
    expect(isComplete({ kind: 'friend_since', op: 'after' })).toBe(false)
    expect(isComplete({ kind: 'friend_since', op: 'after', date: '2026-04-01' })).toBe(true)
    expect(isComplete({ kind: 'friend_since', op: 'within_days', days: 0 })).toBe(false)
    expect(isComplete({ kind: 'test_device', op: 'is' })).toBe(true)
    expect(isFilterComplete({ version: 1, op: 'and', groups: [] })).toBe(true)
    expect(isFilterComplete({ version: 1, op: 'and', groups: [{ op: 'or', conditions: [] }] })).toBe(false)
  })

  it('keeps one value when switching to is, and none for is_set', () => {
    const c = {
      kind: 'attribute' as const,
      key: 'district',
      op: 'any_of' as const,
      values: ['north', 'east'],
    }
    expect(withAttributeOp(c, 'is')).toMatchObject({ op: 'is', values: ['north'] })
    expect(withAttributeOp(c, 'is_not_set')).toMatchObject({ op: 'is_not_set', values: [] })
    expect(withAttributeOp(c, 'none_of')).toMatchObject({ values: ['north', 'east'] })
  })

  it('sends only what each operator uses, without empty groups', () => {
    expect(
      toFilter({
        version: 1,
        op: 'or',
        groups: [
          { op: 'and', conditions: [] },
          {
            op: 'and',
            conditions: [
              { kind: 'attribute', key: 'district', op: 'is_set', values: ['north'] },
              { kind: 'friend_since', op: 'after', date: '2026-01-01', days: 30 },
              { kind: 'friend_since', op: 'within_days', date: '2026-01-01', days: 7 },
            ],
          },
        ],
      }),
    ).toEqual({
      version: 1,
      op: 'or',
      groups: [
        {
          op: 'and',
          conditions: [
            { kind: 'attribute', key: 'district', op: 'is_set', values: [] },
            { kind: 'friend_since', op: 'after', date: '2026-01-01' },
            { kind: 'friend_since', op: 'within_days', days: 7 },
          ],
        },
      ],
    })
  })
})

describe('attribute labels', () => {
  it('reads the admin language, else Japanese', () => {
    expect(labelIn(district.label, 'en')).toBe('District')
    expect(labelIn(district.label, 'ja')).toBe('地区')
    expect(labelIn({ ja: '東部' }, 'en')).toBe('東部')
    expect(labelIn(null, 'ja')).toBe('')
  })

  it('counts missing translations of the name and the options', () => {
    const coverage = attributeCoverage(district.label, district.options, ['ja', 'en', 'ko'])
    expect(coverage).toEqual({ ja: 0, en: 1, ko: 3 })
  })
})
