import { Button, Input } from '@mantine/core'
import { type ReactNode, type RefObject, useRef } from 'react'
import type { QuestionOf } from '../definition.ts'
import { localize } from '../localize.ts'
import { asList, asText, type FieldContext } from './field-context.ts'
import { FormText } from './form-text.tsx'
import { questionFieldId } from './helpers.ts'
import { describedBy, errorNode, QuestionLabel, questionDescription } from './question-parts.tsx'
import { bareFieldset, choiceInput, choiceRow, wrapperStyles } from './styles.ts'

type ChoiceProps<T extends 'single_choice' | 'multiple_choice'> = {
  question: QuestionOf<T>
  error: string | undefined
  ctx: FieldContext
}

/**
 * The label, help and error around a group of choices. The group itself is a `radiogroup` or a
 * fieldset named by the label; the inputs are native, so keyboards, screen readers and autofill
 * treat them as they expect.
 */
function ChoiceGroup({
  question,
  error,
  ctx,
  role,
  children,
  after,
  groupRef,
}: {
  question: QuestionOf<'single_choice' | 'multiple_choice'>
  error: string | undefined
  ctx: FieldContext
  role: 'radiogroup' | 'group'
  children: ReactNode
  after?: ReactNode
  groupRef?: RefObject<HTMLDivElement>
}) {
  const fieldId = questionFieldId(question.id, ctx.idPrefix)
  const description = questionDescription(question, ctx)
  return (
    <Input.Wrapper
      id={fieldId}
      labelElement="div"
      size="lg"
      label={<QuestionLabel question={question} ctx={ctx} />}
      description={description}
      error={errorNode(error)}
      styles={wrapperStyles}
    >
      {role === 'radiogroup' ? (
        <div
          ref={groupRef}
          id={fieldId}
          role="radiogroup"
          // Focusable from script only: a page moves focus here when this question has the first error.
          tabIndex={-1}
          aria-labelledby={`${fieldId}-label`}
          aria-describedby={describedBy(fieldId, description !== undefined, Boolean(error))}
          aria-required={question.required || undefined}
          aria-invalid={error ? true : undefined}
          style={{ display: 'grid', gap: 8, outlineOffset: 4 }}
        >
          {children}
        </div>
      ) : (
        <fieldset
          id={fieldId}
          tabIndex={-1}
          aria-labelledby={`${fieldId}-label`}
          aria-describedby={describedBy(fieldId, description !== undefined, Boolean(error))}
          style={{ ...bareFieldset, display: 'grid', gap: 8, outlineOffset: 4 }}
        >
          {children}
        </fieldset>
      )}
      {after}
    </Input.Wrapper>
  )
}

export function SingleChoiceField({ question, error, ctx }: ChoiceProps<'single_choice'>) {
  const fieldId = questionFieldId(question.id, ctx.idPrefix)
  const selected = asText(ctx.values[question.id])
  const canClear = !question.required && selected !== ''
  const groupRef = useRef<HTMLDivElement>(null)
  return (
    <ChoiceGroup
      question={question}
      error={error}
      ctx={ctx}
      role="radiogroup"
      groupRef={groupRef}
      after={
        question.required ? null : (
          // Radios cannot be unticked; an optional question gets a way back to "no answer". The
          // button keeps its room while hidden, so choosing an option does not move the page.
          <Button
            variant="subtle"
            size="md"
            h={44}
            mt={4}
            px={8}
            disabled={ctx.isDisabled}
            style={{ visibility: canClear ? 'visible' : 'hidden' }}
            onClick={() => {
              ctx.onChange(question.id, undefined)
              // The button hides itself; the focus goes back to the choices.
              groupRef.current?.focus()
            }}
          >
            <FormText text={ctx.messages.clearChoice} />
          </Button>
        )
      }
    >
      {question.options.map((option) => {
        const isChecked = selected === option.id
        return (
          <label key={option.id} style={choiceRow(isChecked, ctx.isDisabled)}>
            <input
              type="radio"
              name={fieldId}
              value={option.id}
              checked={isChecked}
              disabled={ctx.isDisabled}
              onChange={() => ctx.onChange(question.id, option.id)}
              style={choiceInput}
            />
            <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
              <FormText text={localize(option.label, ctx.language)} />
            </span>
          </label>
        )
      })}
    </ChoiceGroup>
  )
}

export function MultipleChoiceField({ question, error, ctx }: ChoiceProps<'multiple_choice'>) {
  const fieldId = questionFieldId(question.id, ctx.idPrefix)
  const picked = new Set(asList(ctx.values[question.id]))
  const isFull = question.maxPicks !== undefined && picked.size >= question.maxPicks
  const toggle = (optionId: string, isOn: boolean) => {
    const next = new Set(picked)
    if (isOn) next.add(optionId)
    else next.delete(optionId)
    // In the form's option order, whatever order they were ticked in.
    ctx.onChange(
      question.id,
      question.options.filter((o) => next.has(o.id)).map((o) => o.id),
    )
  }
  return (
    <ChoiceGroup question={question} error={error} ctx={ctx} role="group">
      {question.options.map((option) => {
        const isChecked = picked.has(option.id)
        // At the limit, the rest are disabled rather than refused after the fact.
        const isDisabled = ctx.isDisabled || (isFull && !isChecked)
        return (
          <label key={option.id} style={choiceRow(isChecked, isDisabled)}>
            <input
              type="checkbox"
              name={fieldId}
              value={option.id}
              checked={isChecked}
              disabled={isDisabled}
              aria-invalid={error ? true : undefined}
              onChange={(event) => toggle(option.id, event.currentTarget.checked)}
              style={choiceInput}
            />
            <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
              <FormText text={localize(option.label, ctx.language)} />
            </span>
          </label>
        )
      })}
    </ChoiceGroup>
  )
}
