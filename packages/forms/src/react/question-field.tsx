import { stripFurigana } from '@kairan/i18n'
import { NativeSelect, Textarea, TextInput } from '@mantine/core'
import { IconChevronDown } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import type { Question, QuestionOf } from '../definition.ts'
import { localize } from '../localize.ts'
import { MultipleChoiceField, SingleChoiceField } from './choice-fields.tsx'
import type { FieldContext } from './field-context.ts'
import { FormText } from './form-text.tsx'
import { resolveDateBound } from './helpers.ts'
import { PostalCodeField } from './postal-field.tsx'
import { textInputProps } from './question-parts.tsx'
import { colors, wrapperStyles } from './styles.ts'
import { UploadField } from './upload-field.tsx'

export type QuestionFieldProps = { question: Question; error: string | undefined; ctx: FieldContext }

/** One question's label, help, input and error; staff notes render nothing. */
export function QuestionField({ question, error, ctx }: QuestionFieldProps) {
  switch (question.type) {
    case 'single_choice':
      return <SingleChoiceField question={question} error={error} ctx={ctx} />
    case 'multiple_choice':
      return <MultipleChoiceField question={question} error={error} ctx={ctx} />
    case 'dropdown':
      return <DropdownField question={question} error={error} ctx={ctx} />
    case 'postal_code':
      return <PostalCodeField question={question} error={error} ctx={ctx} />
    case 'image':
    case 'video':
      return <UploadField question={question} error={error} ctx={ctx} />
    case 'staff_note':
      return null
    default:
      return <TextLikeField question={question} error={error} ctx={ctx} />
  }
}

type TextLike = QuestionOf<'short_text' | 'long_text' | 'number' | 'date' | 'phone' | 'email'>

function placeholderOf(
  question: QuestionOf<'short_text' | 'long_text'>,
  language: string,
): string | undefined {
  const text = localize(question.placeholder, language)
  return text ? stripFurigana(text) : undefined
}

/**
 * Text, number, date, phone and e-mail. Every one is a text field, so what residents type (１２３,
 * ０９０−…, a full-width ＠) reaches the shared validator as typed and is converted there; the
 * keyboard is chosen with `inputMode`.
 */
function TextLikeField({
  question,
  error,
  ctx,
}: {
  question: TextLike
  error: string | undefined
  ctx: FieldContext
}) {
  const props = textInputProps(question, error, ctx)
  const isAddress = ctx.addressTargets.has(question.id)
  switch (question.type) {
    case 'short_text':
      return (
        <TextInput
          {...props}
          placeholder={placeholderOf(question, ctx.language)}
          autoComplete={isAddress ? 'street-address' : undefined}
        />
      )
    case 'long_text':
      return (
        <Textarea
          {...props}
          placeholder={placeholderOf(question, ctx.language)}
          autoComplete={isAddress ? 'street-address' : undefined}
          autosize
          minRows={3}
          maxRows={12}
        />
      )
    case 'number':
      return <NumberField question={question} props={props} language={ctx.language} />
    case 'date':
      return (
        <TextInput
          {...props}
          type="date"
          min={resolveDateBound(question.minDate)}
          max={resolveDateBound(question.maxDate)}
          styles={{ ...wrapperStyles, input: { ...wrapperStyles.input, maxWidth: '16rem' } }}
        />
      )
    case 'phone':
      return <TextInput {...props} type="tel" inputMode="tel" autoComplete="tel" />
    case 'email':
      return (
        <TextInput
          {...props}
          // type="text": browsers rewrite type="email" values (punycode, trimming) before our validator sees them.
          type="text"
          inputMode="email"
          autoComplete="email"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
        />
      )
  }
}

function NumberField({
  question,
  props,
  language,
}: {
  question: QuestionOf<'number'>
  props: ReturnType<typeof textInputProps>
  language: string
}) {
  const unit = localize(question.unit, language)
  // iOS's decimal pad has no minus key: offer the full keyboard only when negatives are allowed.
  const allowsNegative = question.min === undefined ? false : question.min < 0
  const inputMode = allowsNegative ? 'text' : question.integer ? 'numeric' : 'decimal'
  return (
    <TextInput
      {...props}
      inputMode={inputMode}
      autoComplete="off"
      inputContainer={(children: ReactNode) =>
        unit ? (
          <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            <div style={{ flex: '1 1 auto', minWidth: 0, maxWidth: '16rem' }}>{children}</div>
            <span style={{ color: colors.text, fontSize: '1rem' }}>
              <FormText text={unit} />
            </span>
          </div>
        ) : (
          <div style={{ maxWidth: '16rem' }}>{children}</div>
        )
      }
    />
  )
}

/** A native select: phones open their own picker, which is the easiest to use one-handed. */
function DropdownField({
  question,
  error,
  ctx,
}: {
  question: QuestionOf<'dropdown'>
  error: string | undefined
  ctx: FieldContext
}) {
  const props = textInputProps(question, error, ctx)
  const data = [
    { value: '', label: stripFurigana(ctx.messages.selectPlaceholder) },
    ...question.options.map((o) => ({ value: o.id, label: stripFurigana(localize(o.label, ctx.language)) })),
  ]
  return (
    <NativeSelect
      {...props}
      onChange={(event) => ctx.onChange(question.id, event.currentTarget.value || undefined)}
      data={data}
      rightSection={<IconChevronDown size={18} aria-hidden="true" />}
      rightSectionPointerEvents="none"
    />
  )
}
