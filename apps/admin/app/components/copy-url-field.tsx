import { useTranslation } from '@kairan/i18n'
import { Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'

/** A read-only URL staff copy into another system (the LINE Developers console), with its Copy button. */
export function CopyUrlField({
  label,
  description,
  value,
  testId,
}: {
  label: string
  description?: string
  value: string
  testId?: string
}) {
  const { t } = useTranslation()
  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          label={label}
          value={value}
          readOnly
          onFocus={(e) => e.currentTarget.select()}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
          style={{ flex: 1, minWidth: 0 }}
          data-testid={testId}
        />
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Button
              variant={copied ? 'filled' : 'default'}
              color={copied ? 'teal' : undefined}
              onClick={copy}
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              style={{ flexShrink: 0 }}
              aria-label={`${copied ? t('common.copied') : t('common.copy')}: ${label}`}
            >
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
      {description ? (
        <Text size="xs" c="dimmed">
          {description}
        </Text>
      ) : null}
    </Stack>
  )
}
