import {
  type Answers,
  type FormDefinition,
  isChoiceQuestion,
  isUploadQuestion,
  type RawAnswers,
  residentQuestions,
} from '@kairan/forms'
import type { UploadedFile } from '@kairan/forms/react'

/** What the form holds while the resident answers. */
export type Draft = {
  values: RawAnswers
  files: Record<string, UploadedFile>
  consent: boolean
}

export const emptyDraft = (): Draft => ({ values: {}, files: {}, consent: false })

/**
 * The current version filled with an answer given earlier, possibly on an older version: answers
 * of questions that no longer exist are dropped, and so are picks of options that were removed or
 * files that are gone, rather than showing the resident errors for choices they cannot see.
 * Numbers become text again (the renderer holds what is typed). Consent is kept only when the
 * answer was given on this very version: a changed form may ask for a changed consent.
 */
export function draftFromAnswer(
  definition: FormDefinition,
  versionId: string,
  answer: { formVersionId: string; answers: Answers; files: UploadedFile[] },
): Draft {
  const files = Object.fromEntries(answer.files.map((file) => [file.id, file]))
  const values: RawAnswers = {}
  for (const question of residentQuestions(definition)) {
    const value = answer.answers[question.id]
    if (value === undefined) continue
    const list = Array.isArray(value) ? value : [String(value)]
    if (isUploadQuestion(question)) {
      const kept = list.filter((id) => id in files).slice(0, question.maxFiles)
      if (kept.length > 0) values[question.id] = kept
    } else if (isChoiceQuestion(question)) {
      const options = new Set(question.options.map((o) => o.id))
      const kept = list.filter((id) => options.has(id))
      if (question.type === 'multiple_choice') {
        if (kept.length > 0) values[question.id] = kept
      } else if (kept.length === 1) {
        values[question.id] = kept[0]
      }
    } else if (!Array.isArray(value)) {
      values[question.id] = String(value)
    }
  }
  const usedFiles = new Set(Object.values(values).flatMap((v) => (Array.isArray(v) ? v : [])))
  return {
    values,
    files: Object.fromEntries(Object.entries(files).filter(([id]) => usedFiles.has(id))),
    consent: answer.formVersionId === versionId,
  }
}
