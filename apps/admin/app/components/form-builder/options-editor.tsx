import { type ChoiceOption, newItemId } from '@kairan/forms'
import { useTranslation } from '@kairan/i18n'
import { ActionIcon, Button, Group, Popover, Stack, Text, Textarea, Tooltip } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconArrowDown, IconArrowUp, IconClipboardList, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { fieldProblem, problemMessage } from './issues.ts'
import { LocalizedInput } from './localized-input.tsx'

/**
 * The options of a choice question: label per language, add, remove, move up/down, and adding many
 * at once from pasted lines (lists of districts come from spreadsheets).
 */
export function OptionsEditor({
  options,
  onChange,
  language,
  problems,
  maxOptions,
}: {
  options: ChoiceOption[]
  onChange: (next: ChoiceOption[]) => void
  language: string
  /** The question's problems, by field ("options", "options.1.label"). */
  problems: Map<string, string>
  maxOptions: number
}) {
  const { t } = useTranslation()
  const isJapanese = language === 'ja'
  const listProblem = problems.get('options')
  const move = (index: number, step: -1 | 1) => {
    const next = [...options]
    const [item] = next.splice(index, 1)
    if (item) next.splice(index + step, 0, item)
    onChange(next)
  }
  const add = () =>
    onChange([
      ...options,
      { id: newItemId('o'), label: { ja: t('forms.options.defaultLabel', { n: options.length + 1 }) } },
    ])
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t('forms.options.title')}
      </Text>
      {listProblem ? (
        <Text size="xs" c="red" role="alert">
          {problemMessage(t, listProblem)}
        </Text>
      ) : null}
      {options.map((option, index) => {
        const problem = fieldProblem(problems, `options.${index}`)
        return (
          <Group key={option.id} gap="xs" align="flex-start" wrap="nowrap" data-option-id={option.id}>
            <Text size="sm" c="dimmed" w={24} ta="right" pt={8} aria-hidden>
              {index + 1}.
            </Text>
            <div style={{ flex: 1, minWidth: 0 }}>
              <LocalizedInput
                label={t('forms.options.label', { n: index + 1 })}
                value={option.label}
                language={language}
                isRequired
                maxLength={200}
                onChange={(label) => onChange(options.map((o) => (o.id === option.id ? { ...o, label } : o)))}
                error={problem ? problemMessage(t, problem) : undefined}
              />
            </div>
            {isJapanese ? (
              <Group gap={2} wrap="nowrap" pt={26}>
                <Tooltip label={t('forms.options.up')}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                    aria-label={t('forms.options.upNamed', { n: index + 1 })}
                  >
                    <IconArrowUp size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('forms.options.down')}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    disabled={index === options.length - 1}
                    onClick={() => move(index, 1)}
                    aria-label={t('forms.options.downNamed', { n: index + 1 })}
                  >
                    <IconArrowDown size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('forms.options.remove')}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    disabled={options.length <= 1}
                    onClick={() => onChange(options.filter((o) => o.id !== option.id))}
                    aria-label={t('forms.options.removeNamed', { n: index + 1 })}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            ) : null}
          </Group>
        )
      })}
      {isJapanese ? (
        <Group gap="xs">
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={add}
            disabled={options.length >= maxOptions}
          >
            {t('forms.options.add')}
          </Button>
          <BulkAdd
            disabled={options.length >= maxOptions}
            onAdd={(labels) =>
              onChange(
                [...options, ...labels.map((ja) => ({ id: newItemId('o'), label: { ja } }))].slice(
                  0,
                  maxOptions,
                ),
              )
            }
          />
        </Group>
      ) : null}
    </Stack>
  )
}

function BulkAdd({ onAdd, disabled }: { onAdd: (labels: string[]) => void; disabled: boolean }) {
  const { t } = useTranslation()
  const [opened, { close, toggle }] = useDisclosure(false)
  const [text, setText] = useState('')
  const labels = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.slice(0, 200))
  return (
    <Popover opened={opened} onChange={(o) => (o ? undefined : close())} width={320} trapFocus withArrow>
      <Popover.Target>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconClipboardList size={14} />}
          onClick={toggle}
          disabled={disabled}
        >
          {t('forms.options.bulk')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Textarea
            label={t('forms.options.bulkLabel')}
            description={t('forms.options.bulkHelp')}
            autosize
            minRows={4}
            maxRows={12}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button
              size="xs"
              disabled={labels.length === 0}
              onClick={() => {
                onAdd(labels)
                setText('')
                close()
              }}
            >
              {t('forms.options.bulkAdd', { count: labels.length })}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}
