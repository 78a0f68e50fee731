import { type LocalizedText, localize } from '@kairan/forms'
import { useTranslation } from '@kairan/i18n'
import { ConfirmModal, EmptyState, PageHeader } from '@kairan/ui'
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core'
import { useDebouncedCallback } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useFetcher, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import {
  IconArchive,
  IconArchiveOff,
  IconCopy,
  IconDotsVertical,
  IconExternalLink,
  IconFilterOff,
  IconForms,
  IconPlus,
  IconSearch,
} from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import {
  actionResponse,
  requireSignedIn,
  runAction,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import {
  FORM_STATUSES,
  type FormStatus,
  FormStatusBadge,
  isFormStatus,
} from '~/components/form-builder/status.tsx'
import type { ActionError } from '~/lib/action-result.ts'
import { formatDateTime } from '~/lib/friends.ts'
import { useActionMessage } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — フォーム / Forms' }]

export async function loader({ context, request }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  const permissions = auth.actor.permissions
  const canManage = permissions.includes('forms.manage')
  const canReadAnswers = permissions.includes('form_answers.read')
  if (!canManage && !canReadAnswers) throw new Response(null, { status: 403 })
  const search = new URL(request.url).searchParams
  const status = search.get('status')
  const filters = {
    status: isFormStatus(status) ? status : null,
    q: (search.get('q') ?? '').trim().slice(0, 100),
  }
  const rows = await staffCaller(context)
    .forms.list({ status: filters.status ?? undefined, q: filters.q || undefined })
    .catch(throwAsResponse)
  return { rows, filters, canManage, canReadAnswers }
}

type Intent = 'duplicate' | 'archive' | 'unarchive'
export type ListResult = { ok: true; intent: Intent } | (ActionError & { intent: Intent })

export async function action({ context, request }: ActionFunctionArgs) {
  requireSignedIn(context, request)
  const caller = staffCaller(context)
  const body = (await request.json()) as { intent: Intent; formId: string }
  const formId = String(body.formId ?? '')
  switch (body.intent) {
    case 'duplicate': {
      const result = await runAction(() => caller.forms.duplicate({ formId }))
      // The copy opens in the builder, where staff rename it first.
      if (result.ok) throw redirect(`/forms/${result.data.id}?copied=1`)
      return actionResponse({ ...result, intent: body.intent })
    }
    case 'archive':
    case 'unarchive': {
      const intent = body.intent
      const result = await runAction(() =>
        intent === 'archive' ? caller.forms.archive({ formId }) : caller.forms.unarchive({ formId }),
      )
      return actionResponse(result.ok ? { ok: true as const, intent } : { ...result, intent })
    }
    default:
      throw new Response(null, { status: 400 })
  }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

const SEARCH_DELAY_MS = 300

export default function FormsList() {
  const { rows, filters, canManage, canReadAnswers } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const navigation = useNavigation()
  const [params, setParams] = useSearchParams()
  const fetcher = useFetcher<ListResult>()
  const [pendingArchive, setPendingArchive] = useState<Row | null>(null)
  const result = fetcher.state === 'idle' ? fetcher.data : undefined
  const message = useActionMessage(result)
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per result (not again when the language changes).
  useEffect(() => {
    if (result?.ok && result.intent !== 'duplicate')
      notifications.show({ color: 'green', message: t(`forms.list.done.${result.intent}`) })
  }, [result])

  const update = (changes: Record<string, string | null>, replace = false) => {
    const next = new URLSearchParams(params)
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value)
      else next.delete(name)
    }
    setParams(next, { replace, preventScrollReset: true })
  }
  const [search, setSearch] = useState(filters.q)
  const lastSent = useRef(filters.q)
  const sendSearch = useDebouncedCallback((value: string) => {
    lastSent.current = value.trim()
    update({ q: value.trim() || null }, true)
  }, SEARCH_DELAY_MS)
  useEffect(() => {
    if (filters.q !== lastSent.current) {
      lastSent.current = filters.q
      setSearch(filters.q)
    }
  }, [filters.q])

  // Without a status filter, archived forms stay out of the way (they have their own filter).
  const visible = filters.status ? rows : rows.filter((row) => row.status !== 'archived')
  const isFiltered = Boolean(filters.status || filters.q)
  const hasNoForms = visible.length === 0 && !isFiltered
  const archivedCount = rows.length - visible.length
  const clearFilters = () => {
    lastSent.current = ''
    setSearch('')
    setParams(new URLSearchParams(), { preventScrollReset: true })
  }
  const submit = (intent: Intent, formId: string) =>
    fetcher.submit({ intent, formId }, { method: 'post', encType: 'application/json' })

  return (
    <>
      <PageHeader
        title={t('forms.title')}
        description={t('forms.list.description')}
        actions={
          canManage ? (
            <Button
              component={Link}
              to="/forms/new"
              leftSection={<IconPlus size={16} />}
              data-testid="new-form"
            >
              {t('forms.list.create')}
            </Button>
          ) : null
        }
      />
      {message ? (
        <Alert color="red" mb="md" role="alert">
          {message}
        </Alert>
      ) : null}
      <Card withBorder>
        {hasNoForms ? (
          <EmptyState
            icon={<IconForms size={32} />}
            title={t('forms.list.emptyTitle')}
            description={
              <Stack gap="xs" component="span">
                <span>{t('forms.list.emptyText')}</span>
                <span>{t('forms.list.emptyText2')}</span>
              </Stack>
            }
            action={
              <Group gap="sm" justify="center">
                {canManage ? (
                  <Button component={Link} to="/forms/new" leftSection={<IconPlus size={16} />}>
                    {t('forms.list.create')}
                  </Button>
                ) : null}
                {archivedCount > 0 ? (
                  <Button variant="subtle" onClick={() => update({ status: 'archived' })}>
                    {t('forms.list.showArchived', { count: archivedCount })}
                  </Button>
                ) : null}
              </Group>
            }
          />
        ) : (
          <>
            <Group mb="md" align="flex-end" wrap="wrap" gap="sm" role="search">
              <TextInput
                label={t('forms.list.search')}
                placeholder={t('forms.list.searchPlaceholder')}
                leftSection={<IconSearch size={16} />}
                value={search}
                onChange={(e) => {
                  setSearch(e.currentTarget.value)
                  sendSearch(e.currentTarget.value)
                }}
                w={{ base: '100%', sm: 240 }}
                type="search"
                maxLength={100}
              />
              <Stack gap={4}>
                <Text size="sm" fw={500} id="form-status-filter">
                  {t('forms.list.statusFilter')}
                </Text>
                <SegmentedControl
                  aria-labelledby="form-status-filter"
                  value={filters.status ?? 'all'}
                  onChange={(value) => update({ status: value === 'all' ? null : value })}
                  data={[
                    { value: 'all', label: t('forms.list.statusAll') },
                    ...FORM_STATUSES.map((s) => ({ value: s, label: t(`forms.status.${s}`) })),
                  ]}
                />
              </Stack>
              {isFiltered ? (
                <Button variant="subtle" leftSection={<IconFilterOff size={16} />} onClick={clearFilters}>
                  {t('common.reset')}
                </Button>
              ) : null}
            </Group>
            {visible.length === 0 ? (
              <EmptyState
                icon={<IconSearch size={32} />}
                title={t('forms.list.noResultsTitle')}
                description={t('forms.list.noResultsText')}
                action={
                  <Button variant="light" leftSection={<IconFilterOff size={16} />} onClick={clearFilters}>
                    {t('common.reset')}
                  </Button>
                }
              />
            ) : (
              <Table.ScrollContainer minWidth={860}>
                <Table
                  highlightOnHover
                  verticalSpacing="sm"
                  aria-busy={navigation.state === 'loading'}
                  data-testid="forms-table"
                >
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('forms.list.name')}</Table.Th>
                      <Table.Th>{t('common.status')}</Table.Th>
                      <Table.Th ta="right">{t('forms.list.answers')}</Table.Th>
                      <Table.Th>{t('forms.list.period')}</Table.Th>
                      <Table.Th>{t('forms.list.updatedAt')}</Table.Th>
                      <Table.Th w={48}>
                        <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {visible.map((row) => (
                      <FormRow
                        key={row.id}
                        row={row}
                        canManage={canManage}
                        canReadAnswers={canReadAnswers}
                        onDuplicate={() => submit('duplicate', row.id)}
                        onArchive={() => setPendingArchive(row)}
                        onUnarchive={() => submit('unarchive', row.id)}
                      />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            <Text size="sm" c="dimmed" mt="md">
              {t('forms.list.count', { count: visible.length })}
            </Text>
          </>
        )}
      </Card>
      <ConfirmModal
        opened={pendingArchive !== null}
        onClose={() => setPendingArchive(null)}
        onConfirm={() => {
          if (pendingArchive) submit('archive', pendingArchive.id)
          setPendingArchive(null)
        }}
        title={t('forms.settings.archiveTitle')}
        message={t('forms.list.archiveText', {
          title: pendingArchive ? localize(pendingArchive.title as LocalizedText, 'ja') : '',
        })}
        confirmLabel={t('forms.settings.archive')}
        isDanger
      />
    </>
  )
}

function FormRow({
  row,
  canManage,
  canReadAnswers,
  onDuplicate,
  onArchive,
  onUnarchive,
}: {
  row: Row
  canManage: boolean
  canReadAnswers: boolean
  onDuplicate: () => void
  onArchive: () => void
  onUnarchive: () => void
}) {
  const { t, i18n } = useTranslation()
  const to = canManage ? `/forms/${row.id}` : `/forms/${row.id}/answers`
  const title = localize(row.title as LocalizedText, 'ja') || t('forms.question.untitled')
  const status = row.status as FormStatus
  const period =
    row.opensAt || row.closesAt
      ? t('forms.list.periodRange', {
          from: row.opensAt ? formatDateTime(row.opensAt, i18n.language) : '',
          to: row.closesAt ? formatDateTime(row.closesAt, i18n.language) : '',
        })
      : t('forms.list.periodNone')
  return (
    <Table.Tr data-form-id={row.id}>
      <Table.Td>
        <Stack gap={2}>
          <Anchor component={Link} to={to} fw={500} size="sm">
            {title}
          </Anchor>
          <Group gap={6}>
            {row.currentVersion !== null ? (
              <Text size="xs" c="dimmed">
                {t('forms.versions.number', { version: row.currentVersion })}
              </Text>
            ) : null}
            {row.hasUnpublishedChanges && row.currentVersion !== null ? (
              <Badge size="xs" color="yellow" variant="light">
                {t('forms.list.unpublishedChanges')}
              </Badge>
            ) : null}
            <Text size="xs" c="dimmed">
              {t(
                row.answerMode === 'multiple'
                  ? 'forms.settings.modes.multiple.short'
                  : 'forms.settings.modes.single.short',
              )}
            </Text>
          </Group>
        </Stack>
      </Table.Td>
      <Table.Td>
        <FormStatusBadge status={status} />
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">
          {row.responseLimit !== null
            ? t('forms.list.answersOfLimit', { count: row.responseCount, limit: row.responseLimit })
            : t('forms.list.answersCount', { count: row.responseCount })}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={row.opensAt || row.closesAt ? undefined : 'dimmed'}>
          {period}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">{formatDateTime(row.updatedAt, i18n.language)}</Text>
      </Table.Td>
      <Table.Td>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={t('forms.list.rowMenu', { title })}>
              <IconDotsVertical size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item component={Link} to={to} leftSection={<IconExternalLink size={14} />}>
              {t('forms.list.open')}
            </Menu.Item>
            {canReadAnswers && canManage ? (
              <Menu.Item
                component={Link}
                to={`/forms/${row.id}/answers`}
                leftSection={<IconExternalLink size={14} />}
              >
                {t('forms.list.openAnswers')}
              </Menu.Item>
            ) : null}
            {canManage ? (
              <>
                <Menu.Item leftSection={<IconCopy size={14} />} onClick={onDuplicate}>
                  {t('forms.settings.duplicate')}
                </Menu.Item>
                <Menu.Divider />
                {status === 'archived' ? (
                  <Menu.Item leftSection={<IconArchiveOff size={14} />} onClick={onUnarchive}>
                    {t('forms.settings.unarchive')}
                  </Menu.Item>
                ) : (
                  <Menu.Item color="red" leftSection={<IconArchive size={14} />} onClick={onArchive}>
                    {t('forms.settings.archive')}
                  </Menu.Item>
                )}
              </>
            ) : null}
          </Menu.Dropdown>
        </Menu>
      </Table.Td>
    </Table.Tr>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
