import { Button, TextInput } from '@mantine/core'
import { type ReactNode, useState } from 'react'
import { isQuestionVisible } from '../answers.ts'
import { allQuestions, type QuestionOf } from '../definition.ts'
import { formatPostalCode } from '../normalize.ts'
import { asText, type FieldContext } from './field-context.ts'
import { FormText } from './form-text.tsx'
import { textInputProps } from './question-parts.tsx'
import { colors, lh } from './styles.ts'
import type { FormUiMessageKey } from './ui-messages.ts'

type LookupStatus = { key: FormUiMessageKey; tone: 'info' | 'warning' } | null

/**
 * 〒 and seven digits; with a postal-code dataset (`lookupPostalCode`) and an address question to
 * fill, a "住所を検索" button writes the address there for the resident to finish (番地, building).
 */
export function PostalCodeField({
  question,
  error,
  ctx,
}: {
  question: QuestionOf<'postal_code'>
  error: string | undefined
  ctx: FieldContext
}) {
  const [status, setStatus] = useState<LookupStatus>(null)
  const [isSearching, setSearching] = useState(false)
  const target = question.addressQuestionId
    ? allQuestions(ctx.definition).find((q) => q.id === question.addressQuestionId)
    : undefined
  const lookup = ctx.lookupPostalCode
  const canLookup =
    lookup !== undefined &&
    target !== undefined &&
    (target.type === 'short_text' || target.type === 'long_text') &&
    isQuestionVisible(ctx.definition, target, ctx.values)
  const props = textInputProps(question, error, ctx)

  const search = async () => {
    if (!lookup || !target) return
    const code = formatPostalCode(asText(ctx.values[question.id]))
    if (!code) {
      setStatus({ key: 'postalNeedsDigits', tone: 'warning' })
      return
    }
    setSearching(true)
    setStatus(null)
    try {
      const found = await lookup(code)
      if (!found) {
        setStatus({ key: 'postalNotFound', tone: 'warning' })
        return
      }
      if (asText(ctx.values[question.id]) !== code) ctx.onChange(question.id, code)
      // Keep what the resident already wrote after the same town (番地 and building).
      if (!asText(ctx.values[target.id]).startsWith(found.address)) ctx.onChange(target.id, found.address)
      setStatus({ key: 'postalFilled', tone: 'info' })
    } catch {
      setStatus({ key: 'postalLookupFailed', tone: 'warning' })
    } finally {
      setSearching(false)
    }
  }

  return (
    <div>
      <TextInput
        {...props}
        onChange={(event) => {
          setStatus(null)
          props.onChange(event)
        }}
        inputMode="numeric"
        autoComplete="postal-code"
        leftSection={<span aria-hidden="true">〒</span>}
        inputContainer={(children: ReactNode) =>
          canLookup ? (
            <div style={{ display: 'flex', alignItems: 'flex-start', gap: 8 }}>
              <div style={{ flex: '1 1 auto', minWidth: 0, maxWidth: '12rem' }}>{children}</div>
              <Button
                // Outline, not light: the primary text on the light tint is 4.36:1 (WCAG AA wants 4.5:1).
                variant="outline"
                size="md"
                h={50}
                px={14}
                loading={isSearching}
                disabled={ctx.isDisabled}
                onClick={() => void search()}
              >
                <FormText text={ctx.messages.postalSearch} />
              </Button>
            </div>
          ) : (
            <div style={{ maxWidth: '12rem' }}>{children}</div>
          )
        }
      />
      {/* Always present, so screen readers announce the result when it appears. */}
      <p
        role="status"
        style={{
          margin: status ? '6px 0 0' : 0,
          fontSize: '0.9375rem',
          lineHeight: lh(1.5),
          color: status?.tone === 'warning' ? 'var(--mantine-color-orange-9)' : colors.accent,
        }}
      >
        {status ? <FormText text={ctx.messages[status.key]} /> : null}
      </p>
    </div>
  )
}
