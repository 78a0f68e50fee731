/**
 * Inputs of the staff-side answer reads and exports (CONVENTIONS C8). Imports only zod, so the
 * admin may use them in the browser too.
 */
import { z } from 'zod'

/** A day in Asia/Tokyo, YYYY-MM-DD (periods are inclusive on both ends). */
const day = z.iso.date({ error: 'errors.invalid_date' })

/** Languages an export's question labels and option labels can be written in. */
export const EXPORT_LANGUAGES = ['ja', 'en'] as const
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number]
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** At most this many question filters at once (the admin offers a few; more is a hand-made URL). */
export const MAX_ANSWER_FILTERS = 10

/**
 * One filter on one question: choice questions match by option id (the answer is, or includes,
 * it); text questions by substring, ignoring case and full/half width (NFKC); numbers by value;
 * dates by prefix ("2026-11" is a month).
 */
export const AnswerFilter = z.object({
  questionId: z.string().min(1).max(40),
  value: z.string().trim().min(1).max(200),
})
export type AnswerFilter = z.infer<typeof AnswerFilter>

const answerScope = {
  formId: z.uuid(),
  from: day.optional(),
  to: day.optional(),
  /** Only answers given on this published version. */
  versionId: z.uuid().optional(),
  filters: z.array(AnswerFilter).max(MAX_ANSWER_FILTERS).default([]),
}

export const ListFormResponsesInput = z.object({
  ...answerScope,
  /** The staff's language: option labels and file notes in the cells. */
  language: z.enum(EXPORT_LANGUAGES).default('ja'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(10).max(200).default(50),
})
export type ListFormResponsesInput = z.input<typeof ListFormResponsesInput>

export const FormResponseIdInput = z.object({ responseId: z.uuid() })
export type FormResponseIdInput = z.infer<typeof FormResponseIdInput>

/** The same scope as the table's, so the charts count what the table shows. */
export const FormResponseStatsInput = z.object(answerScope)
export type FormResponseStatsInput = z.input<typeof FormResponseStatsInput>

export const ExportFormResponsesInput = z.object({
  ...answerScope,
  format: z.enum(EXPORT_FORMATS),
  /** Question labels and answers (option labels) in this language; missing English falls back to Japanese. */
  language: z.enum(EXPORT_LANGUAGES),
  /** Titles of the fixed columns (回答ID, 回答日時…): the staff's own language; defaults to `language`. */
  headerLanguage: z.enum(EXPORT_LANGUAGES).optional(),
})
export type ExportFormResponsesInput = z.input<typeof ExportFormResponsesInput>
