import { useTranslation } from '@kairan/i18n'
import { ConfirmModal, PageHeader } from '@kairan/ui'
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  List,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useFetcher, useLoaderData, useSearchParams } from '@remix-run/react'
import { IconArrowLeft, IconPlayerStop } from '@tabler/icons-react'
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
import { contentFromServer, deliveryImageUrl } from '~/components/deliveries/content.ts'
import { DeliveryPhonePreview } from '~/components/deliveries/phone-preview.tsx'
import { DeliveryStatusBadge } from '~/components/deliveries/status.tsx'
import type { ActionError } from '~/lib/action-result.ts'
import { formatDateTime } from '~/lib/friends.ts'
import { useActionMessage } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Kairan — ${data?.series.title ?? '定期配信 / Recurring delivery'}` },
]

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'deliveries.manage')
  const id = z.uuid().safeParse(params.seriesId)
  if (!id.success) throw new Response(null, { status: 404 })
  const series = await staffCaller(context).deliveries.series.get({ id: id.data }).catch(throwAsResponse)
  const channel = auth.channels.find((c) => c.id === series.channelId)
  return { series, accountName: channel?.name ?? '' }
}

export type SeriesResult = { ok: true } | ActionError

export async function action({ context, request, params }: ActionFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'deliveries.manage')
  const id = String(params.seriesId ?? '')
  const result = await runAction(() => staffCaller(context).deliveries.series.stop({ id }))
  return actionResponse(result.ok ? { ok: true as const } : result)
}

export default function SeriesDetail() {
  const { series, accountName } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const fetcher = useFetcher<SeriesResult>()
  const [isStopOpen, setStopOpen] = useState(false)
  const [params, setParams] = useSearchParams()
  const result = fetcher.state === 'idle' ? fetcher.data : undefined
  const failure = useActionMessage(result)
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per result.
  useEffect(() => {
    if (result?.ok) notifications.show({ color: 'green', message: t('deliveries.series.stoppedDone') })
  }, [result])
  // biome-ignore lint/correctness/useExhaustiveDependencies: on arrival only.
  useEffect(() => {
    if (params.get('started') !== '1') return
    notifications.show({ color: 'green', message: t('deliveries.series.started') })
    setParams(new URLSearchParams(), { replace: true, preventScrollReset: true })
  }, [])
  const description = series.description
    ? i18n.language === 'en'
      ? series.description.en
      : series.description.ja
    : ''
  const target = i18n.language === 'en' ? series.targetDescription.en : series.targetDescription.ja
  return (
    <>
      <Anchor component={Link} to="/deliveries" size="sm" mb="xs" display="inline-block">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} />
          {t('deliveries.series.back')}
        </Group>
      </Anchor>
      <PageHeader
        title={series.title}
        description={
          <Badge color={series.isActive ? 'green' : 'gray'} variant="light">
            {series.isActive ? t('deliveries.series.active') : t('deliveries.series.stopped')}
          </Badge>
        }
        actions={
          series.isActive ? (
            <Button
              color="red"
              variant="light"
              leftSection={<IconPlayerStop size={16} />}
              onClick={() => setStopOpen(true)}
              data-testid="stop-series"
            >
              {t('deliveries.series.stop')}
            </Button>
          ) : null
        }
      />
      {failure ? (
        <Alert color="red" mb="md" role="alert">
          {failure}
        </Alert>
      ) : null}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            <Card withBorder>
              <Stack gap="sm">
                <div>
                  <Text size="xs" c="dimmed">
                    {t('deliveries.series.rule')}
                  </Text>
                  <Text size="sm" data-testid="series-rule">
                    {description}
                  </Text>
                </div>
                <div>
                  <Text size="xs" c="dimmed">
                    {t('deliveries.series.target')}
                  </Text>
                  <Text size="sm">{target}</Text>
                </div>
                <div>
                  <Text size="xs" c="dimmed">
                    {t('deliveries.series.next')}
                  </Text>
                  {series.nextDates.length > 0 ? (
                    <List size="sm" data-testid="series-next-dates">
                      {series.nextDates.map((d) => (
                        <List.Item key={String(d)}>{formatDateTime(d, i18n.language)}</List.Item>
                      ))}
                    </List>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('deliveries.series.noNext')}
                    </Text>
                  )}
                </div>
              </Stack>
            </Card>
            <Card withBorder>
              <Title order={2} size="h5" mb="sm">
                {t('deliveries.series.occurrences')}
              </Title>
              {series.occurrences.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('deliveries.series.noOccurrences')}
                </Text>
              ) : (
                <Table verticalSpacing="xs">
                  <Table.Tbody>
                    {series.occurrences.map((o) => (
                      <Table.Tr key={o.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/deliveries/${o.id}`} size="sm">
                            {o.scheduledAt ? formatDateTime(o.scheduledAt, i18n.language) : '—'}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <DeliveryStatusBadge status={o.status} />
                        </Table.Td>
                        <Table.Td ta="right">
                          <Text size="sm">{o.recipientCount ?? '—'}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack align="center">
            <DeliveryPhonePreview
              content={contentFromServer(series.content)}
              language="ja"
              accountName={accountName}
              imageUrl={deliveryImageUrl}
              height={560}
            />
          </Stack>
        </Grid.Col>
      </Grid>
      <ConfirmModal
        opened={isStopOpen}
        onClose={() => setStopOpen(false)}
        onConfirm={() => {
          setStopOpen(false)
          fetcher.submit({ intent: 'stop' }, { method: 'post', encType: 'application/json' })
        }}
        title={t('deliveries.series.stopTitle')}
        message={t('deliveries.series.stopText')}
        confirmLabel={t('deliveries.series.stop')}
        isDanger
      />
    </>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
