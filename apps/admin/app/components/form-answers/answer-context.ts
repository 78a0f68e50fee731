import type { FormResponseList } from '@kairan/core'
import { type LocalizedText, localize } from '@kairan/forms'
import { stripFurigana } from '@kairan/i18n'

/** A column of the answers table as the loader hands it over. */
export type AnswerColumnData = FormResponseList['columns'][number]
export type FormSummaryData = FormResponseList['form']

/** Question types the filters cannot search (files). */
export const UNFILTERABLE_TYPES = new Set(['image', 'video'])

/** A question or option label in the staff's language (Japanese when it has no translation), as plain text. */
export function labelText(text: LocalizedText | undefined, language: string): string {
  return stripFurigana(localize(text, language))
}

/** How a filter reads in a chip: the option's label for choice questions, the typed text otherwise. */
export function filterValueLabel(
  column: AnswerColumnData | undefined,
  value: string,
  language: string,
): string {
  const option = column?.options?.find((o) => o.id === value)
  return option ? labelText(option.label, language) : value
}

/** The layout route of one form; when it shows the form's header, the answer pages leave theirs out. */
export const FORM_LAYOUT_ROUTE_ID = 'routes/_app.forms.$formId'
