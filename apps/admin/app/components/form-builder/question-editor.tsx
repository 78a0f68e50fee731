import {
  allQuestions,
  type CharRule,
  type CharRuleKind,
  type FormDefinition,
  hasAnyText,
  IMAGE_TYPES,
  localize,
  MAX_IMAGE_MB,
  MAX_VIDEO_MB,
  type Question,
  type QuestionOf,
  VIDEO_TYPES,
} from '@kairan/forms'
import { useTranslation } from '@kairan/i18n'
import {
  Alert,
  Autocomplete,
  Divider,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { IconInfoCircle, IconLock } from '@tabler/icons-react'
import dayjs from 'dayjs'
import type { ReactNode } from 'react'
import { AttributeOptionsImport } from '~/components/segments/attribute-options-import.tsx'
import { ConditionEditor } from './condition-editor.tsx'
import { fieldProblem, problemMessage } from './issues.ts'
import { LocalizedInput } from './localized-input.tsx'
import { OptionsEditor } from './options-editor.tsx'

type Props = {
  question: Question
  definition: FormDefinition
  language: string
  /** This question's problems: field path within the question → message key. */
  problems: Map<string, string>
  onChange: (next: Question) => void
  /** Focus the label (a question just added). */
  isNew?: boolean
}

/** A number input's value as an optional number ("" when cleared). */
const optionalNumber = (value: string | number): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined

/** The editor of one question: its texts in the current language, and (in Japanese) its settings. */
export function QuestionEditor({ question, definition, language, problems, onChange, isNew }: Props) {
  const { t } = useTranslation()
  const isJapanese = language === 'ja'
  const message = (field: string, exact = false) => {
    const key = fieldProblem(problems, field, exact)
    return key ? problemMessage(t, key) : undefined
  }
  const set = <Q extends Question>(q: Q, changes: Partial<Q>) => onChange({ ...q, ...changes })

  return (
    <Stack gap="md" data-testid="question-editor">
      <LocalizedInput
        label={question.type === 'staff_note' ? t('forms.question.staffLabel') : t('forms.question.label')}
        value={question.label}
        language={language}
        isRequired
        maxLength={300}
        onChange={(label) => set(question, { label })}
        error={message('label')}
        autoFocus={isNew}
        testId="question-label"
      />
      <LocalizedInput
        label={t('forms.question.help')}
        description={t('forms.question.helpHelp')}
        value={question.help}
        language={language}
        isMultiline
        maxLength={1000}
        onChange={(help) => set(question, { help: hasAnyText(help) ? help : undefined })}
        error={message('help')}
      />
      <TypeSettings
        question={question}
        definition={definition}
        language={language}
        onChange={onChange}
        message={message}
        problems={problems}
      />
      {isJapanese ? (
        <>
          <Divider />
          <Switch
            label={t('forms.question.required')}
            description={
              question.type === 'staff_note'
                ? t('forms.question.requiredStaffHelp')
                : t('forms.question.requiredHelp')
            }
            checked={question.required}
            onChange={(e) => set(question, { required: e.currentTarget.checked })}
          />
          {question.type === 'staff_note' ? null : (
            <ConditionEditor
              question={question}
              definition={definition}
              problems={problems}
              onChange={(showWhen) => set(question, { showWhen })}
            />
          )}
          {question.type === 'short_text' ||
          question.type === 'single_choice' ||
          question.type === 'multiple_choice' ||
          question.type === 'dropdown' ? (
            <AttributeEditor
              value={question.attributeKey}
              onChange={(attributeKey) => set(question, { attributeKey })}
              error={message('attributeKey')}
            />
          ) : null}
          {(question.type === 'single_choice' ||
            question.type === 'multiple_choice' ||
            question.type === 'dropdown') &&
          question.attributeKey ? (
            <AttributeOptionsImport
              attributeKey={question.attributeKey}
              options={question.options}
              onLoad={(options) => set(question, { options })}
            />
          ) : null}
        </>
      ) : null}
    </Stack>
  )
}

type TypeSettingsProps = {
  question: Question
  definition: FormDefinition
  language: string
  onChange: (next: Question) => void
  message: (field: string, exact?: boolean) => string | undefined
  problems: Map<string, string>
}

/** What only some types have: options, limits, character rules, upload sizes… */
function TypeSettings({ question: q, definition, language, onChange, message, problems }: TypeSettingsProps) {
  const { t } = useTranslation()
  const isJapanese = language === 'ja'
  switch (q.type) {
    case 'short_text':
    case 'long_text':
      return (
        <Stack gap="sm">
          <LocalizedInput
            label={t('forms.question.placeholder')}
            description={t('forms.question.placeholderHelp')}
            value={q.placeholder}
            language={language}
            maxLength={200}
            onChange={(placeholder) =>
              onChange({ ...q, placeholder: hasAnyText(placeholder) ? placeholder : undefined })
            }
          />
          {isJapanese ? (
            <SimpleGrid cols={2} spacing="sm">
              <NumberInput
                label={t('forms.question.minLength')}
                min={0}
                max={10_000}
                allowDecimal={false}
                allowNegative={false}
                value={q.minLength ?? ''}
                onChange={(v) => onChange({ ...q, minLength: optionalNumber(v) })}
                error={message('minLength', true)}
              />
              <NumberInput
                label={t('forms.question.maxLength')}
                min={1}
                max={10_000}
                allowDecimal={false}
                allowNegative={false}
                value={q.maxLength ?? ''}
                onChange={(v) => onChange({ ...q, maxLength: optionalNumber(v) })}
                error={message('maxLength', true)}
              />
            </SimpleGrid>
          ) : null}
          <CharRuleEditor
            rule={q.charRule}
            language={language}
            onChange={(charRule) => onChange({ ...q, charRule })}
            message={message}
          />
        </Stack>
      )
    case 'number':
      return (
        <Stack gap="sm">
          {isJapanese ? (
            <>
              <SimpleGrid cols={2} spacing="sm">
                <NumberInput
                  label={t('forms.question.min')}
                  value={q.min ?? ''}
                  allowDecimal={!q.integer}
                  onChange={(v) => onChange({ ...q, min: optionalNumber(v) })}
                  error={message('min', true)}
                />
                <NumberInput
                  label={t('forms.question.max')}
                  value={q.max ?? ''}
                  allowDecimal={!q.integer}
                  onChange={(v) => onChange({ ...q, max: optionalNumber(v) })}
                  error={message('max', true)}
                />
              </SimpleGrid>
              <Switch
                label={t('forms.question.integer')}
                description={t('forms.question.integerHelp')}
                checked={q.integer}
                onChange={(e) => onChange({ ...q, integer: e.currentTarget.checked })}
              />
            </>
          ) : null}
          <LocalizedInput
            label={t('forms.question.unit')}
            description={t('forms.question.unitHelp')}
            value={q.unit}
            language={language}
            maxLength={40}
            onChange={(unit) => onChange({ ...q, unit: hasAnyText(unit) ? unit : undefined })}
            error={message('unit')}
          />
        </Stack>
      )
    case 'single_choice':
    case 'dropdown':
      return (
        <OptionsEditor
          options={q.options}
          language={language}
          problems={problems}
          maxOptions={q.type === 'dropdown' ? 500 : 100}
          onChange={(options) => onChange({ ...q, options })}
        />
      )
    case 'multiple_choice':
      return (
        <Stack gap="sm">
          <OptionsEditor
            options={q.options}
            language={language}
            problems={problems}
            maxOptions={100}
            onChange={(options) => onChange({ ...q, options })}
          />
          {isJapanese ? (
            <SimpleGrid cols={2} spacing="sm">
              <NumberInput
                label={t('forms.question.minPicks')}
                min={0}
                max={100}
                allowDecimal={false}
                allowNegative={false}
                value={q.minPicks ?? ''}
                onChange={(v) => onChange({ ...q, minPicks: optionalNumber(v) })}
                error={message('minPicks', true)}
              />
              <NumberInput
                label={t('forms.question.maxPicks')}
                min={1}
                max={100}
                allowDecimal={false}
                allowNegative={false}
                value={q.maxPicks ?? ''}
                onChange={(v) => onChange({ ...q, maxPicks: optionalNumber(v) })}
                error={message('maxPicks', true)}
              />
            </SimpleGrid>
          ) : null}
        </Stack>
      )
    case 'date':
      return isJapanese ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DateBoundInput
            label={t('forms.question.minDate')}
            value={q.minDate}
            onChange={(minDate) => onChange({ ...q, minDate })}
            error={message('minDate', true)}
          />
          <DateBoundInput
            label={t('forms.question.maxDate')}
            value={q.maxDate}
            onChange={(maxDate) => onChange({ ...q, maxDate })}
            error={message('maxDate', true)}
          />
        </SimpleGrid>
      ) : null
    case 'postal_code':
      return isJapanese ? (
        <PostalSettings
          question={q}
          definition={definition}
          onChange={onChange}
          error={message('addressQuestionId')}
        />
      ) : null
    case 'phone':
    case 'email':
      return isJapanese ? (
        <Hint>{t(q.type === 'phone' ? 'forms.question.phoneHint' : 'forms.question.emailHint')}</Hint>
      ) : null
    case 'image':
    case 'video':
      return isJapanese ? <UploadSettings question={q} onChange={onChange} message={message} /> : null
    case 'staff_note':
      return (
        <Alert color="gray" icon={<IconLock size={18} />} p="sm">
          <Text size="sm">{t('forms.question.staffNoteHint')}</Text>
        </Alert>
      )
  }
}

function Hint({ children }: { children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" c="dimmed">
      <IconInfoCircle size={16} style={{ flexShrink: 0, marginTop: 2 }} aria-hidden />
      <Text size="sm">{children}</Text>
    </Group>
  )
}

const CHAR_RULE_CHOICES: (CharRuleKind | 'none')[] = [
  'none',
  'full_width',
  'half_width',
  'alphanumeric',
  'digits',
  'katakana',
  'hiragana',
  'pattern',
]

/** FORM-4: which characters are accepted, and whether to convert instead of refusing. */
function CharRuleEditor({
  rule,
  language,
  onChange,
  message,
}: {
  rule: CharRule | undefined
  language: string
  onChange: (rule: CharRule | undefined) => void
  message: (field: string, exact?: boolean) => string | undefined
}) {
  const { t } = useTranslation()
  const isJapanese = language === 'ja'
  if (!isJapanese) {
    // Only the custom pattern's message is text residents read.
    return rule?.kind === 'pattern' ? (
      <LocalizedInput
        label={t('forms.charRule.patternMessage')}
        value={rule.patternMessage}
        language={language}
        maxLength={200}
        onChange={(patternMessage) => onChange({ ...rule, patternMessage })}
        error={message('charRule.patternMessage')}
      />
    ) : null
  }
  return (
    <Stack gap="xs">
      <Select
        label={t('forms.charRule.kind')}
        description={rule ? t(`forms.charRule.kinds.${rule.kind}.help`) : t('forms.charRule.noneHelp')}
        data={CHAR_RULE_CHOICES.map((kind) => ({
          value: kind,
          label: kind === 'none' ? t('forms.charRule.none') : t(`forms.charRule.kinds.${kind}.label`),
        }))}
        value={rule?.kind ?? 'none'}
        allowDeselect={false}
        onChange={(value) => {
          if (!value || value === 'none') return onChange(undefined)
          const kind = value as CharRuleKind
          onChange(
            kind === 'pattern'
              ? { kind, convert: false, pattern: rule?.pattern ?? '', patternMessage: rule?.patternMessage }
              : { kind, convert: rule?.convert ?? true },
          )
        }}
      />
      {rule && rule.kind !== 'pattern' ? (
        <Switch
          label={t('forms.charRule.convert')}
          description={t(`forms.charRule.kinds.${rule.kind}.convert`)}
          checked={rule.convert}
          onChange={(e) => onChange({ ...rule, convert: e.currentTarget.checked })}
        />
      ) : null}
      {rule?.kind === 'pattern' ? (
        <>
          <TextInput
            label={t('forms.charRule.pattern')}
            description={t('forms.charRule.patternHelp')}
            placeholder="^[A-Z]{2}[0-9]{6}$"
            value={rule.pattern ?? ''}
            maxLength={200}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            onChange={(e) => onChange({ ...rule, pattern: e.currentTarget.value })}
            error={message('charRule.pattern') ?? message('charRule', true)}
            required
          />
          <LocalizedInput
            label={t('forms.charRule.patternMessage')}
            description={t('forms.charRule.patternMessageHelp')}
            value={rule.patternMessage}
            language={language}
            maxLength={200}
            onChange={(patternMessage) => onChange({ ...rule, patternMessage })}
            error={message('charRule.patternMessage')}
          />
        </>
      ) : null}
    </Stack>
  )
}

/** A date limit: none, "today" (checked on the day of answering) or a fixed date. */
function DateBoundInput({
  label,
  value,
  onChange,
  error,
}: {
  label: string
  value: string | undefined
  onChange: (value: string | undefined) => void
  error?: string
}) {
  const { t } = useTranslation()
  const mode = value === undefined ? 'none' : value === 'today' ? 'today' : 'date'
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <SegmentedControl
        size="xs"
        value={mode}
        aria-label={label}
        data={[
          { value: 'none', label: t('forms.question.dateNone') },
          { value: 'today', label: t('forms.question.dateToday') },
          { value: 'date', label: t('forms.question.dateFixed') },
        ]}
        onChange={(next) =>
          onChange(next === 'none' ? undefined : next === 'today' ? 'today' : dayjs().format('YYYY-MM-DD'))
        }
      />
      {mode === 'date' ? (
        <DatePickerInput
          aria-label={label}
          valueFormat="YYYY-MM-DD"
          value={value ?? null}
          onChange={(v) => onChange(v ? dayjs(v).format('YYYY-MM-DD') : undefined)}
          error={error}
        />
      ) : error ? (
        <Text size="xs" c="red">
          {error}
        </Text>
      ) : null}
    </Stack>
  )
}

function PostalSettings({
  question,
  definition,
  onChange,
  error,
}: {
  question: QuestionOf<'postal_code'>
  definition: FormDefinition
  onChange: (next: Question) => void
  error?: string
}) {
  const { t } = useTranslation()
  const questions = allQuestions(definition)
  const targets = questions
    .map((q, i) => ({ q, n: i + 1 }))
    .filter(({ q }) => q.type === 'short_text' || q.type === 'long_text')
  return (
    <Stack gap="xs">
      <Select
        label={t('forms.question.addressTarget')}
        description={
          targets.length === 0 ? t('forms.question.addressTargetNone') : t('forms.question.addressTargetHelp')
        }
        placeholder={t('forms.question.addressTargetPlaceholder')}
        data={targets.map(({ q, n }) => ({
          value: q.id,
          label: t('forms.condition.questionOption', {
            n,
            label: localize(q.label, 'ja') || t('forms.question.untitled'),
          }),
        }))}
        value={question.addressQuestionId ?? null}
        clearable
        disabled={targets.length === 0}
        onChange={(value) => onChange({ ...question, addressQuestionId: value ?? undefined })}
        error={error}
      />
      <Hint>{t('forms.question.postalHint')}</Hint>
    </Stack>
  )
}

function UploadSettings({
  question,
  onChange,
  message,
}: {
  question: QuestionOf<'image' | 'video'>
  onChange: (next: Question) => void
  message: (field: string, exact?: boolean) => string | undefined
}) {
  const { t } = useTranslation()
  const isImage = question.type === 'image'
  const maxSize = isImage ? MAX_IMAGE_MB : MAX_VIDEO_MB
  const types = (isImage ? IMAGE_TYPES : VIDEO_TYPES)
    .map((type) => type.split('/')[1]?.toUpperCase())
    .join(', ')
  return (
    <Stack gap="xs">
      <SimpleGrid cols={2} spacing="sm">
        <NumberInput
          label={t('forms.question.maxFiles')}
          min={1}
          max={isImage ? 10 : 3}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="strict"
          value={question.maxFiles}
          onChange={(v) => onChange({ ...question, maxFiles: optionalNumber(v) ?? 1 })}
          error={message('maxFiles', true)}
        />
        <NumberInput
          label={t('forms.question.maxSizeMb', { max: maxSize })}
          min={isImage ? 0.1 : 1}
          max={maxSize}
          decimalScale={1}
          allowNegative={false}
          clampBehavior="strict"
          suffix=" MB"
          value={question.maxSizeMb}
          onChange={(v) => onChange({ ...question, maxSizeMb: optionalNumber(v) ?? (isImage ? 10 : 50) })}
          error={message('maxSizeMb', true)}
        />
      </SimpleGrid>
      <Hint>{t('forms.question.uploadTypes', { types })}</Hint>
    </Stack>
  )
}

const ATTRIBUTE_SUGGESTIONS = ['district', 'age_group', 'household', 'interest']

/** "回答を住民の属性として保存": the answer feeds segments (coarse attributes only). */
function AttributeEditor({
  value,
  onChange,
  error,
}: {
  value: string | undefined
  onChange: (value: string | undefined) => void
  error?: string
}) {
  const { t } = useTranslation()
  const isOn = value !== undefined
  return (
    <Stack gap="xs">
      <Switch
        label={t('forms.attribute.enable')}
        description={t('forms.attribute.help')}
        checked={isOn}
        onChange={(e) => onChange(e.currentTarget.checked ? '' : undefined)}
      />
      {isOn ? (
        <Stack gap={6} pl="md" style={{ borderLeft: '3px solid var(--mantine-color-grape-2)' }}>
          <Autocomplete
            label={t('forms.attribute.key')}
            description={t('forms.attribute.keyHelp')}
            placeholder="district"
            data={ATTRIBUTE_SUGGESTIONS.map((key) => ({
              value: key,
              label: `${key}（${t(`forms.attribute.suggestions.${key}`)}）`,
            }))}
            value={value}
            maxLength={40}
            onChange={(next) => onChange(next.trim().toLowerCase())}
            error={error}
            required
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Text size="xs" c="orange.8">
            {t('forms.attribute.privacy')}
          </Text>
        </Stack>
      ) : null}
    </Stack>
  )
}
