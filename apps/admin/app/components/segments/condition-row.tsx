import { useTranslation } from '@kairan/i18n'
import { ActionIcon, Group, MultiSelect, NumberInput, Select, Tooltip } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { IconTrash } from '@tabler/icons-react'
import dayjs from 'dayjs'
import {
  ATTRIBUTE_OPS,
  CONDITION_KINDS,
  type ConditionKind,
  type DraftCondition,
  FRIEND_SINCE_OPS,
  newCondition,
  SEGMENT_LANGUAGE_CODES,
  type SegmentLanguage,
  withAttributeOp,
} from './filter-model.ts'
import { type AttributeRow, labelIn } from './labels.ts'

export type FormChoice = { id: string; title: string }

/**
 * One condition: what it is about (attribute, language, form, friend since, test device), the
 * operator, and the value(s) — each a labelled select, so the row reads as a sentence.
 */
export function ConditionRow({
  condition,
  attributes,
  forms,
  onChange,
  onRemove,
  showProblem,
  testId,
}: {
  condition: DraftCondition
  /** Live attributes, plus a deleted one this condition still names. */
  attributes: AttributeRow[]
  forms: FormChoice[]
  onChange: (next: DraftCondition) => void
  onRemove: () => void
  /** Mark a missing value (after a save attempt). */
  showProblem: boolean
  testId?: string
}) {
  const { t, i18n } = useTranslation()
  const missing = showProblem ? t('segments.builder.selectValue') : undefined
  const kindSelect = (
    <Select
      label={t('segments.builder.conditionKind')}
      w={150}
      allowDeselect={false}
      value={condition.kind}
      data={CONDITION_KINDS.map((kind) => ({
        value: kind,
        label: t(`segments.kinds.${kind}`),
        disabled:
          (kind === 'attribute' && attributes.length === 0) || (kind === 'form' && forms.length === 0),
      }))}
      onChange={(kind) => kind && onChange(newCondition(kind as ConditionKind, attributes, forms))}
      data-testid="condition-kind"
    />
  )

  let fields: React.ReactNode = null
  switch (condition.kind) {
    case 'attribute': {
      const attribute = attributes.find((a) => a.key === condition.key)
      const optionData = (attribute?.options ?? []).map((o) => ({
        value: o.value,
        label: labelIn(o.label, i18n.language),
      }))
      // A value no longer among the options (removed later) stays visible by its value.
      for (const value of condition.values)
        if (!optionData.some((o) => o.value === value)) optionData.push({ value, label: value })
      const attributeData = attributes.map((a) => ({
        value: a.key,
        label: a.deletedAt
          ? `${labelIn(a.label, i18n.language)}（${t('segments.builder.deletedAttribute')}）`
          : labelIn(a.label, i18n.language),
      }))
      if (condition.key && !attribute)
        attributeData.push({ value: condition.key, label: t('segments.builder.deletedAttribute') })
      fields = (
        <>
          <Select
            label={t('segments.fields.attribute')}
            w={180}
            allowDeselect={false}
            searchable
            value={condition.key || null}
            data={attributeData}
            onChange={(key) => key && onChange({ ...condition, key, values: [] })}
            data-testid="condition-attribute"
          />
          <Select
            label={t('segments.builder.operator')}
            w={190}
            allowDeselect={false}
            value={condition.op}
            data={ATTRIBUTE_OPS.map((op) => ({ value: op, label: t(`segments.ops.${op}`) }))}
            onChange={(op) => op && onChange(withAttributeOp(condition, op as typeof condition.op))}
            data-testid="condition-op"
          />
          {condition.op === 'is' || condition.op === 'is_not' ? (
            <Select
              label={t('segments.builder.valueSingle')}
              w={200}
              placeholder={t('segments.builder.selectValue')}
              value={condition.values[0] ?? null}
              data={optionData}
              onChange={(value) => onChange({ ...condition, values: value ? [value] : [] })}
              error={condition.values.length === 0 ? missing : undefined}
              data-testid="condition-value"
            />
          ) : condition.op === 'any_of' || condition.op === 'none_of' ? (
            <MultiSelect
              label={t('segments.builder.values')}
              miw={220}
              style={{ flex: 1 }}
              placeholder={condition.values.length === 0 ? t('segments.builder.selectValue') : undefined}
              value={condition.values}
              data={optionData}
              onChange={(values) => onChange({ ...condition, values })}
              error={condition.values.length === 0 ? missing : undefined}
              data-testid="condition-values"
            />
          ) : null}
        </>
      )
      break
    }
    case 'language':
      fields = (
        <>
          <Select
            label={t('segments.builder.operator')}
            w={190}
            allowDeselect={false}
            value={condition.op}
            data={(['any_of', 'none_of'] as const).map((op) => ({
              value: op,
              label: t(`segments.ops.${op}`),
            }))}
            onChange={(op) => op && onChange({ ...condition, op: op as typeof condition.op })}
            data-testid="condition-op"
          />
          <MultiSelect
            label={t('segments.builder.values')}
            miw={220}
            style={{ flex: 1 }}
            placeholder={condition.values.length === 0 ? t('segments.builder.selectValue') : undefined}
            value={condition.values}
            data={SEGMENT_LANGUAGE_CODES.map((code) => ({
              value: code,
              label: t(`segments.languages.${code}`),
            }))}
            onChange={(values) => onChange({ ...condition, values: values as SegmentLanguage[] })}
            error={condition.values.length === 0 ? missing : undefined}
            data-testid="condition-values"
          />
        </>
      )
      break
    case 'form': {
      const formData = forms.map((f) => ({ value: f.id, label: f.title }))
      if (condition.formId && !forms.some((f) => f.id === condition.formId))
        formData.push({ value: condition.formId, label: t('segments.builder.unknownForm') })
      fields = (
        <>
          <Select
            label={t('segments.fields.form')}
            w={240}
            searchable
            allowDeselect={false}
            placeholder={t('segments.builder.selectValue')}
            value={condition.formId || null}
            data={formData}
            onChange={(formId) => formId && onChange({ ...condition, formId })}
            error={condition.formId ? undefined : missing}
            data-testid="condition-form"
          />
          <Select
            label={t('segments.builder.operator')}
            w={190}
            allowDeselect={false}
            value={condition.op}
            data={(['answered', 'not_answered'] as const).map((op) => ({
              value: op,
              label: t(`segments.ops.${op}`),
            }))}
            onChange={(op) => op && onChange({ ...condition, op: op as typeof condition.op })}
            data-testid="condition-op"
          />
        </>
      )
      break
    }
    case 'friend_since': {
      const usesDate = condition.op === 'before' || condition.op === 'after'
      fields = (
        <>
          <Select
            label={t('segments.builder.operator')}
            w={190}
            allowDeselect={false}
            value={condition.op}
            data={FRIEND_SINCE_OPS.map((op) => ({ value: op, label: t(`segments.ops.${op}`) }))}
            onChange={(op) => {
              if (!op) return
              const next = op as typeof condition.op
              const wantsDate = next === 'before' || next === 'after'
              onChange({
                kind: 'friend_since',
                op: next,
                date: wantsDate ? (condition.date ?? dayjs().format('YYYY-MM-DD')) : undefined,
                days: wantsDate ? undefined : (condition.days ?? 30),
              })
            }}
            data-testid="condition-op"
          />
          {usesDate ? (
            <DateInput
              label={t('segments.fields.date')}
              w={180}
              valueFormat="YYYY/MM/DD"
              value={condition.date ?? null}
              onChange={(value) =>
                onChange({ ...condition, date: value ? dayjs(value).format('YYYY-MM-DD') : undefined })
              }
              error={condition.date ? undefined : missing}
              data-testid="condition-date"
            />
          ) : (
            <NumberInput
              label={t('segments.fields.days')}
              w={140}
              min={1}
              max={3650}
              allowDecimal={false}
              allowNegative={false}
              rightSection={t('segments.fields.daysSuffix')}
              rightSectionWidth={44}
              value={condition.days ?? ''}
              onChange={(v) => onChange({ ...condition, days: typeof v === 'number' ? v : undefined })}
              error={condition.days ? undefined : missing}
              data-testid="condition-days"
            />
          )}
        </>
      )
      break
    }
    case 'test_device':
      fields = (
        <Select
          label={t('segments.builder.operator')}
          w={220}
          allowDeselect={false}
          value={condition.op}
          data={[
            { value: 'is', label: t('segments.ops.testIs') },
            { value: 'is_not', label: t('segments.ops.testIsNot') },
          ]}
          onChange={(op) => op && onChange({ ...condition, op: op as typeof condition.op })}
          data-testid="condition-op"
        />
      )
      break
  }

  return (
    <Group gap="sm" align="flex-start" wrap="wrap" data-testid={testId} data-condition-kind={condition.kind}>
      {kindSelect}
      {fields}
      <Tooltip label={t('segments.builder.removeCondition')}>
        <ActionIcon
          variant="subtle"
          color="red"
          mt={26}
          onClick={onRemove}
          aria-label={t('segments.builder.removeCondition')}
          data-testid="remove-condition"
        >
          <IconTrash size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  )
}
