import { describe, expect, it } from 'vitest'
import { FormDefinition, FormDraftDefinition } from './definition.ts'

const label = { ja: '質問' }
const base = (questions: Record<string, unknown>[]) => ({
  schemaVersion: 1,
  title: { ja: 'アンケート' },
  sections: [{ id: 's1', questions: questions.map((q) => ({ label, ...q })) }],
})
const yesNo = [
  { id: 'yes', label: { ja: 'はい' } },
  { id: 'no', label: { ja: 'いいえ' } },
]

describe('FormDefinition', () => {
  it('accepts a consistent definition', () => {
    const def = base([
      { id: 'q1', type: 'single_choice', options: yesNo },
      { id: 'q2', type: 'short_text', showWhen: { questionId: 'q1', operator: 'equals', value: 'yes' } },
    ])
    expect(FormDefinition.safeParse(def).success).toBe(true)
  })

  it('refuses duplicate ids', () => {
    const result = FormDefinition.safeParse(
      base([
        { id: 'q1', type: 'short_text' },
        { id: 'q1', type: 'email' },
      ]),
    )
    expect(result.error?.issues.map((i) => [i.message, i.path.join('.')])).toEqual([
      ['duplicate_id', 'sections.0.questions.1.id'],
    ])
  })

  it('refuses a condition pointing at a later question', () => {
    const result = FormDefinition.safeParse(
      base([
        { id: 'q2', type: 'short_text', showWhen: { questionId: 'q1', operator: 'equals', value: 'yes' } },
        { id: 'q1', type: 'single_choice', options: yesNo },
      ]),
    )
    expect(result.error?.issues.map((i) => i.message)).toEqual(['condition_target_invalid'])
  })

  it('refuses a definition without a Japanese title, while a draft only checks the shape', () => {
    const broken = {
      ...base([
        { id: 'q1', type: 'short_text' },
        { id: 'q1', type: 'email' },
      ]),
      title: { en: 'Survey' },
    }
    expect(FormDefinition.safeParse(broken).success).toBe(false)
    const draft = {
      ...base([
        { id: 'q1', type: 'short_text' },
        { id: 'q1', type: 'email' },
      ]),
    }
    expect(FormDraftDefinition.safeParse(draft).success).toBe(true)
  })
})
