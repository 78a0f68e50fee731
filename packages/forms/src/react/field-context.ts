import type { RawAnswers } from '../answers.ts'
import type { FormDefinition } from '../definition.ts'
import type { FieldValue, PostalCodeLookup, UploadedFile, Uploader } from './types.ts'
import type { FormUiMessages } from './ui-messages.ts'

/** What every question field needs from the form around it. */
export type FieldContext = {
  definition: FormDefinition
  language: string
  messages: FormUiMessages
  values: RawAnswers
  files: Record<string, UploadedFile>
  onChange: (questionId: string, value: FieldValue) => void
  onFilesChange: ((files: Record<string, UploadedFile>) => void) | undefined
  uploader: Uploader | undefined
  lookupPostalCode: PostalCodeLookup | undefined
  isDisabled: boolean
  idPrefix: string
  /** An upload question has this many files on their way (0 when done). */
  reportUploads: (questionId: string, count: number) => void
  /** Questions a postal code fills in: browsers may offer the saved street address there. */
  addressTargets: ReadonlySet<string>
}

/** A raw value as the text an input shows. */
export function asText(value: RawAnswers[string]): string {
  if (value === undefined || value === null) return ''
  if (Array.isArray(value)) return value.join(', ')
  return String(value)
}

/** A raw value as a list (multiple choice, uploads). */
export function asList(value: RawAnswers[string]): string[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return value.map(String)
  const text = String(value)
  return text === '' ? [] : [text]
}
