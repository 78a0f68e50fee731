import type { ReactNode } from 'react'
import type { Question } from '../definition.ts'
import { localize } from '../localize.ts'
import { asText, type FieldContext } from './field-context.ts'
import { FormText, MessageText } from './form-text.tsx'
import { intlLocale, questionFieldId } from './helpers.ts'
import { colors, prose, wrapperStyles } from './styles.ts'
import type { FormUiMessageKey, FormUiMessages, MessageValues } from './ui-messages.ts'

/** The question's label followed by a "必須" (or "任意") badge, read out as part of the label. */
export function QuestionLabel({ question, ctx }: { question: Question; ctx: FieldContext }) {
  return (
    <>
      <FormText text={localize(question.label, ctx.language)} />
      {/* A real space, so screen readers and copied text say "お名前 必須". */}{' '}
      <RequirementBadge isRequired={question.required} messages={ctx.messages} />
    </>
  )
}

export function RequirementBadge({
  isRequired,
  messages,
}: {
  isRequired: boolean
  messages: FormUiMessages
}) {
  return (
    <span
      style={{
        display: 'inline-block',
        marginInlineStart: 4,
        padding: '0 8px',
        borderRadius: 4,
        fontSize: '0.75rem',
        lineHeight: '1.5rem',
        fontWeight: 700,
        verticalAlign: 'middle',
        whiteSpace: 'nowrap',
        // Red 9 with white text is 6:1; the optional badge is muted text on a light grey.
        color: isRequired ? 'var(--mantine-color-white)' : colors.muted,
        background: isRequired ? 'var(--mantine-color-red-9)' : 'var(--mantine-color-gray-1)',
        border: isRequired ? '1px solid var(--mantine-color-red-9)' : `1px solid ${colors.divider}`,
      }}
    >
      <FormText text={isRequired ? messages.required : messages.optional} />
    </span>
  )
}

type Hint = { key: FormUiMessageKey; values: MessageValues }

function rangeHint(
  min: number | undefined,
  max: number | undefined,
  keys: { between: FormUiMessageKey; atLeast: FormUiMessageKey; atMost: FormUiMessageKey },
  format: (n: number) => string,
): Hint | null {
  if (min !== undefined && max !== undefined)
    return { key: keys.between, values: { min: format(min), max: format(max) } }
  if (min !== undefined) return { key: keys.atLeast, values: { min: format(min) } }
  if (max !== undefined) return { key: keys.atMost, values: { max: format(max) } }
  return null
}

const CHAR_HINTS = {
  full_width: 'charFullWidth',
  half_width: 'charHalfWidth',
  alphanumeric: 'charAlphanumeric',
  katakana: 'charKatakana',
  hiragana: 'charHiragana',
  digits: 'charDigits',
} as const satisfies Record<string, FormUiMessageKey>

/**
 * What the resident should know before typing: the character rule, length and number ranges and
 * how many choices to pick, so the validator's error is the exception rather than the guide.
 */
export function questionHints(question: Question, language: string): Hint[] {
  const number = new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: 10 })
  const fmt = (n: number) => number.format(n)
  const hints: Hint[] = []
  switch (question.type) {
    case 'short_text':
    case 'long_text': {
      const kind = question.charRule?.kind
      if (kind && kind !== 'pattern') hints.push({ key: CHAR_HINTS[kind], values: {} })
      const min = question.minLength && question.minLength > 0 ? question.minLength : undefined
      const length = rangeHint(
        min,
        question.maxLength,
        { between: 'lengthBetween', atLeast: 'lengthAtLeast', atMost: 'lengthAtMost' },
        fmt,
      )
      if (length) hints.push(length)
      break
    }
    case 'number': {
      const range = rangeHint(
        question.min,
        question.max,
        { between: 'numberBetween', atLeast: 'numberAtLeast', atMost: 'numberAtMost' },
        fmt,
      )
      if (range) hints.push(range)
      break
    }
    case 'multiple_choice': {
      const { minPicks, maxPicks } = question
      if (minPicks !== undefined && minPicks === maxPicks)
        hints.push({ key: 'selectExactly', values: { count: fmt(minPicks) } })
      else if (minPicks !== undefined && minPicks > 1 && maxPicks !== undefined)
        hints.push({ key: 'selectBetween', values: { min: fmt(minPicks), max: fmt(maxPicks) } })
      else if (maxPicks !== undefined) hints.push({ key: 'selectUpTo', values: { max: fmt(maxPicks) } })
      else if (minPicks !== undefined && minPicks > 1)
        hints.push({ key: 'selectAtLeast', values: { min: fmt(minPicks) } })
      break
    }
    case 'image':
    case 'video':
      hints.push({
        key: question.type === 'image' ? 'imageLimits' : 'videoLimits',
        values: { count: fmt(question.maxFiles), size: fmt(question.maxSizeMb) },
      })
      break
    default:
      break
  }
  return hints
}

/** Help text and hints, shown between the label and the input (and linked to it as its description). */
export function questionDescription(question: Question, ctx: FieldContext): ReactNode | undefined {
  const help = localize(question.help, ctx.language)
  const hints = questionHints(question, ctx.language)
  if (!help && hints.length === 0) return undefined
  return (
    <>
      {help ? (
        <span style={{ ...prose, display: 'block' }}>
          <FormText text={help} />
        </span>
      ) : null}
      {hints.map((hint) => (
        <span key={hint.key} style={{ display: 'block' }}>
          <MessageText template={ctx.messages[hint.key]} values={hint.values} />
        </span>
      ))}
    </>
  )
}

/** A validation message (it may carry furigana in やさしい日本語). */
export function errorNode(error: string | undefined): ReactNode | undefined {
  return error ? <FormText text={error} /> : undefined
}

/** `aria-describedby` for custom groups, matching the ids Mantine's input wrapper gives its parts. */
export function describedBy(fieldId: string, hasDescription: boolean, hasError: boolean): string | undefined {
  const ids = [hasError ? `${fieldId}-error` : '', hasDescription ? `${fieldId}-description` : ''].filter(
    Boolean,
  )
  return ids.length > 0 ? ids.join(' ') : undefined
}

/** Props every Mantine text input of a question shares. */
export function textInputProps(question: Question, error: string | undefined, ctx: FieldContext) {
  return {
    id: questionFieldId(question.id, ctx.idPrefix),
    size: 'lg' as const,
    label: <QuestionLabel question={question} ctx={ctx} />,
    description: questionDescription(question, ctx),
    error: errorNode(error),
    disabled: ctx.isDisabled,
    styles: wrapperStyles,
    'aria-required': question.required || undefined,
    value: asText(ctx.values[question.id]),
    onChange: (event: { currentTarget: { value: string } }) =>
      ctx.onChange(question.id, event.currentTarget.value),
  }
}
