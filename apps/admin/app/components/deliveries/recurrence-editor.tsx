import {
  describeRecurrence,
  isJapaneseHoliday,
  nextOccurrences,
  type RecurrenceRule,
  RecurrenceSpec,
  tokyoDate,
  WEEKDAYS,
  type Weekday,
} from '@kairan/core/recurrence'
import { useTranslation } from '@kairan/i18n'
import {
  Chip,
  Group,
  Input,
  List,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
} from '@mantine/core'
import { DatePickerInput, TimeInput } from '@mantine/dates'
import { IconCalendarRepeat } from '@tabler/icons-react'

type Kind = RecurrenceRule['kind']
const KINDS: Kind[] = ['weekly', 'monthly_day', 'monthly_nth', 'every_n_days']
const NTHS = [
  { value: '1', key: 'first' },
  { value: '2', key: 'second' },
  { value: '3', key: 'third' },
  { value: '4', key: 'fourth' },
  { value: '-1', key: 'last' },
] as const

/** Weekday (MO…SU), day of month and week of month of a `YYYY-MM-DD` date. */
function dateParts(date: string): { weekday: Weekday; day: number; nth: 1 | 2 | 3 | 4 | -1 } {
  const parsed = new Date(`${date}T00:00:00Z`)
  const valid = Number.isNaN(parsed.getTime()) ? new Date(0) : parsed
  const day = valid.getUTCDate()
  const week = Math.ceil(day / 7)
  return {
    weekday: WEEKDAYS[(valid.getUTCDay() + 6) % 7]!,
    day,
    nth: week > 4 ? -1 : (week as 1 | 2 | 3 | 4),
  }
}

/** A new rule of `kind` that starts from what the start date suggests (its weekday, its day). */
function ruleOfKind(kind: Kind, startDate: string, previous: RecurrenceRule): RecurrenceRule {
  const parts = dateParts(startDate)
  switch (kind) {
    case 'weekly':
      return { kind, weekdays: [parts.weekday] }
    case 'monthly_day':
      return { kind, day: parts.day }
    case 'monthly_nth':
      return { kind, nth: parts.nth, weekday: parts.weekday }
    case 'every_n_days':
      return { kind, n: previous.kind === 'every_n_days' ? previous.n : 7 }
  }
}

/** The summary, the next five times, and the dates the rule falls on (before exclusions). */
function previewOf(spec: RecurrenceSpec, language: 'ja' | 'en') {
  const now = new Date()
  const ruleDates = new Set(
    nextOccurrences({ ...spec, excludedDates: [], skipHolidays: false }, now, 120).map(tokyoDate),
  )
  return { summary: describeRecurrence(spec, language), next: nextOccurrences(spec, now, 5), ruleDates }
}

/**
 * SEG-9: the recurrence of a recurring delivery — how often, which days, the time (Japan time),
 * start and end, dates without delivery, and whether public holidays are skipped — with the
 * plain-language summary and the next five delivery times, computed by the same core code the
 * scheduler uses.
 */
export function RecurrenceEditor({
  value,
  onChange,
  language,
}: {
  value: RecurrenceSpec
  onChange: (next: RecurrenceSpec) => void
  /** The language of the summary and the dates. */
  language: 'ja' | 'en'
}) {
  const { t } = useTranslation()
  const set = (patch: Partial<RecurrenceSpec>) => onChange({ ...value, ...patch })
  const setRule = (rule: RecurrenceRule) => set({ rule })
  const rule = value.rule

  const parsed = RecurrenceSpec.safeParse(value)
  const problems = new Map<string, string>()
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.')
      if (!problems.has(path)) problems.set(path, issue.message)
    }
  }
  const problem = (path: string) => {
    const key = problems.get(path)
    return key ? t(key.includes('.') ? key : 'deliveries.recurrence.errors.invalid') : undefined
  }

  const preview = parsed.success ? previewOf(parsed.data, language) : null

  const format = new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: language === 'ja' ? 'long' : 'short',
    day: 'numeric',
    weekday: 'short',
    hour: 'numeric',
    minute: '2-digit',
  })
  const dayProps = (date: string) => {
    const isRuleDate = preview?.ruleDates.has(date) ?? false
    const isHoliday = isJapaneseHoliday(date)
    return {
      style: {
        ...(isRuleDate ? { fontWeight: 700, textDecoration: 'underline' } : {}),
        ...(isHoliday ? { color: 'var(--mantine-color-red-7)' } : {}),
      },
    }
  }

  return (
    <Stack gap="sm" data-testid="recurrence-editor">
      <Input.Wrapper label={t('deliveries.recurrence.frequency')}>
        <SegmentedControl
          fullWidth
          value={rule.kind}
          onChange={(kind) => setRule(ruleOfKind(kind as Kind, value.startDate, rule))}
          data={KINDS.map((kind) => ({ value: kind, label: t(`deliveries.recurrence.kinds.${kind}`) }))}
          data-testid="recurrence-kind"
        />
      </Input.Wrapper>

      {rule.kind === 'weekly' ? (
        <Input.Wrapper label={t('deliveries.recurrence.weekdays')} error={problem('rule.weekdays')} required>
          <Chip.Group
            multiple
            value={rule.weekdays}
            onChange={(days) =>
              setRule({ kind: 'weekly', weekdays: WEEKDAYS.filter((d) => days.includes(d)) })
            }
          >
            <Group gap={6} mt={4}>
              {WEEKDAYS.map((day) => (
                <Chip
                  key={day}
                  value={day}
                  size="sm"
                  aria-label={t(`deliveries.recurrence.weekdayLong.${day}`)}
                  data-testid={`recurrence-weekday-${day}`}
                >
                  {t(`deliveries.recurrence.weekdayShort.${day}`)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Input.Wrapper>
      ) : null}

      {rule.kind === 'monthly_day' ? (
        <Select
          label={t('deliveries.recurrence.day')}
          w={{ base: '100%', xs: 200 }}
          allowDeselect={false}
          value={String(rule.day)}
          onChange={(day) => day && setRule({ kind: 'monthly_day', day: Number(day) })}
          data={Array.from({ length: 31 }, (_, i) => ({
            value: String(i + 1),
            label: t('deliveries.recurrence.dayOption', { day: i + 1 }),
          }))}
          description={
            rule.day > 28 ? t('deliveries.recurrence.dayMissingNote', { day: rule.day }) : undefined
          }
          data-testid="recurrence-day"
        />
      ) : null}

      {rule.kind === 'monthly_nth' ? (
        <Group gap="sm" align="flex-start">
          <Select
            label={t('deliveries.recurrence.nth')}
            w={140}
            allowDeselect={false}
            value={String(rule.nth)}
            onChange={(nth) => nth && setRule({ ...rule, nth: Number(nth) as 1 | 2 | 3 | 4 | -1 })}
            data={NTHS.map((n) => ({
              value: n.value,
              label: t(`deliveries.recurrence.nthOptions.${n.key}`),
            }))}
            data-testid="recurrence-nth"
          />
          <Select
            label={t('deliveries.recurrence.weekday')}
            w={160}
            allowDeselect={false}
            value={rule.weekday}
            onChange={(weekday) => weekday && setRule({ ...rule, weekday: weekday as Weekday })}
            data={WEEKDAYS.map((d) => ({ value: d, label: t(`deliveries.recurrence.weekdayLong.${d}`) }))}
            data-testid="recurrence-nth-weekday"
          />
        </Group>
      ) : null}

      {rule.kind === 'every_n_days' ? (
        <NumberInput
          label={t('deliveries.recurrence.interval')}
          w={{ base: '100%', xs: 200 }}
          min={1}
          max={365}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="strict"
          value={rule.n}
          onChange={(n) => setRule({ kind: 'every_n_days', n: typeof n === 'number' ? n : Number(n) || 1 })}
          rightSection={
            <Text size="sm" c="dimmed" pr="xs">
              {t('deliveries.recurrence.intervalSuffix')}
            </Text>
          }
          rightSectionWidth={language === 'ja' ? 64 : 48}
          data-testid="recurrence-interval"
        />
      ) : null}

      <Group gap="sm" align="flex-start">
        <TimeInput
          label={t('deliveries.recurrence.time')}
          description={t('deliveries.recurrence.timeHelp')}
          w={140}
          required
          value={value.time}
          onChange={(e) => set({ time: e.currentTarget.value.slice(0, 5) })}
          error={problem('time')}
          data-testid="recurrence-time"
        />
        <DatePickerInput
          label={t('deliveries.recurrence.startDate')}
          description={'\u00a0'}
          w={180}
          required
          valueFormat="YYYY-MM-DD"
          value={value.startDate}
          onChange={(startDate) => startDate && set({ startDate })}
          getDayProps={dayProps}
          error={problem('startDate')}
          data-testid="recurrence-start"
        />
        <DatePickerInput
          label={t('deliveries.recurrence.until')}
          description={'\u00a0'}
          w={180}
          clearable
          valueFormat="YYYY-MM-DD"
          placeholder={t('deliveries.recurrence.untilPlaceholder')}
          minDate={value.startDate}
          value={value.until ?? null}
          onChange={(until) => set({ until: until || null })}
          getDayProps={dayProps}
          error={problem('until')}
          data-testid="recurrence-until"
        />
      </Group>

      <DatePickerInput
        type="multiple"
        label={t('deliveries.recurrence.excludedDates')}
        description={t('deliveries.recurrence.excludedDatesHelp')}
        placeholder={t('deliveries.recurrence.excludedDatesPlaceholder')}
        clearable
        clearButtonProps={{ 'aria-label': t('deliveries.recurrence.clearExcluded') }}
        valueFormat={language === 'ja' ? 'M/D' : 'D MMM'}
        minDate={value.startDate}
        value={value.excludedDates}
        onChange={(dates) => set({ excludedDates: [...dates].sort() })}
        getDayProps={dayProps}
        error={problem('excludedDates')}
        data-testid="recurrence-excluded"
      />

      <Switch
        label={t('deliveries.recurrence.skipHolidays')}
        description={t('deliveries.recurrence.skipHolidaysHelp')}
        checked={value.skipHolidays}
        onChange={(e) => set({ skipHolidays: e.currentTarget.checked })}
        data-testid="recurrence-skip-holidays"
      />

      <Paper withBorder p="sm" radius="md" bg="var(--mantine-color-gray-0)" aria-live="polite">
        <Stack gap={6}>
          <Group gap={6} wrap="nowrap">
            <IconCalendarRepeat size={18} aria-hidden />
            <Text size="sm" fw={600} data-testid="recurrence-summary">
              {preview ? preview.summary : t('deliveries.recurrence.fixFirst')}
            </Text>
          </Group>
          {preview ? (
            <>
              <Text size="xs" c="dimmed">
                {t('deliveries.recurrence.nextDates')}
              </Text>
              {preview.next.length > 0 ? (
                <List size="sm" spacing={2} data-testid="recurrence-next">
                  {preview.next.map((at) => (
                    <List.Item key={at.getTime()}>{format.format(at)}</List.Item>
                  ))}
                </List>
              ) : (
                <Text size="sm" c="orange.8" role="alert">
                  {t('deliveries.recurrence.noDates')}
                </Text>
              )}
            </>
          ) : null}
        </Stack>
      </Paper>
    </Stack>
  )
}
