import type { FormDefinition, Question } from './definition.ts'

/**
 * One answer after validation. Text-like answers (short/long text, postal code "123-4567", phone
 * "090-1234-5678", e-mail) are strings; number a number; single choice and dropdown the option
 * id; multiple choice the picked option ids; date "YYYY-MM-DD"; image and video the upload ids.
 * An unanswered optional question is absent.
 */
export type AnswerValue = string | number | string[]
export type Answers = Record<string, AnswerValue>

/**
 * What the renderer holds while a resident types: strings for every single-value question
 * (numbers too, so "１２３" can be converted), string arrays for multiple choice and uploads.
 * The validator turns this into `Answers`; the server receives this same shape.
 */
export type RawAnswers = Record<string, string | string[] | number | undefined>

/** Field errors by question id, already in the resident's language. */
export type FieldErrors = Record<string, string>

/** The key under which a missing consent tick is reported in `FieldErrors`. */
export const CONSENT_FIELD = '__consent'

export type Submission = { answers: RawAnswers; consent: boolean }

/** Text of a value for comparisons in conditions. */
function asList(value: unknown): string[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return value.map(String)
  const s = String(value)
  return s.trim() === '' ? [] : [s]
}

/**
 * Conditional display: whether `question` is shown given the answers so far. A question whose
 * condition's target is itself hidden is hidden too (conditions chain), and hidden questions'
 * answers are ignored by the validator and dropped from what is stored.
 */
export function isQuestionVisible(
  def: Pick<FormDefinition, 'sections'>,
  question: Question,
  answers: RawAnswers | Answers,
  depth = 0,
): boolean {
  if (question.type === 'staff_note') return false
  const cond = question.showWhen
  if (!cond) return true
  if (depth > 50) return false
  const target = def.sections.flatMap((s) => s.questions).find((q) => q.id === cond.questionId)
  if (!target || !isQuestionVisible(def, target, answers, depth + 1)) return false
  const values = asList(answers[target.id])
  switch (cond.operator) {
    case 'answered':
      return values.length > 0
    case 'not_answered':
      return values.length === 0
    case 'equals':
      return values.length === 1 && values[0] === cond.value
    case 'not_equals':
      return !(values.length === 1 && values[0] === cond.value)
    case 'includes':
      return cond.value !== undefined && values.includes(cond.value)
    case 'not_includes':
      return cond.value === undefined || !values.includes(cond.value)
  }
}

/** Questions shown to a resident with these answers, in order. */
export function visibleQuestions(
  def: Pick<FormDefinition, 'sections'>,
  answers: RawAnswers | Answers,
): Question[] {
  return def.sections.flatMap((s) => s.questions).filter((q) => isQuestionVisible(def, q, answers))
}
