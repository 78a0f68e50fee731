import { useTranslation } from '@kairan/i18n'
import { ConfirmModal, EmptyState, PageHeader } from '@kairan/ui'
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Menu,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useFetcher, useLoaderData, useSearchParams } from '@remix-run/react'
import {
  IconArchive,
  IconBrandLine,
  IconDotsVertical,
  IconFilter,
  IconPencil,
  IconPlus,
  IconTags,
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
import type { ActionError } from '~/lib/action-result.ts'
import { formatDateTime } from '~/lib/friends.ts'
import { useActionMessage } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — セグメント / Segments' }]

export async function loader({ context, request }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'segments.manage')
  const channel = auth.channel
  if (!channel) return { channel: null, rows: [], attributeCount: 0 }
  const caller = staffCaller(context)
  const [rows, attributes] = await Promise.all([
    caller.segments.list({ channelId: channel.id }),
    caller.attributes.list({}),
  ]).catch(throwAsResponse)
  return {
    channel: { id: channel.id, name: channel.name },
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      summary: r.summary,
      lastCount: r.lastCount,
      lastCountedAt: r.lastCountedAt,
      updatedAt: r.updatedAt,
    })),
    attributeCount: attributes.length,
  }
}

export type SegmentListResult = { ok: true } | ActionError

export async function action({ context, request }: ActionFunctionArgs) {
  requireSignedIn(context, request)
  const body = (await request.json()) as { intent: 'archive'; id: string }
  if (body.intent !== 'archive') throw new Response(null, { status: 400 })
  const result = await runAction(() => staffCaller(context).segments.archive({ id: String(body.id) }))
  return actionResponse(result.ok ? { ok: true as const } : result)
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

/** セグメント一覧 (SEG-6): name, conditions in plain words, the count when last saved. */
export default function SegmentsPage() {
  const { channel, rows, attributeCount } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const fetcher = useFetcher<SegmentListResult>()
  const [params, setParams] = useSearchParams()
  const [archiving, setArchiving] = useState<Row | null>(null)
  const result = fetcher.state === 'idle' ? fetcher.data : undefined
  const message = useActionMessage(result)
  const lang = i18n.language.startsWith('en') ? 'en' : 'ja'
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per result.
  useEffect(() => {
    if (result?.ok) notifications.show({ color: 'green', message: t('segments.list.archived') })
  }, [result])
  // Back from "create": say it was saved, then drop the marker from the URL.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per arrival.
  useEffect(() => {
    if (!params.get('saved')) return
    notifications.show({ color: 'green', message: t('segments.builder.saved') })
    const next = new URLSearchParams(params)
    next.delete('saved')
    setParams(next, { replace: true, preventScrollReset: true })
  }, [params.get('saved')])

  if (!channel) {
    return (
      <>
        <PageHeader title={t('segments.title')} />
        <Card withBorder>
          <EmptyState
            icon={<IconBrandLine size={32} />}
            title={t('segments.noChannelTitle')}
            description={t('segments.noChannelText')}
          />
        </Card>
      </>
    )
  }
  const createButton = (
    <Button
      component={Link}
      to="/segments/new"
      leftSection={<IconPlus size={16} />}
      data-testid="new-segment"
    >
      {t('segments.list.create')}
    </Button>
  )
  return (
    <>
      <PageHeader
        title={t('segments.title')}
        description={t('segments.list.description')}
        actions={rows.length > 0 ? createButton : null}
      />
      {message ? (
        <Alert color="red" mb="md" role="alert">
          {message}
        </Alert>
      ) : null}
      <Card withBorder>
        {rows.length === 0 ? (
          <EmptyState
            icon={<IconFilter size={32} />}
            title={t('segments.list.emptyTitle')}
            description={
              <Stack gap="xs" component="span">
                <span>{t('segments.list.emptyText')}</span>
                {attributeCount === 0 ? <span>{t('segments.list.emptyText2')}</span> : null}
              </Stack>
            }
            action={
              <Group gap="sm" justify="center">
                {createButton}
                {attributeCount === 0 ? (
                  <Button
                    component={Link}
                    to="/attributes"
                    variant="light"
                    leftSection={<IconTags size={16} />}
                  >
                    {t('segments.list.toAttributes')}
                  </Button>
                ) : null}
              </Group>
            }
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="sm" highlightOnHover data-testid="segments-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('segments.list.name')}</Table.Th>
                    <Table.Th>{t('segments.list.conditions')}</Table.Th>
                    <Table.Th ta="right">{t('segments.list.count')}</Table.Th>
                    <Table.Th>{t('segments.list.updatedAt')}</Table.Th>
                    <Table.Th w={48}>
                      <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => (
                    <Table.Tr key={row.id} data-segment-id={row.id}>
                      <Table.Td>
                        <Stack gap={2}>
                          <Anchor component={Link} to={`/segments/${row.id}`} fw={500} size="sm">
                            {row.name}
                          </Anchor>
                          {row.description ? (
                            <Text size="xs" c="dimmed" lineClamp={2}>
                              {row.description}
                            </Text>
                          ) : null}
                        </Stack>
                      </Table.Td>
                      <Table.Td maw={420}>
                        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                          {row.summary[lang]}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {row.lastCount === null ? (
                          <Text size="sm" c="dimmed">
                            {t('segments.list.countUnknown')}
                          </Text>
                        ) : (
                          <Stack gap={0} align="flex-end">
                            <Text size="sm" fw={600} data-testid="segment-last-count">
                              {t('segments.list.countValue', {
                                value: row.lastCount.toLocaleString(i18n.language),
                              })}
                            </Text>
                            {row.lastCountedAt ? (
                              <Text size="xs" c="dimmed">
                                {t('segments.list.countedAt', {
                                  date: formatDateTime(row.lastCountedAt, i18n.language),
                                })}
                              </Text>
                            ) : null}
                          </Stack>
                        )}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm">{formatDateTime(row.updatedAt, i18n.language)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              aria-label={t('segments.list.rowMenu', { name: row.name })}
                            >
                              <IconDotsVertical size={16} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item
                              component={Link}
                              to={`/segments/${row.id}`}
                              leftSection={<IconPencil size={14} />}
                            >
                              {t('segments.list.open')}
                            </Menu.Item>
                            <Menu.Divider />
                            <Menu.Item
                              color="red"
                              leftSection={<IconArchive size={14} />}
                              onClick={() => setArchiving(row)}
                            >
                              {t('segments.list.archive')}
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text size="sm" c="dimmed" mt="md">
              {t('segments.list.total', { count: rows.length })}
            </Text>
          </>
        )}
      </Card>
      <ConfirmModal
        opened={archiving !== null}
        onClose={() => setArchiving(null)}
        onConfirm={() => {
          if (archiving)
            fetcher.submit(
              { intent: 'archive', id: archiving.id },
              { method: 'post', encType: 'application/json' },
            )
          setArchiving(null)
        }}
        title={t('segments.list.archiveTitle')}
        message={t('segments.list.archiveText', { name: archiving?.name ?? '' })}
        confirmLabel={t('segments.list.archive')}
        isDanger
      />
    </>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
