import { z } from 'zod'

/**
 * The form definition (FORM-1, FORM-3, FORM-4, FORM-8, FORM-9): the JSON a form version stores.
 * It is versioned by `schemaVersion`, so a later shape can be migrated instead of guessed.
 *
 * Every text a resident reads is a per-language map. Japanese (`ja`) is required; `en`, `ko`,
 * `zh-Hans`, `zh-Hant`, `ja-easy` (やさしい日本語, with `{漢字|かんじ}` furigana) and any further
 * language tag the tenant enables are optional and fall back to Japanese.
 */
export const FORM_SCHEMA_VERSION = 1

/** Languages the builder shows a tab for. Further BCP 47 tags are accepted in every text map. */
export const FORM_LANGUAGES = ['ja', 'en', 'ko', 'zh-Hans', 'zh-Hant', 'ja-easy'] as const
export type FormLanguage = (typeof FORM_LANGUAGES)[number]

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/

/** Stable ids of sections, questions and options, made by the builder ("q_k3x9a"). */
export const ItemId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'id')

const textMap = (max: number) =>
  z.record(z.string().regex(LANGUAGE_TAG, 'language'), z.string().max(max)).transform((map) => {
    // Empty translations are "missing", not an override of the Japanese text.
    const out: Record<string, string> = {}
    for (const [lang, value] of Object.entries(map)) if (value.trim() !== '') out[lang] = value
    return out
  })

/** A text residents read; Japanese must be filled in. */
export const LocalizedText = (max = 500) =>
  textMap(max).refine((map) => typeof map.ja === 'string' && map.ja.trim() !== '', {
    message: 'ja_required',
  })
/** A text that may be left empty in every language (help texts, descriptions). */
export const OptionalLocalizedText = (max = 2000) => textMap(max)
export type LocalizedText = Record<string, string>

export const CHAR_RULE_KINDS = [
  'full_width',
  'half_width',
  'alphanumeric',
  'katakana',
  'hiragana',
  'digits',
  'pattern',
] as const
export type CharRuleKind = (typeof CHAR_RULE_KINDS)[number]

/**
 * FORM-4: what characters a text answer may hold. With `convert`, what can be converted is
 * converted instead of refused (ｱｲｳ → アイウ, １２３ → 123, NFKC); what cannot is still refused.
 */
export const CharRule = z
  .object({
    kind: z.enum(CHAR_RULE_KINDS),
    convert: z.boolean().default(false),
    /** A JavaScript regular expression the whole answer must match (kind "pattern"). */
    pattern: z.string().max(200).optional(),
    /** What to tell residents when the pattern does not match. */
    patternMessage: OptionalLocalizedText(200).optional(),
  })
  .refine((r) => r.kind !== 'pattern' || isValidPattern(r.pattern), {
    message: 'pattern_invalid',
    path: ['pattern'],
  })
export type CharRule = z.infer<typeof CharRule>

function isValidPattern(pattern: string | undefined): boolean {
  if (!pattern) return false
  try {
    new RegExp(pattern, 'u')
    return true
  } catch {
    return false
  }
}

export const CONDITION_OPERATORS = [
  'equals',
  'not_equals',
  'includes',
  'not_includes',
  'answered',
  'not_answered',
] as const
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number]

/**
 * Conditional display: "show this question when question 3 is 'Yes'". `value` is an option id
 * for choice questions and the literal answer otherwise; `answered`/`not_answered` need none.
 */
export const Condition = z.object({
  questionId: ItemId,
  operator: z.enum(CONDITION_OPERATORS),
  value: z.string().max(200).optional(),
})
export type Condition = z.infer<typeof Condition>

export const ChoiceOption = z.object({ id: ItemId, label: LocalizedText(200) })
export type ChoiceOption = z.infer<typeof ChoiceOption>

/** Keys of resident attributes a question may set (e.g. `district`); segments read them. */
export const AttributeKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'attribute_key')

const base = {
  id: ItemId,
  label: LocalizedText(300),
  help: OptionalLocalizedText(1000).optional(),
  required: z.boolean().default(false),
  showWhen: Condition.optional(),
  /** The answer also sets this resident attribute (choice and short-text questions). */
  attributeKey: AttributeKey.optional(),
}

const textLimits = {
  minLength: z.number().int().min(0).max(10_000).optional(),
  maxLength: z.number().int().min(1).max(10_000).optional(),
  charRule: CharRule.optional(),
  placeholder: OptionalLocalizedText(200).optional(),
}

/** `YYYY-MM-DD`, or `today` (in Asia/Tokyo, when the answer is checked). */
export const DateBound = z.union([z.literal('today'), z.iso.date()])

export const QUESTION_TYPES = [
  'short_text',
  'long_text',
  'number',
  'single_choice',
  'multiple_choice',
  'dropdown',
  'date',
  'postal_code',
  'phone',
  'email',
  'image',
  'video',
  'staff_note',
] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]

/** Upload limits: LINE's in-app browser and phone networks make anything larger impractical. */
export const MAX_IMAGE_MB = 20
export const MAX_VIDEO_MB = 100
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'] as const
export const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm', 'video/3gpp'] as const

export const Question = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('short_text'), ...textLimits }),
  z.object({ ...base, type: z.literal('long_text'), ...textLimits }),
  z.object({
    ...base,
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(false),
    unit: OptionalLocalizedText(40).optional(),
  }),
  z.object({ ...base, type: z.literal('single_choice'), options: z.array(ChoiceOption).min(1).max(100) }),
  z.object({
    ...base,
    type: z.literal('multiple_choice'),
    options: z.array(ChoiceOption).min(1).max(100),
    minPicks: z.number().int().min(0).max(100).optional(),
    maxPicks: z.number().int().min(1).max(100).optional(),
  }),
  z.object({ ...base, type: z.literal('dropdown'), options: z.array(ChoiceOption).min(1).max(500) }),
  z.object({
    ...base,
    type: z.literal('date'),
    minDate: DateBound.optional(),
    maxDate: DateBound.optional(),
  }),
  z.object({
    ...base,
    type: z.literal('postal_code'),
    /** A text question the address found for the code is written into (the resident can edit it). */
    addressQuestionId: ItemId.optional(),
  }),
  z.object({ ...base, type: z.literal('phone') }),
  z.object({ ...base, type: z.literal('email') }),
  z.object({
    ...base,
    type: z.literal('image'),
    maxFiles: z.number().int().min(1).max(10).default(1),
    maxSizeMb: z.number().min(0.1).max(MAX_IMAGE_MB).default(10),
  }),
  z.object({
    ...base,
    type: z.literal('video'),
    maxFiles: z.number().int().min(1).max(3).default(1),
    maxSizeMb: z.number().min(1).max(MAX_VIDEO_MB).default(50),
  }),
  /** Filled in by staff (reservation forms), never shown to residents. */
  z.object({ ...base, type: z.literal('staff_note') }),
])
export type Question = z.infer<typeof Question>
export type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>

export const Section = z.object({
  id: ItemId,
  title: OptionalLocalizedText(200).optional(),
  description: OptionalLocalizedText(2000).optional(),
  questions: z.array(Question).max(200),
})
export type Section = z.infer<typeof Section>

/** FORM-9: text and/or a link to the terms and privacy policy, which must be ticked. */
export const Consent = z.object({
  text: OptionalLocalizedText(5000).optional(),
  linkUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  linkLabel: OptionalLocalizedText(200).optional(),
  checkboxLabel: LocalizedText(200),
})
export type Consent = z.infer<typeof Consent>

const FormDefinitionShape = z.object({
  schemaVersion: z.literal(FORM_SCHEMA_VERSION),
  title: LocalizedText(200),
  description: OptionalLocalizedText(5000).optional(),
  sections: z.array(Section).min(1).max(50),
  consent: Consent.optional(),
  /** Shown after sending; a default thank-you is used when empty. */
  thankYou: OptionalLocalizedText(2000).optional(),
})

/**
 * A complete, self-consistent definition: ids unique, conditions and address targets pointing at
 * earlier questions of the right type, limits in order. Publishing requires this; a draft may be
 * saved while still incomplete (see `FormDraftDefinition`).
 */
export const FormDefinition = FormDefinitionShape.superRefine((def, ctx) => {
  for (const issue of definitionIssues(def as FormDefinition)) ctx.addIssue({ code: 'custom', ...issue })
})
export type FormDefinition = z.infer<typeof FormDefinitionShape>

/** What the builder saves between edits: the same shape, checked for structure only. */
export const FormDraftDefinition = FormDefinitionShape
export type FormDraftDefinition = FormDefinition

export type DefinitionIssue = { message: string; path: (string | number)[] }

/** Consistency problems a zod shape cannot express; each `message` is a stable key. */
export function definitionIssues(def: FormDefinition): DefinitionIssue[] {
  const issues: DefinitionIssue[] = []
  const seen = new Set<string>()
  const questions = new Map<string, { q: Question; order: number }>()
  let order = 0
  def.sections.forEach((section, s) => {
    if (seen.has(section.id)) issues.push({ message: 'duplicate_id', path: ['sections', s, 'id'] })
    seen.add(section.id)
    section.questions.forEach((q, i) => {
      const path = ['sections', s, 'questions', i]
      if (seen.has(q.id)) issues.push({ message: 'duplicate_id', path: [...path, 'id'] })
      seen.add(q.id)
      questions.set(q.id, { q, order: order++ })
      if ('options' in q) {
        const ids = new Set<string>()
        q.options.forEach((o, k) => {
          if (ids.has(o.id)) issues.push({ message: 'duplicate_id', path: [...path, 'options', k, 'id'] })
          ids.add(o.id)
        })
      }
      if (
        (q.type === 'short_text' || q.type === 'long_text') &&
        q.minLength !== undefined &&
        q.maxLength !== undefined &&
        q.minLength > q.maxLength
      )
        issues.push({ message: 'range_inverted', path: [...path, 'maxLength'] })
      if (q.type === 'number' && q.min !== undefined && q.max !== undefined && q.min > q.max)
        issues.push({ message: 'range_inverted', path: [...path, 'max'] })
      if (q.type === 'multiple_choice') {
        if (q.minPicks !== undefined && q.maxPicks !== undefined && q.minPicks > q.maxPicks)
          issues.push({ message: 'range_inverted', path: [...path, 'maxPicks'] })
        if (q.minPicks !== undefined && q.minPicks > q.options.length)
          issues.push({ message: 'picks_exceed_options', path: [...path, 'minPicks'] })
      }
      if (
        q.type === 'date' &&
        q.minDate &&
        q.maxDate &&
        q.minDate !== 'today' &&
        q.maxDate !== 'today' &&
        q.minDate > q.maxDate
      )
        issues.push({ message: 'range_inverted', path: [...path, 'maxDate'] })
    })
  })
  def.sections.forEach((section, s) => {
    section.questions.forEach((q, i) => {
      const path = ['sections', s, 'questions', i]
      const self = questions.get(q.id)
      if (q.showWhen) {
        const target = questions.get(q.showWhen.questionId)
        if (!target || !self || target.order >= self.order) {
          issues.push({ message: 'condition_target_invalid', path: [...path, 'showWhen', 'questionId'] })
        } else if (
          q.showWhen.operator !== 'answered' &&
          q.showWhen.operator !== 'not_answered' &&
          q.showWhen.value === undefined
        ) {
          issues.push({ message: 'condition_value_missing', path: [...path, 'showWhen', 'value'] })
        } else if (
          'options' in target.q &&
          q.showWhen.value !== undefined &&
          !target.q.options.some((o) => o.id === q.showWhen?.value)
        ) {
          issues.push({ message: 'condition_value_missing', path: [...path, 'showWhen', 'value'] })
        } else if (target.q.type === 'staff_note') {
          issues.push({ message: 'condition_target_invalid', path: [...path, 'showWhen', 'questionId'] })
        }
      }
      if (q.type === 'postal_code' && q.addressQuestionId) {
        const target = questions.get(q.addressQuestionId)
        if (!target || (target.q.type !== 'short_text' && target.q.type !== 'long_text'))
          issues.push({ message: 'address_target_invalid', path: [...path, 'addressQuestionId'] })
      }
    })
  })
  return issues
}

/** Every question in order, across sections. */
export function allQuestions(def: Pick<FormDefinition, 'sections'>): Question[] {
  return def.sections.flatMap((s) => s.questions)
}

/** Questions residents answer (staff notes are left out). */
export function residentQuestions(def: Pick<FormDefinition, 'sections'>): Question[] {
  return allQuestions(def).filter((q) => q.type !== 'staff_note')
}

export const CHOICE_TYPES = ['single_choice', 'multiple_choice', 'dropdown'] as const
export const UPLOAD_TYPES = ['image', 'video'] as const
export function isChoiceQuestion(
  q: Question,
): q is QuestionOf<'single_choice' | 'multiple_choice' | 'dropdown'> {
  return q.type === 'single_choice' || q.type === 'multiple_choice' || q.type === 'dropdown'
}
export function isUploadQuestion(q: Question): q is QuestionOf<'image' | 'video'> {
  return q.type === 'image' || q.type === 'video'
}
