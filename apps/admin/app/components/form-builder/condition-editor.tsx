import {
  allQuestions,
  type Condition,
  type ConditionOperator,
  conditionTargets,
  type FormDefinition,
  localize,
  type Question,
} from '@kairan/forms'
import { useTranslation } from '@kairan/i18n'
import { Alert, Group, Select, Stack, Switch, Text, TextInput } from '@mantine/core'
import { IconGitBranch } from '@tabler/icons-react'
import { fieldProblem, problemMessage } from './issues.ts'

/** Which operators make sense for the question a condition looks at. */
function operatorsFor(target: Question | undefined): ConditionOperator[] {
  if (target?.type === 'multiple_choice' || target?.type === 'image' || target?.type === 'video')
    return target.type === 'multiple_choice'
      ? ['includes', 'not_includes', 'answered', 'not_answered']
      : ['answered', 'not_answered']
  return ['equals', 'not_equals', 'answered', 'not_answered']
}

const needsValue = (operator: ConditionOperator) => operator !== 'answered' && operator !== 'not_answered'

/**
 * "この質問を表示する条件": an earlier question, how its answer is compared, and with what (an
 * option of a choice question, or a literal answer).
 */
export function ConditionEditor({
  question,
  definition,
  onChange,
  problems,
}: {
  question: Question
  definition: FormDefinition
  onChange: (showWhen: Condition | undefined) => void
  problems: Map<string, string>
}) {
  const { t } = useTranslation()
  const targets = conditionTargets(definition, question.id)
  const numbers = new Map(allQuestions(definition).map((q, i) => [q.id, i + 1]))
  const condition = question.showWhen
  const target = condition ? targets.find((q) => q.id === condition.questionId) : undefined
  const operators = operatorsFor(target)
  const problem = fieldProblem(problems, 'showWhen')

  const pick = (questionId: string | null) => {
    const next = targets.find((q) => q.id === questionId)
    if (!next) return
    const operator = operatorsFor(next)[0] ?? 'answered'
    const value = 'options' in next ? next.options[0]?.id : undefined
    onChange({ questionId: next.id, operator, ...(needsValue(operator) && value ? { value } : {}) })
  }

  return (
    <Stack gap="xs">
      <Switch
        label={t('forms.condition.enable')}
        description={targets.length === 0 ? t('forms.condition.noTargets') : t('forms.condition.help')}
        checked={Boolean(condition)}
        disabled={!condition && targets.length === 0}
        onChange={(e) => {
          if (!e.currentTarget.checked) onChange(undefined)
          else pick(targets.at(-1)?.id ?? null)
        }}
      />
      {condition ? (
        <Stack gap="xs" pl="md" style={{ borderLeft: '3px solid var(--mantine-color-blue-2)' }}>
          <Group gap={6} c="dimmed">
            <IconGitBranch size={14} aria-hidden />
            <Text size="xs">{t('forms.condition.sentence')}</Text>
          </Group>
          <Select
            label={t('forms.condition.question')}
            data={targets.map((q) => ({
              value: q.id,
              label: t('forms.condition.questionOption', {
                n: numbers.get(q.id) ?? 0,
                label: localize(q.label, 'ja') || t('forms.question.untitled'),
              }),
            }))}
            value={target ? target.id : null}
            placeholder={t('forms.condition.questionPlaceholder')}
            onChange={pick}
            allowDeselect={false}
            searchable
            error={
              fieldProblem(problems, 'showWhen.questionId')
                ? problemMessage(t, fieldProblem(problems, 'showWhen.questionId') ?? '')
                : undefined
            }
          />
          {target ? (
            <Group grow align="flex-start" gap="xs">
              <Select
                label={t('forms.condition.operator')}
                data={operators.map((op) => ({ value: op, label: t(`forms.condition.operators.${op}`) }))}
                value={operators.includes(condition.operator) ? condition.operator : null}
                allowDeselect={false}
                onChange={(op) => {
                  if (!op) return
                  const operator = op as ConditionOperator
                  const value = needsValue(operator)
                    ? (condition.value ?? ('options' in target ? target.options[0]?.id : undefined))
                    : undefined
                  onChange({ questionId: target.id, operator, ...(value !== undefined ? { value } : {}) })
                }}
              />
              {needsValue(condition.operator) ? (
                'options' in target ? (
                  <Select
                    label={t('forms.condition.option')}
                    data={target.options.map((o, i) => ({
                      value: o.id,
                      label: localize(o.label, 'ja') || t('forms.options.label', { n: i + 1 }),
                    }))}
                    value={
                      target.options.some((o) => o.id === condition.value) ? (condition.value ?? null) : null
                    }
                    placeholder={t('forms.condition.optionPlaceholder')}
                    allowDeselect={false}
                    onChange={(value) => value && onChange({ ...condition, value })}
                    error={
                      fieldProblem(problems, 'showWhen.value')
                        ? problemMessage(t, fieldProblem(problems, 'showWhen.value') ?? '')
                        : undefined
                    }
                  />
                ) : (
                  <TextInput
                    label={t('forms.condition.value')}
                    description={t('forms.condition.valueHelp')}
                    value={condition.value ?? ''}
                    maxLength={200}
                    onChange={(e) => onChange({ ...condition, value: e.currentTarget.value })}
                    error={
                      fieldProblem(problems, 'showWhen.value')
                        ? problemMessage(t, fieldProblem(problems, 'showWhen.value') ?? '')
                        : undefined
                    }
                  />
                )
              ) : null}
            </Group>
          ) : null}
          {problem && !target ? (
            <Alert color="red" p="xs" role="alert">
              <Text size="xs">{problemMessage(t, problem)}</Text>
            </Alert>
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  )
}
