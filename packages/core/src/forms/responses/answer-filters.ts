import {
  type Answers,
  type AnswerValue,
  isChoiceQuestion,
  isUploadQuestion,
  type Question,
} from '@kairan/forms'
import { Invalid } from '../../errors.ts'
import type { AnswerFilter } from './schemas.ts'

/** A compiled question filter: does this (decrypted) answer set match? */
export type AnswerMatcher = (answers: Answers) => boolean

function asList(value: AnswerValue | undefined): string[] {
  if (value === undefined) return []
  return Array.isArray(value) ? value : [String(value)]
}

/** Case- and width-insensitive text: "ＡＢＣ", "abc" and "Abc" compare equal; so do ｱｲｳ and アイウ. */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

/** Phone numbers and postal codes are compared without their hyphens and spaces too. */
function withoutSeparators(text: string): string {
  return text.replace(/[\s\-‐‑‒–—―−ー－]/g, '')
}

function matcherFor(question: Question, raw: string): AnswerMatcher {
  const id = question.id
  if (isChoiceQuestion(question)) {
    // Single choice and dropdown: the answer is the option; multiple choice: it includes it.
    return (answers) => asList(answers[id]).includes(raw)
  }
  const needle = foldText(raw)
  switch (question.type) {
    case 'number': {
      const wanted = Number(needle)
      return (answers) => {
        const value = answers[id]
        if (value === undefined) return false
        return Number.isFinite(wanted) ? Number(value) === wanted : String(value) === needle
      }
    }
    case 'date': {
      // "2026-11-21", "2026-11" (a month) or "2026/11" all work.
      const prefix = needle.replace(/\//g, '-')
      return (answers) => asList(answers[id]).some((v) => v.startsWith(prefix))
    }
    case 'phone':
    case 'postal_code': {
      const bare = withoutSeparators(needle)
      return (answers) =>
        asList(answers[id]).some((v) => {
          const folded = foldText(v)
          return folded.includes(needle) || (bare !== '' && withoutSeparators(folded).includes(bare))
        })
    }
    default:
      return (answers) => asList(answers[id]).some((v) => foldText(v).includes(needle))
  }
}

/**
 * Turns the staff's question filters into matchers. A filter on a question no version of the form
 * has, or on an upload question (files are not searchable), is refused as invalid input.
 */
export function compileAnswerFilters(
  filters: AnswerFilter[],
  questions: Map<string, Question>,
): AnswerMatcher[] {
  return filters.map((filter, i) => {
    const question = questions.get(filter.questionId)
    if (!question || isUploadQuestion(question)) {
      throw new Invalid('errors.invalid_input', { [`filters.${i}.questionId`]: 'errors.invalid_input' })
    }
    return matcherFor(question, filter.value)
  })
}

export function matchesAll(matchers: AnswerMatcher[], answers: Answers): boolean {
  return matchers.every((m) => m(answers))
}
