import type { ChoiceOption } from '@kairan/forms'
import { useTranslation } from '@kairan/i18n'
import { ConfirmModal } from '@kairan/ui'
import { Button, Group, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useFetcher } from '@remix-run/react'
import { IconDownload } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import type { AttributeOptionsResult } from '~/routes/_app.attributes.options.tsx'
import { labelIn } from './labels.ts'

/**
 * "属性から選択肢を読み込む": replaces a choice question's options with the attribute's options
 * (option id = attribute value), so the answers set the attribute exactly. Asks first when the
 * question already has options of its own.
 */
export function AttributeOptionsImport({
  attributeKey,
  options,
  onLoad,
}: {
  attributeKey: string
  options: ChoiceOption[]
  onLoad: (options: ChoiceOption[]) => void
}) {
  const { t, i18n } = useTranslation()
  const fetcher = useFetcher<AttributeOptionsResult>()
  const [pending, setPending] = useState<Extract<AttributeOptionsResult, { ok: true }>['data'] | null>(null)
  const handled = useRef<unknown>(null)
  const isValidKey = /^[a-z][a-z0-9_]{0,39}$/.test(attributeKey)
  const apply = (data: NonNullable<typeof pending>) => {
    onLoad(data.options.map((o) => ({ id: o.id, label: o.label })))
    notifications.show({
      color: 'green',
      message: t('segments.importOptions.done', { count: data.options.length }),
    })
  }
  // Already the attribute's options (same ids in the same order): nothing to confirm.
  const isSameAs = (data: NonNullable<typeof pending>) =>
    data.options.length === options.length && data.options.every((o, i) => options[i]?.id === o.id)
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per answer.
  useEffect(() => {
    const data = fetcher.data
    if (fetcher.state !== 'idle' || !data || handled.current === data) return
    handled.current = data
    if (!data.ok) return
    const hasOwnText = options.some((o) => (o.label.ja ?? '').trim() !== '')
    if (hasOwnText && !isSameAs(data.data)) setPending(data.data)
    else apply(data.data)
  }, [fetcher.state, fetcher.data])

  const failure = fetcher.state === 'idle' && fetcher.data && !fetcher.data.ok ? fetcher.data : null
  return (
    <>
      <Group gap="xs" align="center">
        <Button
          variant="light"
          color="grape"
          size="xs"
          leftSection={<IconDownload size={14} />}
          disabled={!isValidKey}
          loading={fetcher.state !== 'idle'}
          data-testid="import-attribute-options"
          onClick={() => fetcher.load(`/attributes/options?key=${encodeURIComponent(attributeKey)}`)}
        >
          {t('segments.importOptions.button')}
        </Button>
      </Group>
      {failure ? (
        <Text size="xs" c={failure.status === 404 ? 'orange.8' : 'red'} role="alert">
          {failure.status === 404 ? t('segments.importOptions.notFound') : t('segments.importOptions.failed')}
        </Text>
      ) : null}
      <ConfirmModal
        opened={pending !== null}
        onClose={() => setPending(null)}
        onConfirm={() => {
          if (pending) apply(pending)
          setPending(null)
        }}
        title={t('segments.importOptions.confirmTitle')}
        message={t('segments.importOptions.confirmText', {
          count: options.length,
          name: pending ? labelIn(pending.label, i18n.language) : '',
        })}
        confirmLabel={t('segments.importOptions.confirm')}
      />
    </>
  )
}
