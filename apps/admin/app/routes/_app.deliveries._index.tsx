import type { LiveEvent } from '@kairan/core/live-events'
import { useTranslation } from '@kairan/i18n'
import { ConfirmModal, EmptyState, PageHeader } from '@kairan/ui'
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Menu,
  MultiSelect,
  Pagination,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useFetcher, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import {
  IconBrandLine,
  IconCalendarRepeat,
  IconCopy,
  IconDotsVertical,
  IconDownload,
  IconEdit,
  IconExternalLink,
  IconFilterOff,
  IconPlus,
  IconSearch,
  IconSend,
  IconTrash,
} from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import {
  actionResponse,
  requirePagePermission,
  requireSignedIn,
  runAction,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import {
  DELIVERY_STATUSES,
  formatRate,
  HISTORY_PAGE_SIZE,
  type HistoryFilters,
  historyFiltersFromSearch,
  tokyoDayStart,
} from '~/components/deliveries/content.ts'
import { DeliveryStatusBadge } from '~/components/deliveries/status.tsx'
import type { ActionError } from '~/lib/action-result.ts'
import { formatDateTime } from '~/lib/friends.ts'
import { useLiveRevalidate } from '~/lib/use-live-events.ts'
import { useActionMessage } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — メッセージ配信 / Deliveries' }]

export async function loader({ context, request }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'deliveries.manage')
  const filters = historyFiltersFromSearch(new URL(request.url).searchParams)
  const canExport = auth.actor.permissions.includes('deliveries.export')
  const channel = auth.channel
  if (!channel) return { channel: null, filters, list: null, series: [], budget: null, canExport }
  const caller = staffCaller(context)
  const [list, series, budget] = await Promise.all([
    caller.deliveries
      .list({
        channelId: channel.id,
        from: filters.from ? tokyoDayStart(filters.from) : undefined,
        to: filters.to ? tokyoDayStart(filters.to, true) : undefined,
        status: filters.statuses.length > 0 ? filters.statuses : undefined,
        includeTests: filters.includeTests,
        page: filters.page,
        pageSize: HISTORY_PAGE_SIZE,
      })
      .catch(throwAsResponse),
    caller.deliveries.series.list({ channelId: channel.id, includeStopped: true }).catch(() => []),
    caller.deliveries.budget({ channelId: channel.id }).catch(() => null),
  ])
  return { channel: { id: channel.id, name: channel.name }, filters, list, series, budget, canExport }
}

type Intent = 'duplicate' | 'deleteDraft'
export type HistoryResult = { ok: true; intent: Intent } | (ActionError & { intent: Intent })

export async function action({ context, request }: ActionFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'deliveries.manage')
  const caller = staffCaller(context)
  const body = (await request.json()) as { intent: Intent; id: string }
  const id = String(body.id ?? '')
  if (body.intent === 'duplicate') {
    const result = await runAction(() => caller.deliveries.duplicate({ id }))
    if (result.ok) throw redirect(`/deliveries/${result.data.id}/edit?copied=1`)
    return actionResponse({ ...result, intent: body.intent })
  }
  if (body.intent === 'deleteDraft') {
    const result = await runAction(() => caller.deliveries.deleteDraft({ id }))
    return actionResponse(
      result.ok ? { ok: true as const, intent: body.intent } : { ...result, intent: body.intent },
    )
  }
  throw new Response(null, { status: 400 })
}

type Row = NonNullable<Awaited<ReturnType<typeof loader>>['list']>['rows'][number]

export default function DeliveriesHistory() {
  const { channel, filters, list, series, budget, canExport } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const navigation = useNavigation()
  const [params, setParams] = useSearchParams()
  const fetcher = useFetcher<HistoryResult>()
  const [pendingDelete, setPendingDelete] = useState<Row | null>(null)
  const result = fetcher.state === 'idle' ? fetcher.data : undefined
  const message = useActionMessage(result)
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per result.
  useEffect(() => {
    if (result?.ok && result.intent === 'deleteDraft')
      notifications.show({ color: 'green', message: t('deliveries.list.deleted') })
  }, [result])
  // Progress and status changes of this channel's deliveries show without reloading.
  const channelId = channel?.id
  useLiveRevalidate((event: LiveEvent) => event.type === 'delivery.progress' && event.channelId === channelId)

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params)
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value)
      else next.delete(name)
    }
    if (!('page' in changes)) next.delete('page')
    setParams(next, { preventScrollReset: true })
  }
  const isFiltered = Boolean(
    filters.from || filters.to || filters.statuses.length > 0 || filters.includeTests,
  )
  const submit = (intent: Intent, id: string) =>
    fetcher.submit({ intent, id }, { method: 'post', encType: 'application/json' })
  const exportHref = (format: 'csv' | 'xlsx') => {
    const query = new URLSearchParams(params)
    query.delete('page')
    query.set('format', format)
    return `/deliveries/export?${query}`
  }

  const createButton = (
    <Button
      component={Link}
      to="/deliveries/new"
      leftSection={<IconPlus size={16} />}
      data-testid="new-delivery"
    >
      {t('deliveries.list.create')}
    </Button>
  )

  if (!channel || !list) {
    return (
      <>
        <PageHeader title={t('deliveries.title')} description={t('deliveries.list.description')} />
        <Card withBorder>
          <EmptyState
            icon={<IconBrandLine size={32} />}
            title={t('deliveries.noChannelTitle')}
            description={t('deliveries.noChannelText')}
          />
        </Card>
      </>
    )
  }

  const pages = Math.max(1, Math.ceil(list.total / HISTORY_PAGE_SIZE))
  const hasNothing = list.total === 0 && !isFiltered && series.length === 0

  return (
    <>
      <PageHeader
        title={t('deliveries.title')}
        description={t('deliveries.list.description')}
        actions={
          <Group gap="xs">
            {canExport && !hasNothing ? (
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button
                    variant="default"
                    leftSection={<IconDownload size={16} />}
                    data-testid="export-menu"
                  >
                    {t('deliveries.list.export')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item component="a" href={exportHref('csv')} download data-testid="export-csv">
                    {t('deliveries.list.exportCsv')}
                  </Menu.Item>
                  <Menu.Item component="a" href={exportHref('xlsx')} download data-testid="export-xlsx">
                    {t('deliveries.list.exportXlsx')}
                  </Menu.Item>
                  <Menu.Divider />
                  <Text size="xs" c="dimmed" px="sm" py={4} maw={260}>
                    {t('deliveries.list.exportNote')}
                  </Text>
                </Menu.Dropdown>
              </Menu>
            ) : null}
            {createButton}
          </Group>
        }
      />
      {message ? (
        <Alert color="red" mb="md" role="alert">
          {message}
        </Alert>
      ) : null}
      {budget?.nearlySpent ? (
        <Alert color="yellow" mb="md" title={t('deliveries.budget.title')} data-testid="budget-warning">
          {t('deliveries.budget.nearlySpent', { used: budget.usedThisMonth, limit: budget.limit })}
        </Alert>
      ) : null}
      <Card withBorder>
        {hasNothing ? (
          <EmptyState
            icon={<IconSend size={32} />}
            title={t('deliveries.list.emptyTitle')}
            description={t('deliveries.list.emptyText')}
            action={createButton}
          />
        ) : (
          <>
            <Filters
              filters={filters}
              update={update}
              isFiltered={isFiltered}
              clear={() => setParams(new URLSearchParams())}
            />
            {list.rows.length === 0 ? (
              <EmptyState
                icon={<IconSearch size={32} />}
                title={t('deliveries.list.noResultsTitle')}
                description={t('deliveries.list.noResultsText')}
                action={
                  <Button
                    variant="light"
                    leftSection={<IconFilterOff size={16} />}
                    onClick={() => setParams(new URLSearchParams())}
                  >
                    {t('common.reset')}
                  </Button>
                }
              />
            ) : (
              <Table.ScrollContainer minWidth={900}>
                <Table
                  highlightOnHover
                  verticalSpacing="sm"
                  aria-busy={navigation.state === 'loading'}
                  data-testid="deliveries-table"
                >
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('deliveries.list.columns.title')}</Table.Th>
                      <Table.Th>{t('deliveries.list.columns.time')}</Table.Th>
                      <Table.Th>{t('deliveries.list.columns.target')}</Table.Th>
                      <Table.Th ta="right">{t('deliveries.list.columns.count')}</Table.Th>
                      <Table.Th>{t('deliveries.list.columns.status')}</Table.Th>
                      <Table.Th ta="right">{t('deliveries.list.columns.opens')}</Table.Th>
                      <Table.Th ta="right">{t('deliveries.list.columns.clicks')}</Table.Th>
                      <Table.Th w={48}>
                        <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.rows.map((row) => (
                      <HistoryRow
                        key={row.id}
                        row={row}
                        onDuplicate={() => submit('duplicate', row.id)}
                        onDelete={() => setPendingDelete(row)}
                      />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            <Group justify="space-between" mt="md">
              <Text size="sm" c="dimmed" data-testid="deliveries-total">
                {t('deliveries.list.total', { count: list.total })}
              </Text>
              {pages > 1 ? (
                <Pagination
                  value={filters.page}
                  total={pages}
                  onChange={(page) => update({ page: page === 1 ? null : String(page) })}
                  getControlProps={(control) => ({
                    'aria-label':
                      control === 'previous'
                        ? t('deliveries.list.previous')
                        : control === 'next'
                          ? t('deliveries.list.next')
                          : undefined,
                  })}
                />
              ) : null}
            </Group>
          </>
        )}
      </Card>

      {series.length > 0 ? (
        <Card withBorder mt="lg" data-testid="series-list">
          <Title order={2} size="h4">
            {t('deliveries.list.series')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('deliveries.list.seriesDescription')}
          </Text>
          <Stack gap="xs">
            {series.map((s) => (
              <Group key={s.id} justify="space-between" wrap="nowrap">
                <Group gap="xs" wrap="nowrap">
                  <IconCalendarRepeat size={16} />
                  <Anchor component={Link} to={`/deliveries/series/${s.id}`} size="sm" fw={500}>
                    {s.title}
                  </Anchor>
                  <Text size="sm" c="dimmed">
                    {s.description ? (i18n.language === 'en' ? s.description.en : s.description.ja) : ''}
                  </Text>
                </Group>
                {s.isActive ? (
                  <Text size="sm" c="dimmed">
                    {s.nextRunAt
                      ? t('deliveries.list.seriesNext', { at: formatDateTime(s.nextRunAt, i18n.language) })
                      : t('deliveries.list.seriesEnded')}
                  </Text>
                ) : (
                  <Badge color="gray" variant="light">
                    {t('deliveries.list.seriesStopped')}
                  </Badge>
                )}
              </Group>
            ))}
          </Stack>
        </Card>
      ) : null}

      <ConfirmModal
        opened={pendingDelete !== null}
        onClose={() => setPendingDelete(null)}
        onConfirm={() => {
          if (pendingDelete) submit('deleteDraft', pendingDelete.id)
          setPendingDelete(null)
        }}
        title={t('deliveries.list.deleteTitle')}
        message={t('deliveries.list.deleteText', { title: pendingDelete?.title ?? '' })}
        confirmLabel={t('deliveries.list.deleteDraft')}
        isDanger
      />
    </>
  )
}

function Filters({
  filters,
  update,
  isFiltered,
  clear,
}: {
  filters: HistoryFilters
  update: (changes: Record<string, string | null>) => void
  isFiltered: boolean
  clear: () => void
}) {
  const { t } = useTranslation()
  return (
    <Group mb="md" align="flex-end" wrap="wrap" gap="sm" role="search">
      <DatePickerInput
        type="range"
        label={t('deliveries.list.period')}
        placeholder={`${t('deliveries.list.periodFrom')} – ${t('deliveries.list.periodTo')}`}
        valueFormat="YYYY/MM/DD"
        clearable
        allowSingleDateInRange
        value={[filters.from, filters.to]}
        onChange={([from, to]) => {
          // A range is applied once both ends are chosen (or both cleared).
          if ((from && to) || (!from && !to)) update({ from: from ?? null, to: to ?? null })
        }}
        w={{ base: '100%', sm: 260 }}
        data-testid="period-filter"
      />
      <MultiSelect
        label={t('deliveries.list.statusFilter')}
        placeholder={filters.statuses.length === 0 ? t('deliveries.list.statusPlaceholder') : undefined}
        data={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`deliveries.status.${s}`) }))}
        value={filters.statuses}
        onChange={(values) => update({ status: values.length > 0 ? values.join(',') : null })}
        clearable
        w={{ base: '100%', sm: 300 }}
        data-testid="status-filter"
      />
      <Checkbox
        label={t('deliveries.list.includeTests')}
        checked={filters.includeTests}
        onChange={(e) => update({ tests: e.currentTarget.checked ? '1' : null })}
        mb={8}
      />
      {isFiltered ? (
        <Button variant="subtle" leftSection={<IconFilterOff size={16} />} onClick={clear}>
          {t('common.reset')}
        </Button>
      ) : null}
    </Group>
  )
}

function HistoryRow({
  row,
  onDuplicate,
  onDelete,
}: {
  row: Row
  onDuplicate: () => void
  onDelete: () => void
}) {
  const { t, i18n } = useTranslation()
  const time = row.startedAt ?? row.scheduledAt
  const isEditable = (row.status === 'draft' || row.status === 'scheduled') && !row.seriesId
  const count = row.recipientCount
  return (
    <Table.Tr data-delivery-id={row.id}>
      <Table.Td>
        <Stack gap={2}>
          <Anchor component={Link} to={`/deliveries/${row.id}`} fw={500} size="sm">
            {row.title}
          </Anchor>
          <Group gap={4}>
            {row.isTest ? (
              <Badge size="xs" color="grape" variant="light">
                {t('deliveries.list.testBadge')}
              </Badge>
            ) : null}
            {row.seriesId ? (
              <Badge size="xs" color="indigo" variant="light">
                {t('deliveries.list.seriesBadge')}
              </Badge>
            ) : null}
          </Group>
        </Stack>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" c={time ? undefined : 'dimmed'}>
          {time ? formatDateTime(time, i18n.language) : t('deliveries.list.notScheduled')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" lineClamp={2}>
          {row.targetLabel}
        </Text>
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">
          {count === null || count === undefined
            ? '—'
            : count.toLocaleString(i18n.language === 'ja' ? 'ja-JP' : 'en-US')}
        </Text>
        {row.failedCount > 0 ? (
          <Text size="xs" c="red">
            {t('deliveries.detail.progressFailed', { failed: row.failedCount })}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <DeliveryStatusBadge status={row.status} />
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{formatRate(row.stats?.openRate)}</Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{formatRate(row.stats?.clickRate)}</Text>
      </Table.Td>
      <Table.Td>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('deliveries.list.rowMenu', { title: row.title })}
            >
              <IconDotsVertical size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item
              component={Link}
              to={`/deliveries/${row.id}`}
              leftSection={<IconExternalLink size={14} />}
            >
              {t('deliveries.list.open')}
            </Menu.Item>
            {isEditable ? (
              <Menu.Item
                component={Link}
                to={`/deliveries/${row.id}/edit`}
                leftSection={<IconEdit size={14} />}
              >
                {t('deliveries.list.edit')}
              </Menu.Item>
            ) : null}
            <Menu.Item leftSection={<IconCopy size={14} />} onClick={onDuplicate}>
              {t('deliveries.list.duplicate')}
            </Menu.Item>
            {row.status === 'draft' ? (
              <>
                <Menu.Divider />
                <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={onDelete}>
                  {t('deliveries.list.deleteDraft')}
                </Menu.Item>
              </>
            ) : null}
          </Menu.Dropdown>
        </Menu>
      </Table.Td>
    </Table.Tr>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
