import { describe, expect, it } from 'vitest'
import {
  definitionIssues,
  FormDefinition,
  FormDraftDefinition,
  ItemId,
  QUESTION_TYPES,
  type Question,
} from './definition.ts'
import {
  addQuestion,
  addSection,
  applyFlatOrder,
  canMoveQuestionBy,
  conditionTargets,
  duplicateQuestion,
  emptyDefinition,
  findQuestion,
  flattenItems,
  locatePath,
  moveQuestion,
  moveQuestionBy,
  moveSectionBy,
  newItemId,
  newQuestion,
  QUESTION_TYPE_ORDER,
  removeQuestion,
  removeSection,
  setLocalizedText,
  updateQuestion,
} from './edit.ts'

/** A form with two sections: [a, b] and [c], with fixed ids so expectations can name them. */
function sample(): FormDefinition {
  const q = (id: string, type: Question['type'] = 'short_text'): Question =>
    ({ ...newQuestion(type), id }) as Question
  return {
    schemaVersion: 1,
    title: { ja: 'テスト' },
    sections: [
      { id: 's1', questions: [q('a', 'single_choice'), q('b')] },
      { id: 's2', questions: [q('c')] },
    ],
  }
}

const ids = (def: FormDefinition) => def.sections.map((s) => s.questions.map((q) => q.id))

describe('newItemId', () => {
  it('makes valid, distinct ids with the prefix', () => {
    const made = new Set(Array.from({ length: 500 }, () => newItemId('q')))
    expect(made.size).toBe(500)
    for (const id of made) {
      expect(id).toMatch(/^q_[a-z0-9]{8}$/)
      expect(ItemId.safeParse(id).success).toBe(true)
    }
  })
})

describe('newQuestion', () => {
  it('the menu order lists every type once', () => {
    expect([...QUESTION_TYPE_ORDER].sort()).toEqual([...QUESTION_TYPES].sort())
  })

  it.each(QUESTION_TYPES)('a new %s question is a valid question in a publishable form', (type) => {
    const def = emptyDefinition('アンケート')
    const withQuestion = addQuestion(def, newQuestion(type))
    const parsed = FormDefinition.safeParse(withQuestion)
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
    expect(withQuestion.sections[0]?.questions[0]?.type).toBe(type)
  })

  it('choice questions start with two options with distinct ids; English defaults on request', () => {
    const q = newQuestion('multiple_choice', 'en')
    if (q.type !== 'multiple_choice') throw new Error('type')
    expect(q.options).toHaveLength(2)
    expect(new Set(q.options.map((o) => o.id)).size).toBe(2)
    expect(q.label.ja).toBe('Untitled question')
    expect(newQuestion('dropdown').label.ja).toBe('無題の質問')
  })
})

describe('emptyDefinition', () => {
  it('is a valid draft with the title in Japanese and one empty section', () => {
    const def = emptyDefinition('転入者アンケート')
    expect(FormDraftDefinition.safeParse(def).success).toBe(true)
    expect(def.title).toEqual({ ja: '転入者アンケート' })
    expect(def.sections).toHaveLength(1)
    expect(def.sections[0]?.questions).toEqual([])
  })
})

describe('duplicateQuestion', () => {
  it('inserts a copy after the original with new question and option ids, no attribute key', () => {
    const def = updateQuestion(sample(), 'a', (q) => ({ ...q, attributeKey: 'district' }))
    const { definition, questionId } = duplicateQuestion(def, 'a')
    expect(ids(definition)).toEqual([['a', questionId, 'b'], ['c']])
    const original = findQuestion(definition, 'a')?.question
    const copy = findQuestion(definition, questionId)?.question
    if (original?.type !== 'single_choice' || copy?.type !== 'single_choice') throw new Error('type')
    expect(copy.label).toEqual(original.label)
    expect(copy.options.map((o) => o.label)).toEqual(original.options.map((o) => o.label))
    expect(copy.options.some((o) => original.options.some((p) => p.id === o.id))).toBe(false)
    expect(copy.attributeKey).toBeUndefined()
    expect(original.attributeKey).toBe('district')
    expect(definitionIssues(definition)).toEqual([])
  })

  it('does not change the original definition', () => {
    const def = sample()
    const before = JSON.stringify(def)
    duplicateQuestion(def, 'b')
    expect(JSON.stringify(def)).toBe(before)
  })
})

describe('removeQuestion', () => {
  it('removes the question and clears conditions and address targets pointing at it', () => {
    let def = sample()
    def = addQuestion(def, { ...newQuestion('postal_code'), id: 'p', addressQuestionId: 'c' } as Question, {
      sectionId: 's1',
    })
    def = updateQuestion(def, 'b', (q) => ({ ...q, showWhen: { questionId: 'a', operator: 'answered' } }))
    def = updateQuestion(def, 'c', (q) => ({ ...q, showWhen: { questionId: 'b', operator: 'answered' } }))

    const withoutC = removeQuestion(def, 'c')
    const postal = findQuestion(withoutC, 'p')?.question
    expect(postal?.type === 'postal_code' && postal.addressQuestionId).toBe(undefined)
    expect(ids(withoutC)).toEqual([['a', 'b', 'p'], []])

    const withoutA = removeQuestion(def, 'a')
    expect(findQuestion(withoutA, 'b')?.question.showWhen).toBeUndefined()
    // Conditions on other questions stay.
    expect(findQuestion(withoutA, 'c')?.question.showWhen?.questionId).toBe('b')
    expect(definitionIssues(withoutA)).toEqual([])
  })
})

describe('moving questions', () => {
  it('moves within a section and across sections', () => {
    expect(ids(moveQuestion(sample(), 'a', { sectionId: 's1', index: 1 }))).toEqual([['b', 'a'], ['c']])
    expect(ids(moveQuestion(sample(), 'a', { sectionId: 's2', index: 0 }))).toEqual([['b'], ['a', 'c']])
    expect(ids(moveQuestion(sample(), 'c', { sectionId: 's1', index: 99 }))).toEqual([['a', 'b', 'c'], []])
  })

  it('steps up and down across section edges, and stops at the ends', () => {
    expect(ids(moveQuestionBy(sample(), 'b', 1))).toEqual([['a'], ['b', 'c']])
    expect(ids(moveQuestionBy(sample(), 'c', -1))).toEqual([['a', 'b', 'c'], []])
    expect(ids(moveQuestionBy(sample(), 'a', 1))).toEqual([['b', 'a'], ['c']])
    expect(ids(moveQuestionBy(sample(), 'a', -1))).toEqual([['a', 'b'], ['c']])
    expect(canMoveQuestionBy(sample(), 'a', -1)).toBe(false)
    expect(canMoveQuestionBy(sample(), 'c', 1)).toBe(false)
    expect(canMoveQuestionBy(sample(), 'b', 1)).toBe(true)
  })

  it('a move that puts a condition target after its question is reported, not hidden', () => {
    const def = updateQuestion(sample(), 'b', (q) => ({
      ...q,
      showWhen: { questionId: 'a', operator: 'answered' },
    }))
    const moved = moveQuestion(def, 'a', { sectionId: 's2', index: 1 })
    expect(definitionIssues(moved).map((i) => i.message)).toContain('condition_target_invalid')
  })
})

describe('flat drag-and-drop order', () => {
  it('round-trips, and a question dropped under another header joins that section', () => {
    const def = sample()
    const flat = flattenItems(def)
    expect(flat.map((i) => i.id)).toEqual(['s1', 'a', 'b', 's2', 'c'])
    expect(applyFlatOrder(def, flat)).toEqual(def)
    const reordered = [flat[0], flat[2], flat[3], flat[1], flat[4]].filter((x) => x !== undefined)
    expect(ids(applyFlatOrder(def, reordered))).toEqual([['b'], ['a', 'c']])
  })

  it('a question before the first header joins the first section; unknown lists change nothing', () => {
    const def = sample()
    const [s1, a, b, s2, c] = flattenItems(def)
    if (!s1 || !a || !b || !s2 || !c) throw new Error('items')
    expect(ids(applyFlatOrder(def, [c, s1, a, b, s2]))).toEqual([['c', 'a', 'b'], []])
    expect(applyFlatOrder(def, [s1, a, s2, c])).toBe(def)
  })
})

describe('sections', () => {
  it('adds after a section, moves, and removes keeping the questions', () => {
    const { definition, sectionId } = addSection(sample(), 's1')
    expect(definition.sections.map((s) => s.id)).toEqual(['s1', sectionId, 's2'])
    expect(moveSectionBy(definition, 's2', -1).sections.map((s) => s.id)).toEqual(['s1', 's2', sectionId])
    expect(ids(removeSection(sample(), 's2'))).toEqual([['a', 'b', 'c']])
    expect(ids(removeSection(sample(), 's1'))).toEqual([['a', 'b', 'c']])
    const single = emptyDefinition('x')
    const only = single.sections[0]?.id ?? ''
    expect(removeSection(single, only)).toBe(single)
  })
})

describe('texts and paths', () => {
  it('an emptied translation is dropped, an emptied Japanese text kept', () => {
    expect(setLocalizedText({ ja: 'はい', en: 'Yes' }, 'en', '')).toEqual({ ja: 'はい' })
    expect(setLocalizedText({ ja: 'はい' }, 'ja', '')).toEqual({ ja: '' })
    expect(setLocalizedText(undefined, 'ko', '예')).toEqual({ ko: '예' })
  })

  it('condition targets are earlier non-staff questions', () => {
    const def = addQuestion(sample(), { ...newQuestion('staff_note'), id: 'n' } as Question, {
      sectionId: 's1',
    })
    expect(conditionTargets(def, 'c').map((q) => q.id)).toEqual(['a', 'b'])
    expect(conditionTargets(def, 'a')).toEqual([])
  })

  it('locates a path on its question or section', () => {
    const def = sample()
    expect(locatePath(def, 'sections.0.questions.1.options')).toEqual({
      sectionId: 's1',
      questionId: 'b',
      field: 'options',
    })
    expect(locatePath(def, ['sections', 1, 'title', 'ja'])).toEqual({ sectionId: 's2', field: 'title.ja' })
    expect(locatePath(def, 'consent.checkboxLabel')).toEqual({ field: 'consent.checkboxLabel' })
  })
})
