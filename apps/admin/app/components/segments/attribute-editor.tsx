import { FORM_LANGUAGES, type FormLanguage } from '@kairan/forms'
import { useTranslation } from '@kairan/i18n'
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { LanguageTabs } from '~/components/form-builder/language-tabs.tsx'
import { LocalizedInput } from '~/components/form-builder/localized-input.tsx'
import { type AttributeRow, attributeCoverage, attributeFieldMessage, type LabelMap } from './labels.ts'

export type AttributeValues = {
  key: string
  kind: 'single' | 'multiple'
  label: LabelMap
  options: { value: string; label: LabelMap }[]
}

const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/
const VALUE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/

/** The next free option value (`option_3`): staff never have to invent one. */
function nextValue(options: { value: string }[]): string {
  const used = new Set(options.map((o) => o.value))
  let n = options.length + 1
  while (used.has(`option_${n}`)) n += 1
  return `option_${n}`
}

/** Problems found before sending (the server checks the same and answers with field paths). */
export function attributeProblems(values: AttributeValues, isNew: boolean): Map<string, string> {
  const problems = new Map<string, string>()
  if (isNew && !KEY_PATTERN.test(values.key)) problems.set('key', 'attribute_key')
  if (!(values.label.ja ?? '').trim()) problems.set('label', 'ja_required')
  if (values.options.length === 0) problems.set('options', 'errors.required')
  const seen = new Set<string>()
  values.options.forEach((option, index) => {
    if (!VALUE_PATTERN.test(option.value)) problems.set(`options.${index}.value`, 'attribute_value')
    else if (seen.has(option.value)) problems.set(`options.${index}.value`, 'duplicate_value')
    seen.add(option.value)
    if (!(option.label.ja ?? '').trim()) problems.set(`options.${index}.label`, 'ja_required')
  })
  return problems
}

/**
 * Add or edit an attribute: its name and option labels per language (tabs as in the form
 * builder), the key and answer type (fixed once created), and the options (value + labels).
 */
export function AttributeEditor({
  initial,
  isSaving,
  serverFields,
  onSubmit,
  onCancel,
}: {
  /** The attribute being edited, or null for a new one. */
  initial: AttributeRow | null
  isSaving: boolean
  /** Field errors the server returned (`key`, `options.1.value`…). */
  serverFields?: Record<string, string>
  onSubmit: (values: AttributeValues) => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const isNew = initial === null
  const [language, setLanguage] = useState<FormLanguage>('ja')
  const [showProblems, setShowProblems] = useState(false)
  const [values, setValues] = useState<AttributeValues>(() =>
    initial
      ? { key: initial.key, kind: initial.kind, label: initial.label, options: initial.options }
      : { key: '', kind: 'single', label: { ja: '' }, options: [{ value: 'option_1', label: { ja: '' } }] },
  )
  const savedValues = new Set(initial?.options.map((o) => o.value) ?? [])
  const removedSaved = [...savedValues].some((v) => !values.options.some((o) => o.value === v))
  const problems = attributeProblems(values, isNew)
  const problem = (path: string) =>
    attributeFieldMessage(t, (showProblems ? problems.get(path) : undefined) ?? serverFields?.[path])
  const isJapanese = language === 'ja'
  const setOption = (index: number, change: Partial<AttributeValues['options'][number]>) =>
    setValues((v) => ({ ...v, options: v.options.map((o, i) => (i === index ? { ...o, ...change } : o)) }))
  const move = (index: number, step: -1 | 1) =>
    setValues((v) => {
      const next = [...v.options]
      const [item] = next.splice(index, 1)
      if (item) next.splice(index + step, 0, item)
      return { ...v, options: next }
    })

  return (
    <form
      noValidate
      data-testid="attribute-editor"
      onSubmit={(e) => {
        e.preventDefault()
        if (problems.size > 0) {
          setShowProblems(true)
          setLanguage('ja')
          return
        }
        onSubmit(values)
      }}
    >
      <Stack gap="md">
        <LanguageTabs
          value={language}
          onChange={setLanguage}
          coverage={attributeCoverage(values.label, values.options, FORM_LANGUAGES)}
        />
        <Text size="xs" c="dimmed">
          {t('segments.attributes.translateHint')}
        </Text>
        <LocalizedInput
          label={t('segments.attributes.labelField')}
          value={values.label}
          language={language}
          isRequired
          maxLength={100}
          placeholder={t('segments.attributes.labelPlaceholder')}
          onChange={(label) => setValues((v) => ({ ...v, label }))}
          error={problem('label')}
          autoFocus
          testId="attribute-label"
        />
        {isJapanese ? (
          <Group grow align="flex-start">
            <TextInput
              label={t('segments.attributes.keyField')}
              description={isNew ? t('segments.attributes.keyHelp') : t('segments.attributes.keyLocked')}
              value={values.key}
              onChange={(e) => {
                const key = e.currentTarget.value.trim().toLowerCase()
                setValues((v) => ({ ...v, key }))
              }}
              disabled={!isNew}
              required={isNew}
              maxLength={40}
              placeholder="district"
              error={problem('key')}
              data-testid="attribute-key"
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="attribute-kind-label">
                {t('segments.attributes.kind')}
              </Text>
              <SegmentedControl
                aria-labelledby="attribute-kind-label"
                value={values.kind}
                disabled={!isNew}
                onChange={(kind) => setValues((v) => ({ ...v, kind: kind as AttributeValues['kind'] }))}
                data={[
                  { value: 'single', label: t('segments.attributes.kinds.single') },
                  { value: 'multiple', label: t('segments.attributes.kinds.multiple') },
                ]}
              />
              <Text size="xs" c="dimmed">
                {isNew ? t('segments.attributes.kindHelp') : t('segments.attributes.kindLocked')}
              </Text>
            </Stack>
          </Group>
        ) : null}

        <Stack gap="xs">
          <Text size="sm" fw={500}>
            {t('segments.attributes.options')}
          </Text>
          {problem('options') ? (
            <Text size="xs" c="red" role="alert">
              {t('segments.attributes.optionsEmpty')}
            </Text>
          ) : null}
          {values.options.map((option, index) => {
            const isSaved = savedValues.has(option.value)
            return (
              <Paper
                // biome-ignore lint/suspicious/noArrayIndexKey: values may be edited; rows move as a whole.
                key={index}
                withBorder
                p="xs"
                data-testid="attribute-option"
              >
                <Group gap="xs" align="flex-start" wrap="nowrap">
                  <Text size="sm" c="dimmed" w={24} ta="right" pt={30} aria-hidden>
                    {index + 1}.
                  </Text>
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <LocalizedInput
                      label={t('segments.attributes.optionLabel', { n: index + 1 })}
                      value={option.label}
                      language={language}
                      isRequired
                      maxLength={100}
                      onChange={(label) => setOption(index, { label })}
                      error={problem(`options.${index}.label`)}
                      testId={`attribute-option-label-${index}`}
                    />
                  </div>
                  {isJapanese ? (
                    <TextInput
                      w={170}
                      label={t('segments.attributes.optionValue')}
                      description={isSaved ? undefined : t('segments.attributes.optionValueHelp')}
                      value={option.value}
                      disabled={isSaved}
                      maxLength={40}
                      onChange={(e) => setOption(index, { value: e.currentTarget.value.trim() })}
                      error={problem(`options.${index}.value`)}
                      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                    />
                  ) : null}
                  {isJapanese ? (
                    <Group gap={2} wrap="nowrap" pt={26}>
                      <Tooltip label={t('segments.attributes.optionUp', { n: index + 1 })}>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          disabled={index === 0}
                          onClick={() => move(index, -1)}
                          aria-label={t('segments.attributes.optionUp', { n: index + 1 })}
                        >
                          <IconArrowUp size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label={t('segments.attributes.optionDown', { n: index + 1 })}>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          disabled={index === values.options.length - 1}
                          onClick={() => move(index, 1)}
                          aria-label={t('segments.attributes.optionDown', { n: index + 1 })}
                        >
                          <IconArrowDown size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label={t('segments.attributes.optionRemove', { n: index + 1 })}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          disabled={values.options.length <= 1}
                          onClick={() =>
                            setValues((v) => ({ ...v, options: v.options.filter((_, i) => i !== index) }))
                          }
                          aria-label={t('segments.attributes.optionRemove', { n: index + 1 })}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  ) : null}
                </Group>
              </Paper>
            )
          })}
          {isJapanese ? (
            <Group>
              <Button
                variant="light"
                size="xs"
                leftSection={<IconPlus size={14} />}
                disabled={values.options.length >= 200}
                data-testid="attribute-add-option"
                onClick={() =>
                  setValues((v) => ({
                    ...v,
                    options: [...v.options, { value: nextValue(v.options), label: { ja: '' } }],
                  }))
                }
              >
                {t('segments.attributes.optionAdd')}
              </Button>
            </Group>
          ) : null}
          {removedSaved ? (
            <Alert color="yellow" icon={<IconInfoCircle size={16} />}>
              {t('segments.attributes.optionRemoveWarning')}
            </Alert>
          ) : null}
        </Stack>

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={isSaving}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={isSaving} data-testid="attribute-save">
            {t('segments.attributes.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
