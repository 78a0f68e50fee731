import { useTranslation } from '@kairan/i18n'
import { ConfirmModal } from '@kairan/ui'
import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Radio,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core'
import { DateTimePicker } from '@mantine/dates'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { useFetcher, useNavigate } from '@remix-run/react'
import { IconArchive, IconArchiveOff, IconCopy, IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import {
  actionResponse,
  requirePagePermission,
  requireSignedIn,
  runAction,
  staffCaller,
} from '~/.server/staff.server.ts'
import { fromTokyoWallClock, toTokyoWallClock } from '~/components/form-builder/dates.ts'
import { type LoadedForm, useFormRouteData } from '~/components/form-builder/form-route.ts'
import { FormStatusBadge } from '~/components/form-builder/status.tsx'
import type { ActionError } from '~/lib/action-result.ts'
import { formatDateTime } from '~/lib/friends.ts'
import { useActionMessage } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — フォームの設定 / Form settings' }]

export function loader({ context, request }: LoaderFunctionArgs) {
  requirePagePermission(requireSignedIn(context, request), 'forms.manage')
  return null
}

type Intent = 'settings' | 'close' | 'reopen' | 'archive' | 'unarchive' | 'duplicate'
type SettingsValues = {
  answerMode: 'single' | 'multiple'
  opensAt: string | null
  closesAt: string | null
  responseLimit: number | null
  sendsReceipt: boolean
}
export type SettingsResult = { ok: true; intent: Intent } | (ActionError & { intent: Intent })

export async function action({ context, request, params }: ActionFunctionArgs) {
  requireSignedIn(context, request)
  const caller = staffCaller(context)
  const formId = params.formId ?? ''
  const body = (await request.json()) as { intent: Intent; values?: SettingsValues }
  const intent = body.intent
  if (intent === 'duplicate') {
    const result = await runAction(() => caller.forms.duplicate({ formId }))
    if (result.ok) throw redirect(`/forms/${result.data.id}`)
    return actionResponse({ ...result, intent })
  }
  const result = await runAction(async () => {
    switch (intent) {
      case 'settings':
        await caller.forms.updateSettings({ formId, ...(body.values as SettingsValues) } as never)
        return
      case 'close':
      case 'reopen':
        await caller.forms.setClosed({ formId, closed: intent === 'close' })
        return
      case 'archive':
        await caller.forms.archive({ formId })
        return
      case 'unarchive':
        await caller.forms.unarchive({ formId })
        return
      default:
        throw new Response(null, { status: 400 })
    }
  })
  return actionResponse(result.ok ? { ok: true as const, intent } : { ...result, intent })
}

export default function FormSettingsPage() {
  const { form } = useFormRouteData()
  if (!form) return null
  return (
    <Stack gap="lg" maw={880}>
      <SettingsForm key={`${form.id}:${JSON.stringify(form.settings)}`} form={form} />
      <StatusCard form={form} />
    </Stack>
  )
}

function initialValues(form: LoadedForm) {
  return {
    answerMode: form.settings.answerMode,
    opensAt: toTokyoWallClock(form.settings.opensAt),
    closesAt: toTokyoWallClock(form.settings.closesAt),
    responseLimit: form.settings.responseLimit,
    sendsReceipt: form.settings.sendsReceipt,
  }
}

function SettingsForm({ form }: { form: LoadedForm }) {
  const { t } = useTranslation()
  const fetcher = useFetcher<SettingsResult>()
  const [values, setValues] = useState(() => initialValues(form))
  const result = fetcher.state === 'idle' && fetcher.data?.intent === 'settings' ? fetcher.data : undefined
  const message = useActionMessage(result)
  const isDirty = JSON.stringify(values) !== JSON.stringify(initialValues(form))
  const isRangeInverted =
    values.opensAt !== null && values.closesAt !== null && values.opensAt >= values.closesAt
  const limitBelowCount = values.responseLimit !== null && values.responseLimit < form.responseCount
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per result.
  useEffect(() => {
    if (result?.ok) notifications.show({ color: 'green', message: t('forms.settings.saved') })
  }, [result])
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) =>
    setValues((v) => ({ ...v, [key]: value }))

  return (
    <Card withBorder>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          if (isRangeInverted) return
          fetcher.submit(
            {
              intent: 'settings',
              values: {
                ...values,
                opensAt: fromTokyoWallClock(values.opensAt),
                closesAt: fromTokyoWallClock(values.closesAt),
              },
            } as never,
            { method: 'post', encType: 'application/json' },
          )
        }}
      >
        <Stack gap="lg">
          <div>
            <Title order={2} size="h4">
              {t('forms.settings.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('forms.settings.help')}
            </Text>
          </div>
          {message ? (
            <Alert color="red" role="alert">
              {message}
            </Alert>
          ) : null}
          <Radio.Group
            label={t('forms.settings.answerMode')}
            value={values.answerMode}
            onChange={(v) => set('answerMode', v === 'multiple' ? 'multiple' : 'single')}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
              {(['single', 'multiple'] as const).map((mode) => (
                <Radio.Card key={mode} value={mode} p="md" radius="md" data-testid={`answer-mode-${mode}`}>
                  <Group wrap="nowrap" align="flex-start" gap="sm">
                    <Radio.Indicator />
                    <div>
                      <Text size="sm" fw={600}>
                        {t(`forms.settings.modes.${mode}.label`)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`forms.settings.modes.${mode}.help`)}
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
              ))}
            </SimpleGrid>
          </Radio.Group>
          <div>
            <Text size="sm" fw={500}>
              {t('forms.settings.period')}
            </Text>
            <Text size="xs" c="dimmed" mb="xs">
              {t('forms.settings.periodHelp')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <DateTimePicker
                label={t('forms.settings.opensAt')}
                placeholder={t('forms.settings.noStart')}
                valueFormat="YYYY/MM/DD HH:mm"
                clearable
                value={values.opensAt}
                onChange={(v) => set('opensAt', v)}
                data-testid="opens-at"
              />
              <DateTimePicker
                label={t('forms.settings.closesAt')}
                placeholder={t('forms.settings.noEnd')}
                valueFormat="YYYY/MM/DD HH:mm"
                clearable
                value={values.closesAt}
                onChange={(v) => set('closesAt', v)}
                minDate={values.opensAt ?? undefined}
                error={isRangeInverted ? t('forms.settings.rangeInverted') : undefined}
                data-testid="closes-at"
              />
            </SimpleGrid>
            <Text size="xs" c="dimmed" mt={4}>
              {t('forms.settings.timezone')}
            </Text>
          </div>
          <NumberInput
            label={t('forms.settings.responseLimit')}
            description={t(
              values.answerMode === 'single'
                ? 'forms.settings.responseLimitSingle'
                : 'forms.settings.responseLimitMultiple',
            )}
            placeholder={t('forms.settings.noLimit')}
            min={1}
            max={1_000_000}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator=","
            value={values.responseLimit ?? ''}
            onChange={(v) => set('responseLimit', typeof v === 'number' && v >= 1 ? v : null)}
            maw={320}
          />
          {limitBelowCount ? (
            <Alert color="yellow" p="xs">
              <Text size="sm">{t('forms.settings.limitBelowCount', { count: form.responseCount })}</Text>
            </Alert>
          ) : null}
          <Switch
            label={t('forms.settings.sendsReceipt')}
            description={t('forms.settings.sendsReceiptHelp')}
            checked={values.sendsReceipt}
            onChange={(e) => set('sendsReceipt', e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button
              variant="default"
              disabled={!isDirty || fetcher.state !== 'idle'}
              onClick={() => setValues(initialValues(form))}
            >
              {t('forms.settings.revert')}
            </Button>
            <Button type="submit" loading={fetcher.state !== 'idle'} disabled={!isDirty || isRangeInverted}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}

type Pending = 'close' | 'reopen' | 'archive' | 'unarchive' | 'duplicate' | null

function StatusCard({ form }: { form: LoadedForm }) {
  const { t, i18n } = useTranslation()
  const fetcher = useFetcher<SettingsResult>()
  const navigate = useNavigate()
  const [pending, setPending] = useState<Pending>(null)
  const result = fetcher.state === 'idle' && fetcher.data?.intent !== 'settings' ? fetcher.data : undefined
  const message = useActionMessage(result)
  const isBusy = fetcher.state !== 'idle'
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per result.
  useEffect(() => {
    if (!result?.ok) return
    notifications.show({ color: 'green', message: t(`forms.settings.done.${result.intent}`) })
    if (result.intent === 'archive') navigate('/forms')
  }, [result])
  const run = (intent: Exclude<Pending, null>) => {
    setPending(null)
    fetcher.submit({ intent }, { method: 'post', encType: 'application/json' })
  }
  const isArchived = form.status === 'archived'
  const isClosedByHand = form.settings.isClosedManually
  const explanation = (() => {
    switch (form.status) {
      case 'draft':
        return t('forms.settings.statusText.draft')
      case 'scheduled':
        return t('forms.settings.statusText.scheduled', {
          at: form.settings.opensAt ? formatDateTime(form.settings.opensAt, i18n.language) : '',
        })
      case 'open':
        return form.settings.closesAt
          ? t('forms.settings.statusText.openUntil', {
              at: formatDateTime(form.settings.closesAt, i18n.language),
            })
          : t('forms.settings.statusText.open')
      case 'closed':
        return isClosedByHand
          ? t('forms.settings.statusText.closedByHand')
          : form.settings.responseLimit !== null && form.responseCount >= form.settings.responseLimit
            ? t('forms.settings.statusText.closedLimit')
            : t('forms.settings.statusText.closedPeriod')
      case 'archived':
        return t('forms.settings.statusText.archived')
    }
  })()

  const confirmTexts: Record<
    Exclude<Pending, null>,
    { title: string; text: string; label: string; isDanger: boolean }
  > = {
    close: {
      title: t('forms.settings.closeTitle'),
      text: t('forms.settings.closeText'),
      label: t('forms.settings.close'),
      isDanger: true,
    },
    reopen: {
      title: t('forms.settings.reopenTitle'),
      text: t('forms.settings.reopenText'),
      label: t('forms.settings.reopen'),
      isDanger: false,
    },
    archive: {
      title: t('forms.settings.archiveTitle'),
      text: t('forms.settings.archiveText'),
      label: t('forms.settings.archive'),
      isDanger: true,
    },
    unarchive: {
      title: t('forms.settings.unarchiveTitle'),
      text: t('forms.settings.unarchiveText'),
      label: t('forms.settings.unarchive'),
      isDanger: false,
    },
    duplicate: {
      title: t('forms.settings.duplicateTitle'),
      text: t('forms.settings.duplicateText'),
      label: t('forms.settings.duplicate'),
      isDanger: false,
    },
  }
  const confirm = pending ? confirmTexts[pending] : null

  return (
    <Card withBorder>
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">
            {t('forms.settings.statusTitle')}
          </Title>
        </div>
        <Group gap="sm">
          <FormStatusBadge status={form.status} size="lg" />
          <Text size="sm">{explanation}</Text>
        </Group>
        {message ? (
          <Alert color="red" role="alert">
            {message}
          </Alert>
        ) : null}
        <Group gap="sm">
          {isArchived ? null : isClosedByHand ? (
            <Button
              leftSection={<IconPlayerPlay size={16} />}
              onClick={() => setPending('reopen')}
              loading={isBusy}
              data-testid="reopen-form"
            >
              {t('forms.settings.reopen')}
            </Button>
          ) : form.status === 'open' || form.status === 'scheduled' ? (
            <Button
              color="orange"
              variant="light"
              leftSection={<IconPlayerStop size={16} />}
              onClick={() => setPending('close')}
              loading={isBusy}
              data-testid="close-form"
            >
              {t('forms.settings.close')}
            </Button>
          ) : null}
          <Button
            variant="default"
            leftSection={<IconCopy size={16} />}
            onClick={() => setPending('duplicate')}
            loading={isBusy}
          >
            {t('forms.settings.duplicate')}
          </Button>
          {isArchived ? (
            <Button
              variant="default"
              leftSection={<IconArchiveOff size={16} />}
              onClick={() => setPending('unarchive')}
              loading={isBusy}
            >
              {t('forms.settings.unarchive')}
            </Button>
          ) : (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconArchive size={16} />}
              onClick={() => setPending('archive')}
              loading={isBusy}
            >
              {t('forms.settings.archive')}
            </Button>
          )}
        </Group>
        {form.status === 'closed' && !isClosedByHand ? (
          <Text size="xs" c="dimmed">
            {t('forms.settings.reopenByPeriod')}
          </Text>
        ) : null}
      </Stack>
      <ConfirmModal
        opened={confirm !== null}
        onClose={() => setPending(null)}
        onConfirm={() => pending && run(pending)}
        title={confirm?.title ?? ''}
        message={confirm?.text ?? ''}
        confirmLabel={confirm?.label}
        isDanger={confirm?.isDanger}
      />
    </Card>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
