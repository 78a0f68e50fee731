import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { z } from 'zod'
import {
  type Answers,
  type AnswerValue,
  CONSENT_FIELD,
  type FieldErrors,
  isQuestionVisible,
  type RawAnswers,
} from './answers.ts'
import { allQuestions, type FormDefinition, type Question, type QuestionOf } from './definition.ts'
import { localize } from './localize.ts'
import {
  isCjkLanguage,
  type MessageParams,
  quoteCharacters,
  type ValidationCode,
  validationMessage,
} from './messages.ts'
import {
  disallowedCharacters,
  formatPostalCode,
  normalizeDashes,
  normalizeText,
  textLength,
} from './normalize.ts'

/**
 * FORM-3/FORM-4: the one validator. The LIFF page (while typing and before sending), the admin
 * preview and the server (on submit) all call these functions with the same definition, so a
 * resident never sees an answer accepted in the browser and refused by the server, or the reverse.
 */
export type ValidateOptions = {
  /** The resident's language; messages come back in it (see `messageLanguage`). */
  language: string
  /** The moment "today" is taken from, in Asia/Tokyo. Defaults to now. */
  now?: Date
  /** 'staff' also validates and keeps staff notes; residents' staff-note values are dropped. */
  audience?: 'resident' | 'staff'
}

/** Where an answers object that is not an object at all is reported in `FieldErrors`. */
export const FORM_ERROR_FIELD = '__form'

/** Limits when the author set none: enough for any honest answer, small enough to store. */
export const DEFAULT_MAX_LENGTH = { short_text: 1000, long_text: 10_000, staff_note: 5000 } as const

type Outcome = { ok: true; value: AnswerValue | undefined } | { ok: false; error: string }
type Check = { language: string; today: string }

const fail = (check: Check, code: ValidationCode, params?: MessageParams): Outcome => ({
  ok: false,
  error: validationMessage(code, check.language, params),
})
const accept = (value: AnswerValue | undefined): Outcome => ({ ok: true, value })
const INVALID = Symbol('invalid')

/** A single-value raw answer as a string (numbers from `<input type=number>` too); arrays are invalid. */
function readSingle(raw: unknown): string | undefined | typeof INVALID {
  if (raw === undefined || raw === null) return undefined
  if (typeof raw === 'string') return raw
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : INVALID
  return INVALID
}

/** A list answer: a single string is a one-item list, blanks are dropped. */
function readList(raw: unknown): string[] | typeof INVALID {
  if (raw === undefined || raw === null) return []
  const items = Array.isArray(raw) ? raw : [raw]
  if (!items.every((item) => typeof item === 'string')) return INVALID
  return (items as string[]).map((item) => item.trim()).filter((item) => item !== '')
}

/** "today" in Japan: JST has no daylight saving, so UTC+9 is exact. */
export function tokyoDate(now: Date): string {
  return new Date(now.getTime() + 9 * 60 * 60 * 1000).toISOString().slice(0, 10)
}

/** Picks the message for a min/max pair: exact, range, or the one bound that applies. */
function boundsFailure(
  check: Check,
  codes: { exact?: ValidationCode; range: ValidationCode; min: ValidationCode; max: ValidationCode },
  bounds: { min: number | string | undefined; max: number | string | undefined },
  extra: MessageParams = {},
): Outcome {
  const { min, max } = bounds
  if (min !== undefined && max !== undefined) {
    if (min === max && codes.exact) return fail(check, codes.exact, { ...extra, count: min })
    return fail(check, codes.range, { ...extra, min, max })
  }
  if (min !== undefined) return fail(check, codes.min, { ...extra, min })
  return fail(check, codes.max, { ...extra, max: max ?? '' })
}

type TextQuestion = QuestionOf<'short_text' | 'long_text' | 'staff_note'>

function checkText(q: TextQuestion, raw: unknown, check: Check): Outcome {
  const read = readSingle(raw)
  if (read === INVALID) return fail(check, 'invalid_value')
  const rule = q.type === 'staff_note' ? undefined : q.charRule
  // NFC first: a pasted が may be か + ゙; line breaks only where the field can hold them.
  let value = (read ?? '').normalize('NFC').replace(/\r\n?/g, '\n')
  if (q.type === 'short_text') value = value.replace(/\n+/g, ' ')
  value = normalizeText(value.trim(), rule).trim()
  if (value === '') return q.required ? fail(check, 'required') : accept(undefined)
  if (rule) {
    const refused = checkCharRule(value, rule, check)
    if (refused) return refused
  }
  const length = textLength(value)
  const min = q.type === 'staff_note' ? undefined : q.minLength
  const max = q.type === 'staff_note' ? undefined : q.maxLength
  const limit = max ?? DEFAULT_MAX_LENGTH[q.type]
  if ((min !== undefined && length < min) || length > limit) {
    // The built-in limit is only mentioned when it is the one that was crossed.
    const bounds = { min, max: max ?? (length > limit ? limit : undefined) }
    const codes = {
      exact: 'text_length_exact',
      range: 'text_length_range',
      min: 'text_too_short',
      max: 'text_too_long',
    } as const
    return boundsFailure(check, codes, bounds, { length })
  }
  return accept(value)
}

const RULE_CODES = {
  full_width: 'char_full_width',
  half_width: 'char_half_width',
  alphanumeric: 'char_alphanumeric',
  katakana: 'char_katakana',
  hiragana: 'char_hiragana',
  digits: 'char_digits',
} as const satisfies Record<string, ValidationCode>

/** FORM-4 after conversion: the rule's message, plus the characters it refused (at most five). */
function checkCharRule(value: string, rule: NonNullable<QuestionOf<'short_text'>['charRule']>, check: Check) {
  if (rule.kind === 'pattern') {
    if (matchesPattern(value, rule.pattern)) return undefined
    return { ok: false, error: patternMessage(rule.patternMessage, check) } satisfies Outcome
  }
  // Line breaks of long answers are not characters of the answer.
  const refused = disallowedCharacters(value.replace(/\n/g, ''), rule.kind)
  if (refused.length === 0) return undefined
  const base = validationMessage(RULE_CODES[rule.kind], check.language)
  const which = validationMessage('char_offending', check.language, {
    chars: quoteCharacters(refused.slice(0, 5), check.language),
  })
  return { ok: false, error: `${base}${isCjkLanguage(check.language) ? '' : ' '}${which}` } satisfies Outcome
}

/** The whole answer must match; a pattern that does not compile refuses rather than throws. */
function matchesPattern(value: string, pattern: string | undefined): boolean {
  if (!pattern) return false
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value)
  } catch {
    return false
  }
}

/**
 * The author's message when it is written in the resident's language (or, for Japanese readers,
 * in Japanese); otherwise the generic message, so a resident never gets a message they cannot read.
 */
function patternMessage(message: Record<string, string> | undefined, check: Check): string {
  const text = localize(message, check.language)
  const isJapaneseReader = check.language === 'ja' || check.language.startsWith('ja-')
  const isOwnLanguage =
    message?.[check.language]?.trim() || message?.[check.language.split('-')[0] ?? '']?.trim()
  if (text !== '' && (isOwnLanguage || isJapaneseReader)) return text
  return validationMessage('char_pattern', check.language)
}

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$/

/** `１２３` → 123, `－１．５` → -1.5, `1,000` → 1000; thousands separators must group by three. */
export function parseNumber(raw: string): number | undefined {
  const text = normalizeDashes(raw.normalize('NFKC')).trim()
  if (!/\d/.test(text) || !NUMBER.test(text)) return undefined
  const value = Number(text.replace(/,/g, ''))
  if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) return undefined
  return value === 0 ? 0 : value // no -0
}

function checkNumber(q: QuestionOf<'number'>, raw: unknown, check: Check): Outcome {
  const read = readSingle(raw)
  if (read === INVALID) return fail(check, 'number_invalid')
  if (read === undefined || read.trim() === '')
    return q.required ? fail(check, 'required') : accept(undefined)
  const value = parseNumber(read)
  if (value === undefined) return fail(check, 'number_invalid')
  if (q.integer && !Number.isInteger(value)) return fail(check, 'number_integer')
  if ((q.min !== undefined && value < q.min) || (q.max !== undefined && value > q.max))
    return boundsFailure(
      check,
      { range: 'number_range', min: 'number_min', max: 'number_max' },
      { min: q.min, max: q.max },
    )
  return accept(value)
}

function checkSingleChoice(q: QuestionOf<'single_choice' | 'dropdown'>, raw: unknown, check: Check): Outcome {
  const read = readSingle(raw)
  if (read === INVALID) return fail(check, 'choice_invalid')
  const id = (read ?? '').trim()
  if (id === '') return q.required ? fail(check, 'required_choice') : accept(undefined)
  return q.options.some((o) => o.id === id) ? accept(id) : fail(check, 'choice_invalid')
}

function checkMultipleChoice(q: QuestionOf<'multiple_choice'>, raw: unknown, check: Check): Outcome {
  const read = readList(raw)
  if (read === INVALID || read.some((id) => !q.options.some((o) => o.id === id)))
    return fail(check, 'choice_invalid')
  // Stored in the order of the options, each once, whatever order the boxes were ticked in.
  const picked = q.options.filter((o) => read.includes(o.id)).map((o) => o.id)
  if (picked.length === 0) return q.required ? fail(check, 'required_choice') : accept(undefined)
  const { minPicks: min, maxPicks: max } = q
  if ((min !== undefined && picked.length < min) || (max !== undefined && picked.length > max))
    return boundsFailure(
      check,
      { exact: 'picks_exact', range: 'picks_range', min: 'picks_min', max: 'picks_max' },
      { min, max },
    )
  return accept(picked)
}

/** `2026-04-01`, `2026/4/1`, `２０２６年４月１日` → "2026-04-01" when the day exists; else undefined. */
export function parseDate(raw: string): string | undefined {
  const text = raw.normalize('NFKC').trim()
  const match =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(text)
  if (!match) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  if (
    year < 1 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return undefined
  return `${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function checkDate(q: QuestionOf<'date'>, raw: unknown, check: Check): Outcome {
  const read = readSingle(raw)
  if (read === INVALID) return fail(check, 'date_invalid')
  if (read === undefined || read.trim() === '')
    return q.required ? fail(check, 'required_date') : accept(undefined)
  const value = parseDate(read)
  if (!value) return fail(check, 'date_invalid')
  const min = q.minDate === 'today' ? check.today : q.minDate
  const max = q.maxDate === 'today' ? check.today : q.maxDate
  if ((min !== undefined && value < min) || (max !== undefined && value > max))
    return boundsFailure(check, { range: 'date_range', min: 'date_min', max: 'date_max' }, { min, max })
  return accept(value)
}

/**
 * Japanese numbers in national format with hyphens ("090-1234-5678"); numbers of other countries,
 * which must start with + and the country code, in E.164 ("+14155552671"). Undefined when invalid.
 */
export function parsePhone(raw: string): string | undefined {
  const text = normalizeDashes(raw.normalize('NFKC'))
    .replace(/\u30FC/g, '-')
    .trim()
  if (!/^\+?[0-9\-\s().]+$/.test(text)) return undefined
  const phone = parsePhoneNumberFromString(text, 'JP')
  if (!phone?.isValid()) return undefined
  return phone.countryCallingCode === '81' ? phone.formatNational() : phone.number
}

const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-][A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{0,63}$/
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u

/**
 * `ｔａｒｏ＠example．jp` → "taro@example.jp". Deliberately lenient on the part before @: old
 * Japanese mobile addresses (`taro..abc.@docomo.ne.jp`) break RFC 5322 and still receive mail.
 */
export function parseEmail(raw: string): string | undefined {
  const text = raw.normalize('NFKC').trim()
  const at = text.lastIndexOf('@')
  if (at <= 0 || text.length > 254) return undefined
  const local = text.slice(0, at)
  const domain = text.slice(at + 1).toLowerCase()
  const labels = domain.split('.')
  if (!EMAIL_LOCAL.test(local) || labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l)))
    return undefined
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return undefined // an IP address or a typo, not a domain
  return `${local}@${domain}`
}

function checkFormatted(
  q: QuestionOf<'postal_code' | 'phone' | 'email'>,
  raw: unknown,
  check: Check,
  parse: (value: string) => string | null | undefined,
  code: ValidationCode,
): Outcome {
  const read = readSingle(raw)
  if (read === INVALID) return fail(check, code)
  if (read === undefined || read.trim() === '')
    return q.required ? fail(check, 'required') : accept(undefined)
  const value = parse(read)
  return value ? accept(value) : fail(check, code)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function checkUploads(q: QuestionOf<'image' | 'video'>, raw: unknown, check: Check): Outcome {
  const read = readList(raw)
  if (read === INVALID || !read.every((id) => UUID.test(id))) return fail(check, 'file_invalid')
  const ids = [...new Set(read.map((id) => id.toLowerCase()))]
  if (ids.length === 0)
    return q.required
      ? fail(check, q.type === 'image' ? 'required_image' : 'required_video')
      : accept(undefined)
  if (ids.length > q.maxFiles) return fail(check, 'files_max', { max: q.maxFiles })
  return accept(ids)
}

function checkQuestion(q: Question, raw: unknown, check: Check): Outcome {
  switch (q.type) {
    case 'short_text':
    case 'long_text':
    case 'staff_note':
      return checkText(q, raw, check)
    case 'number':
      return checkNumber(q, raw, check)
    case 'single_choice':
    case 'dropdown':
      return checkSingleChoice(q, raw, check)
    case 'multiple_choice':
      return checkMultipleChoice(q, raw, check)
    case 'date':
      return checkDate(q, raw, check)
    case 'postal_code':
      return checkFormatted(q, raw, check, formatPostalCode, 'postal_code_invalid')
    case 'phone':
      return checkFormatted(q, raw, check, parsePhone, 'phone_invalid')
    case 'email':
      return checkFormatted(q, raw, check, parseEmail, 'email_invalid')
    case 'image':
    case 'video':
      return checkUploads(q, raw, check)
  }
}

function isShown(
  def: FormDefinition,
  q: Question,
  seen: RawAnswers,
  audience: 'resident' | 'staff',
): boolean {
  if (q.type !== 'staff_note') return isQuestionVisible(def, q, seen)
  if (audience !== 'staff') return false
  // `isQuestionVisible` hides staff notes from residents by type; for staff only the note's own condition counts.
  return isQuestionVisible(def, { ...q, type: 'short_text' }, seen)
}

type Checked = { answers: Answers; results: Map<string, Outcome> }

/**
 * Every question in order. Conditions point only at earlier questions, so each one is judged on
 * the normalised answers before it (`１` counts as "1"); an answer that failed is judged as typed,
 * as the renderer shows it. Hidden questions and unknown keys never reach the result.
 */
function checkAll(def: FormDefinition, raw: Record<string, unknown>, opts: ValidateOptions): Checked {
  const check: Check = { language: opts.language, today: tokyoDate(opts.now ?? new Date()) }
  const audience = opts.audience ?? 'resident'
  const answers: Answers = {}
  const seen: RawAnswers = {}
  const results = new Map<string, Outcome>()
  for (const q of allQuestions(def)) {
    if (!isShown(def, q, seen, audience)) continue
    const value = Object.hasOwn(raw, q.id) ? raw[q.id] : undefined
    const outcome = checkQuestion(q, value, check)
    results.set(q.id, outcome)
    if (outcome.ok) {
      if (outcome.value !== undefined) {
        answers[q.id] = outcome.value
        seen[q.id] = outcome.value
      }
    } else if (typeof value === 'string' || typeof value === 'number' || Array.isArray(value)) {
      seen[q.id] = value as RawAnswers[string]
    }
  }
  return { answers, results }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The zod schema of a definition's answers: parses `RawAnswers` into `Answers`. Issues carry the
 * question id as their path and a message already in `opts.language`.
 */
export function buildAnswersSchema(def: FormDefinition, opts: ValidateOptions): z.ZodType<Answers> {
  return z.unknown().transform((input, ctx) => {
    if (!isRecord(input)) {
      ctx.addIssue({ code: 'custom', message: validationMessage('invalid_value', opts.language), path: [] })
      return z.NEVER
    }
    const { answers, results } = checkAll(def, input, opts)
    for (const [id, outcome] of results)
      if (!outcome.ok) ctx.addIssue({ code: 'custom', message: outcome.error, path: [id] })
    return answers
  })
}

/** A whole submission: answers plus the FORM-9 consent tick when the form asks for one. */
export function validateSubmission(
  def: FormDefinition,
  submission: { answers: unknown; consent: boolean },
  opts: ValidateOptions,
): { ok: true; answers: Answers } | { ok: false; errors: FieldErrors } {
  const parsed = buildAnswersSchema(def, opts).safeParse(submission.answers)
  const errors: FieldErrors = {}
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.length > 0 ? String(issue.path[0]) : FORM_ERROR_FIELD
      errors[key] ??= issue.message
    }
  }
  if (def.consent && submission.consent !== true)
    errors[CONSENT_FIELD] = validationMessage('consent_required', opts.language)
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, answers: parsed.data }
  return { ok: false, errors }
}

/**
 * One question, for on-blur checks: judged exactly as `validateSubmission` would judge it among
 * these answers. A hidden or unknown question is fine and has no value.
 */
export function validateAnswer(
  def: FormDefinition,
  questionId: string,
  raw: RawAnswers,
  opts: ValidateOptions,
): { ok: true; value: AnswerValue | undefined } | { ok: false; error: string } {
  const outcome = checkAll(def, isRecord(raw) ? raw : {}, opts).results.get(questionId)
  return outcome ?? { ok: true, value: undefined }
}
