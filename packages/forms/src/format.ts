import { stripFurigana } from '@kairan/i18n'
import type { AnswerValue } from './answers.ts'
import type { Question } from './definition.ts'
import { localize } from './localize.ts'
import { formatText, isCjkLanguage } from './messages.ts'

/** Separator of several values in one cell: 、 in Japanese and Chinese, ", " elsewhere. */
export function listSeparator(language: string): string {
  return isCjkLanguage(language) ? '、' : ', '
}

/**
 * An answer as plain text, for CSV/xlsx cells and the confirmation screen: option labels in
 * `language` (furigana markup removed), numbers as stored, dates as YYYY-MM-DD, uploads as their
 * file names (or "(2 files)" when `files` is not given). Unanswered → "".
 */
export function formatAnswer(
  question: Question,
  value: AnswerValue | undefined,
  language: string,
  files?: Record<string, { fileName: string | null }>,
): string {
  if (value === undefined) return ''
  const list = Array.isArray(value) ? value : [String(value)]
  switch (question.type) {
    case 'single_choice':
    case 'multiple_choice':
    case 'dropdown':
      // An id the definition no longer knows is shown as is rather than dropped.
      return list
        .map((id) => {
          const option = question.options.find((o) => o.id === id)
          return option ? stripFurigana(localize(option.label, language)) : id
        })
        .join(listSeparator(language))
    case 'image':
    case 'video':
      if (!files) return list.length === 0 ? '' : formatText('file_count', language, { count: list.length })
      return list
        .map((id) => files[id]?.fileName || formatText('file_unnamed', language))
        .join(listSeparator(language))
    default:
      return list.join(listSeparator(language))
  }
}
