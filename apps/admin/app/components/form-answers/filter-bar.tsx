import { useTranslation } from '@kairan/i18n'
import { Badge, Button, CloseButton, Group, Popover, Select, Stack, Text, TextInput } from '@mantine/core'
import { DatePickerInput, type DatesRangeValue } from '@mantine/dates'
import { IconFilter, IconFilterOff, IconPlus } from '@tabler/icons-react'
import dayjs from 'dayjs'
import { type FormEvent, useEffect, useState } from 'react'
import { formatDate, tokyoDayKey } from '~/lib/friends.ts'
import {
  type AnswerColumnData,
  type FormSummaryData,
  filterValueLabel,
  labelText,
  UNFILTERABLE_TYPES,
} from './answer-context.ts'
import { type AnswerFilterEntry, type AnswerPageFilters, MAX_FILTERS } from './answer-filters.ts'

export type FilterChange = Partial<Pick<AnswerPageFilters, 'from' | 'to' | 'versionId' | 'filters'>>

type FilterBarProps = {
  filters: AnswerPageFilters
  columns: AnswerColumnData[]
  form: FormSummaryData
  onChange: (change: FilterChange) => void
  onClear: () => void
}

/** Period, version and per-question filters of the answers page; every change goes to the URL. */
export function FilterBar({ filters, columns, form, onChange, onClear }: FilterBarProps) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const byId = new Map(columns.map((c) => [c.questionId, c]))
  const isFiltered = Boolean(filters.from || filters.to || filters.versionId || filters.filters.length > 0)

  const removeFilter = (index: number) => onChange({ filters: filters.filters.filter((_, i) => i !== index) })

  return (
    <Stack gap="sm" role="search" aria-label={t('formAnswers.filters.label')}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <PeriodInput from={filters.from} to={filters.to} onChange={(from, to) => onChange({ from, to })} />
        {form.versions.length > 1 ? (
          <Select
            label={t('formAnswers.filters.version')}
            placeholder={t('formAnswers.filters.versionAll')}
            data={form.versions.map((v) => ({
              value: v.id,
              label: t(
                v.version === form.currentVersion
                  ? 'formAnswers.filters.versionCurrent'
                  : 'formAnswers.filters.versionOption',
                { version: v.version, date: formatDate(v.publishedAt, lang) },
              ),
            }))}
            value={filters.versionId}
            onChange={(versionId) => onChange({ versionId })}
            clearable
            w={{ base: '100%', xs: 260 }}
          />
        ) : null}
        <AddQuestionFilter
          columns={columns}
          isFull={filters.filters.length >= MAX_FILTERS}
          onAdd={(entry) => onChange({ filters: [...filters.filters, entry] })}
        />
        {isFiltered ? (
          <Button variant="subtle" leftSection={<IconFilterOff size={16} />} onClick={onClear}>
            {t('formAnswers.filters.clear')}
          </Button>
        ) : null}
      </Group>
      {filters.filters.length > 0 ? (
        <Group gap="xs" aria-label={t('formAnswers.filters.active')} role="list">
          {filters.filters.map((entry, index) => {
            const column = byId.get(entry.questionId)
            const question = column ? labelText(column.label, lang) : entry.questionId
            const label = t('formAnswers.filters.chip', {
              question,
              value: filterValueLabel(column, entry.value, lang),
            })
            return (
              <Badge
                // Filters can repeat the same question and value; the position tells them apart.
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is only ever appended to or cut.
                key={index}
                role="listitem"
                variant="light"
                size="lg"
                tt="none"
                maw="100%"
                rightSection={
                  <CloseButton
                    size="xs"
                    variant="transparent"
                    aria-label={t('formAnswers.filters.remove', { label })}
                    onClick={() => removeFilter(index)}
                  />
                }
              >
                {label}
              </Badge>
            )
          })}
        </Group>
      ) : null}
    </Stack>
  )
}

/** A range of Japan-time days; the URL changes once both ends are picked (or both cleared). */
function PeriodInput({
  from,
  to,
  onChange,
}: {
  from: string | null
  to: string | null
  onChange: (from: string | null, to: string | null) => void
}) {
  const { t } = useTranslation()
  const [value, setValue] = useState<DatesRangeValue<string>>([from, to])
  useEffect(() => setValue([from, to]), [from, to])
  const today = tokyoDayKey(new Date())
  const daysAgo = (n: number) => dayjs(today).subtract(n, 'day').format('YYYY-MM-DD')
  return (
    <DatePickerInput
      type="range"
      label={t('formAnswers.filters.period')}
      placeholder={t('formAnswers.filters.periodPlaceholder')}
      valueFormat="YYYY-MM-DD"
      clearable
      allowSingleDateInRange
      maxDate={today}
      value={value}
      presets={[
        { value: [today, today], label: t('formAnswers.filters.today') },
        { value: [daysAgo(6), today], label: t('formAnswers.filters.last7Days') },
        { value: [daysAgo(29), today], label: t('formAnswers.filters.last30Days') },
        {
          value: [dayjs(today).startOf('month').format('YYYY-MM-DD'), today],
          label: t('formAnswers.filters.thisMonth'),
        },
      ]}
      onChange={(next) => {
        const [start, end] = next.map((d) => (d ? dayjs(d).format('YYYY-MM-DD') : null)) as [
          string | null,
          string | null,
        ]
        setValue([start, end])
        if ((start && end) || (!start && !end)) onChange(start, end)
      }}
      w={{ base: '100%', xs: 260 }}
    />
  )
}

/** "質問で絞り込む": pick a question, then an option (choice questions) or the text to look for. */
function AddQuestionFilter({
  columns,
  isFull,
  onAdd,
}: {
  columns: AnswerColumnData[]
  isFull: boolean
  onAdd: (entry: AnswerFilterEntry) => void
}) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const [isOpen, setOpen] = useState(false)
  const [questionId, setQuestionId] = useState<string | null>(null)
  const [value, setValue] = useState('')
  const filterable = columns.filter((c) => !UNFILTERABLE_TYPES.has(c.type))
  const column = filterable.find((c) => c.questionId === questionId)

  const close = () => {
    setOpen(false)
    setQuestionId(null)
    setValue('')
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!column || value.trim() === '') return
    onAdd({ questionId: column.questionId, value: value.trim() })
    close()
  }

  if (filterable.length === 0) return null
  return (
    <Popover
      opened={isOpen}
      onChange={setOpen}
      position="bottom-start"
      width={320}
      trapFocus
      withArrow
      shadow="md"
    >
      <Popover.Target>
        <Button
          variant="light"
          leftSection={<IconFilter size={16} />}
          rightSection={<IconPlus size={14} />}
          onClick={() => (isOpen ? close() : setOpen(true))}
          disabled={isFull}
          title={isFull ? t('formAnswers.filters.tooMany', { max: MAX_FILTERS }) : undefined}
        >
          {t('formAnswers.filters.addQuestion')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form onSubmit={submit}>
          <Stack gap="sm">
            <Select
              label={t('formAnswers.filters.question')}
              placeholder={t('formAnswers.filters.questionPlaceholder')}
              data={filterable.map((c) => ({ value: c.questionId, label: labelText(c.label, lang) }))}
              value={questionId}
              onChange={(next) => {
                setQuestionId(next)
                setValue('')
              }}
              searchable
              nothingFoundMessage={t('common.noResults')}
              comboboxProps={{ withinPortal: false }}
              data-autofocus
            />
            {column ? <FilterValueInput column={column} value={value} onChange={setValue} /> : null}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" disabled={!column || value.trim() === ''}>
                {t('formAnswers.filters.apply')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  )
}

function FilterValueInput({
  column,
  value,
  onChange,
}: {
  column: AnswerColumnData
  value: string
  onChange: (value: string) => void
}) {
  const { t, i18n } = useTranslation()
  if (column.options) {
    return (
      <Select
        label={t('formAnswers.filters.option')}
        placeholder={t('formAnswers.filters.optionPlaceholder')}
        description={
          column.type === 'multiple_choice' ? t('formAnswers.filters.optionIncludesHelp') : undefined
        }
        data={column.options.map((o) => ({ value: o.id, label: labelText(o.label, i18n.language) }))}
        value={value || null}
        onChange={(next) => onChange(next ?? '')}
        searchable
        comboboxProps={{ withinPortal: false }}
      />
    )
  }
  const hint =
    column.type === 'number'
      ? { placeholder: 'formAnswers.filters.numberPlaceholder', help: 'formAnswers.filters.numberHelp' }
      : column.type === 'date'
        ? { placeholder: 'formAnswers.filters.datePlaceholder', help: 'formAnswers.filters.dateHelp' }
        : { placeholder: 'formAnswers.filters.textPlaceholder', help: 'formAnswers.filters.textHelp' }
  return (
    <TextInput
      label={t(column.type === 'number' ? 'formAnswers.filters.number' : 'formAnswers.filters.text')}
      placeholder={t(hint.placeholder)}
      description={
        <Text span size="xs">
          {t(hint.help)}
        </Text>
      }
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      maxLength={200}
    />
  )
}
