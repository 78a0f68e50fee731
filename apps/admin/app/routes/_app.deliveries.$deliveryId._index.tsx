import type { LiveEvent } from '@kairan/core/live-events'
import { useTranslation } from '@kairan/i18n'
import { ConfirmModal, PageHeader } from '@kairan/ui'
import { LineChart } from '@mantine/charts'
import {
  Alert,
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useFetcher, useLoaderData, useSearchParams } from '@remix-run/react'
import {
  IconArrowLeft,
  IconCalendarRepeat,
  IconCopy,
  IconEdit,
  IconInfoCircle,
  IconX,
} from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { z } from 'zod'
import {
  actionResponse,
  requirePagePermission,
  requireSignedIn,
  runAction,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import { contentFromServer, deliveryImageUrl, formatRate } from '~/components/deliveries/content.ts'
import { DeliveryPhonePreview } from '~/components/deliveries/phone-preview.tsx'
import { DeliveryStatusBadge } from '~/components/deliveries/status.tsx'
import type { ActionError } from '~/lib/action-result.ts'
import { formatDateTime } from '~/lib/friends.ts'
import { useLiveRevalidate } from '~/lib/use-live-events.ts'
import { useActionMessage } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Kairan — ${data?.delivery.title ?? '配信 / Delivery'}` },
]

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'deliveries.manage')
  const id = z.uuid().safeParse(params.deliveryId)
  if (!id.success) throw new Response(null, { status: 404 })
  const caller = staffCaller(context)
  const delivery = await caller.deliveries.get({ id: id.data }).catch(throwAsResponse)
  const series = delivery.seriesId
    ? await caller.deliveries.series.get({ id: delivery.seriesId }).catch(() => null)
    : null
  const channel = auth.channels.find((c) => c.id === delivery.channelId)
  return {
    delivery,
    series: series ? { id: series.id, title: series.title } : null,
    accountName: channel?.name ?? '',
  }
}

type Intent = 'cancel' | 'duplicate'
export type DetailResult = { ok: true; intent: Intent } | (ActionError & { intent: Intent })

export async function action({ context, request, params }: ActionFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'deliveries.manage')
  const id = String(params.deliveryId ?? '')
  const caller = staffCaller(context)
  const body = (await request.json()) as { intent: Intent }
  if (body.intent === 'cancel') {
    const result = await runAction(() => caller.deliveries.cancel({ id }))
    return actionResponse(
      result.ok ? { ok: true as const, intent: body.intent } : { ...result, intent: body.intent },
    )
  }
  if (body.intent === 'duplicate') {
    const result = await runAction(() => caller.deliveries.duplicate({ id }))
    if (result.ok) throw redirect(`/deliveries/${result.data.id}/edit?copied=1`)
    return actionResponse({ ...result, intent: body.intent })
  }
  throw new Response(null, { status: 400 })
}

export default function DeliveryDetail() {
  const { delivery, series, accountName } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const fetcher = useFetcher<DetailResult>()
  const [isCancelOpen, setCancelOpen] = useState(false)
  const [params, setParams] = useSearchParams()
  const result = fetcher.state === 'idle' ? fetcher.data : undefined
  const failure = useActionMessage(result)
  // Progress arrives live while it sends (the worker publishes at most every 500 ms).
  useLiveRevalidate(
    (event: LiveEvent) => event.type === 'delivery.progress' && event.deliveryId === delivery.id,
  )
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per result.
  useEffect(() => {
    if (result?.ok && result.intent === 'cancel')
      notifications.show({ color: 'green', message: t('deliveries.detail.cancelled') })
  }, [result])
  // biome-ignore lint/correctness/useExhaustiveDependencies: on arrival only.
  useEffect(() => {
    if (params.get('scheduled') !== '1') return
    notifications.show({
      color: 'green',
      message:
        delivery.status === 'scheduled' &&
        delivery.scheduledAt &&
        Date.parse(String(delivery.scheduledAt)) > Date.now() + 60_000
          ? t('deliveries.detail.scheduledDone', { at: formatDateTime(delivery.scheduledAt, i18n.language) })
          : t('deliveries.detail.startedDone'),
    })
    setParams(new URLSearchParams(), { replace: true, preventScrollReset: true })
  }, [])

  const submit = (intent: Intent) =>
    fetcher.submit({ intent }, { method: 'post', encType: 'application/json' })
  const isEditable = (delivery.status === 'draft' || delivery.status === 'scheduled') && !delivery.seriesId
  const canCancel = delivery.status === 'draft' || delivery.status === 'scheduled'
  const content = contentFromServer(delivery.content)
  const targetText = i18n.language === 'en' ? delivery.targetDescription.en : delivery.targetDescription.ja
  const segmentName = delivery.targetDescription.segmentName

  return (
    <>
      <Anchor component={Link} to="/deliveries" size="sm" mb="xs" display="inline-block">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} />
          {t('deliveries.detail.back')}
        </Group>
      </Anchor>
      <PageHeader
        title={delivery.title}
        description={<DeliveryStatusBadge status={delivery.status} size="lg" />}
        actions={
          <Group gap="xs">
            {isEditable ? (
              <Button
                component={Link}
                to={`/deliveries/${delivery.id}/edit`}
                variant="default"
                leftSection={<IconEdit size={16} />}
              >
                {t('deliveries.detail.edit')}
              </Button>
            ) : null}
            <Button
              variant="default"
              leftSection={<IconCopy size={16} />}
              onClick={() => submit('duplicate')}
              data-testid="duplicate-delivery"
            >
              {t('deliveries.detail.duplicate')}
            </Button>
            {canCancel ? (
              <Button
                color="red"
                variant="light"
                leftSection={<IconX size={16} />}
                onClick={() => setCancelOpen(true)}
                data-testid="cancel-delivery"
              >
                {t('deliveries.detail.cancel')}
              </Button>
            ) : null}
          </Group>
        }
      />
      {failure ? (
        <Alert color="red" mb="md" role="alert">
          {failure}
        </Alert>
      ) : null}
      {delivery.isTest ? (
        <Alert color="grape" mb="md" icon={<IconInfoCircle size={18} />}>
          {t('deliveries.detail.isTest')}
        </Alert>
      ) : null}
      {series ? (
        <Alert color="indigo" mb="md" icon={<IconCalendarRepeat size={18} />}>
          <Group gap="xs">
            <Text size="sm">{t('deliveries.detail.series', { title: series.title })}</Text>
            <Anchor component={Link} to={`/deliveries/series/${series.id}`} size="sm">
              {t('deliveries.detail.seriesLink')}
            </Anchor>
          </Group>
        </Alert>
      ) : null}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            {delivery.status === 'sending' || delivery.startedAt ? (
              <ProgressCard delivery={delivery} />
            ) : null}
            <Card withBorder>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
                <Field label={t('deliveries.detail.target')}>
                  {segmentName ? `${t('deliveries.target.segmentNamed', { name: segmentName })}: ` : ''}
                  {targetText}
                </Field>
                <Field label={t('deliveries.detail.languages')}>
                  {delivery.languages.map((l) => t(`forms.lang.names.${l}`)).join('・')}
                </Field>
                {delivery.scheduledAt ? (
                  <Field label={t('deliveries.detail.scheduledAt')}>
                    {formatDateTime(delivery.scheduledAt, i18n.language)}
                  </Field>
                ) : null}
                {delivery.startedAt ? (
                  <Field label={t('deliveries.detail.startedAt')}>
                    {formatDateTime(delivery.startedAt, i18n.language)}
                  </Field>
                ) : null}
                {delivery.finishedAt ? (
                  <Field label={t('deliveries.detail.finishedAt')}>
                    {formatDateTime(delivery.finishedAt, i18n.language)}
                  </Field>
                ) : null}
                {delivery.via ? (
                  <Field label={t('deliveries.detail.via')}>
                    {delivery.via === 'broadcast'
                      ? t('deliveries.detail.viaBroadcast')
                      : t('deliveries.detail.viaMulticast')}
                  </Field>
                ) : null}
                {delivery.failureReason ? (
                  <Field label={t('deliveries.detail.failureReason')}>{delivery.failureReason}</Field>
                ) : null}
              </SimpleGrid>
            </Card>
            <StatsCard delivery={delivery} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="xs" align="center">
            <Text size="sm" fw={600}>
              {t('deliveries.detail.content')}
            </Text>
            <DeliveryPhonePreview
              content={content}
              language="ja"
              accountName={accountName}
              imageUrl={deliveryImageUrl}
              height={560}
            />
          </Stack>
        </Grid.Col>
      </Grid>
      <ConfirmModal
        opened={isCancelOpen}
        onClose={() => setCancelOpen(false)}
        onConfirm={() => {
          setCancelOpen(false)
          submit('cancel')
        }}
        title={t('deliveries.detail.cancelTitle')}
        message={t('deliveries.detail.cancelText', { title: delivery.title })}
        confirmLabel={t('deliveries.detail.cancel')}
        cancelLabel={t('deliveries.detail.keep')}
        isDanger
      />
    </>
  )
}

type Detail = Awaited<ReturnType<typeof loader>>['delivery']

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  )
}

/** sent / total with the ETA; the page reloads on each progress event, and the ETA ticks down between them. */
function ProgressCard({ delivery }: { delivery: Detail }) {
  const { t, i18n } = useTranslation()
  const { total, sent, failed, isFrozen, etaSeconds } = delivery.progress
  const number = (n: number) => n.toLocaleString(i18n.language === 'ja' ? 'ja-JP' : 'en-US')
  const done = sent + failed
  const percent = total > 0 ? Math.min(100, (done / total) * 100) : 0
  const isSending = delivery.status === 'sending'
  const [loadedAt, setLoadedAt] = useState(() => Date.now())
  const [now, setNow] = useState(() => Date.now())
  // biome-ignore lint/correctness/useExhaustiveDependencies: restart the countdown with each new estimate.
  useEffect(() => setLoadedAt(Date.now()), [etaSeconds])
  useEffect(() => {
    if (!isSending) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [isSending])
  const remaining = etaSeconds === null ? null : Math.max(0, etaSeconds - (now - loadedAt) / 1000)
  return (
    <Card withBorder data-testid="delivery-progress">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {t('deliveries.detail.progress')}
        </Title>
        {isSending ? (
          <Text size="xs" c="dimmed">
            {t('deliveries.detail.liveNote')}
          </Text>
        ) : null}
      </Group>
      <Progress.Root size="xl" aria-label={t('deliveries.detail.progress')}>
        <Progress.Section value={total > 0 ? (sent / total) * 100 : 0} color="green" animated={isSending} />
        {failed > 0 ? <Progress.Section value={(failed / total) * 100} color="red" /> : null}
      </Progress.Root>
      <Group justify="space-between" mt="xs">
        <Text size="sm" fw={600} data-testid="progress-text" data-sent={sent} data-total={total}>
          {t('deliveries.detail.progressText', { sent: number(sent), total: number(total) })}
          {!isFrozen && isSending ? `（${t('deliveries.detail.preparing')}）` : ''}
        </Text>
        <Group gap="sm">
          {failed > 0 ? (
            <Text size="sm" c="red">
              {t('deliveries.detail.progressFailed', { failed: number(failed) })}
            </Text>
          ) : null}
          {isSending && remaining !== null && remaining > 0 ? (
            <Text size="sm" c="dimmed" data-testid="progress-eta">
              {t('deliveries.detail.eta', { minutes: Math.max(1, Math.ceil(remaining / 60)) })}
            </Text>
          ) : null}
          <Text size="sm" c="dimmed">
            {Math.floor(percent)}%
          </Text>
        </Group>
      </Group>
    </Card>
  )
}

function StatsCard({ delivery }: { delivery: Detail }) {
  const { t, i18n } = useTranslation()
  const stats = delivery.stats
  const number = (n: number | null | undefined) =>
    n === null || n === undefined ? '—' : n.toLocaleString(i18n.language === 'ja' ? 'ja-JP' : 'en-US')
  if (delivery.isTest) {
    return (
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">
          {t('deliveries.stats.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('deliveries.stats.noTest')}
        </Text>
      </Card>
    )
  }
  const samples = delivery.statSamples.map((s) => ({
    at: formatDateTime(s.fetchedAt, i18n.language),
    [t('deliveries.stats.opened')]: s.uniqueImpression,
    [t('deliveries.stats.clicked')]: s.uniqueClick,
  }))
  return (
    <Card withBorder data-testid="delivery-stats">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5">
          {t('deliveries.stats.title')}
        </Title>
        {delivery.statsFetchedAt ? (
          <Text size="xs" c="dimmed">
            {t('deliveries.stats.fetchedAt', { at: formatDateTime(delivery.statsFetchedAt, i18n.language) })}
          </Text>
        ) : null}
      </Group>
      {stats ? (
        <>
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
            <Stat label={t('deliveries.stats.delivered')} value={number(stats.delivered)} />
            <Stat label={t('deliveries.stats.opened')} value={number(stats.uniqueImpression)} />
            <Stat label={t('deliveries.stats.openRate')} value={formatRate(stats.openRate)} />
            <Stat label={t('deliveries.stats.clicked')} value={number(stats.uniqueClick)} />
            <Stat label={t('deliveries.stats.clickRate')} value={formatRate(stats.clickRate)} />
          </SimpleGrid>
          {samples.length > 1 ? (
            <>
              <Text size="sm" fw={600} mt="md" mb="xs">
                {t('deliveries.stats.chart')}
              </Text>
              <LineChart
                h={220}
                data={samples}
                dataKey="at"
                series={[
                  { name: t('deliveries.stats.opened'), color: 'blue.6' },
                  { name: t('deliveries.stats.clicked'), color: 'teal.6' },
                ]}
                connectNulls
                withLegend
              />
            </>
          ) : null}
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {t('deliveries.stats.notYet')}
        </Text>
      )}
      <Text size="xs" c="dimmed" mt="sm">
        {t('deliveries.stats.threshold')}
      </Text>
    </Card>
  )
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </div>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
