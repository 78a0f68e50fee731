import type { LiveEvent } from '@kairan/core/live-events'
import { useTranslation } from '@kairan/i18n'
import { EmptyState, PageHeader } from '@kairan/ui'
import {
  Anchor,
  Button,
  Card,
  Group,
  Pagination,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { useDebouncedCallback } from '@mantine/hooks'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  Link,
  useLoaderData,
  useLocation,
  useNavigate,
  useNavigation,
  useSearchParams,
} from '@remix-run/react'
import { IconExternalLink, IconFilterOff, IconSearch, IconUsers } from '@tabler/icons-react'
import dayjs from 'dayjs'
import { useEffect, useRef, useState } from 'react'
import {
  requirePagePermission,
  requireSignedIn,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import {
  CitizenAvatar,
  CitizenName,
  CitizenStatusBadge,
  TestDeviceBadge,
} from '~/components/citizen-bits.tsx'
import {
  FRIENDS_PAGE_SIZE,
  formatDate,
  formatDateTime,
  friendFiltersFromSearch,
  hasFriendFilters,
  languageName,
} from '~/lib/friends.ts'
import { useLiveRevalidate } from '~/lib/use-live-events.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — 友だち / Friends' }]

export async function loader({ context, request }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'friends.read')
  const filters = friendFiltersFromSearch(new URL(request.url).searchParams)
  const emulatorUrl = context.lineEmulatorUrl
  const channel = auth.channel
  if (!channel) return { channel: null, filters, list: null, languages: [], emulatorUrl }
  const caller = staffCaller(context)
  const [list, languages] = await Promise.all([
    caller.friends.list({
      channelId: channel.id,
      query: filters.query || undefined,
      status: filters.status ?? undefined,
      language: filters.language ?? undefined,
      addedSince: filters.addedSince ?? undefined,
      page: filters.page,
      pageSize: FRIENDS_PAGE_SIZE,
    }),
    caller.friends.languages({ channelId: channel.id }),
  ]).catch(throwAsResponse)
  return { channel, filters, list, languages, emulatorUrl }
}

const SEARCH_DELAY_MS = 300

export default function Friends() {
  const { channel, filters, list, languages, emulatorUrl } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const navigation = useNavigation()
  const navigate = useNavigate()
  const location = useLocation()
  const [params, setParams] = useSearchParams()
  const channelId = channel?.id
  // A follow, block, profile change or message of this channel changes the list: reload it.
  useLiveRevalidate((event: LiveEvent) => event.channelId === channelId)

  const update = (changes: Record<string, string | null>, options: { replace?: boolean } = {}) => {
    const next = new URLSearchParams(params)
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value)
      else next.delete(name)
    }
    if (!('page' in changes)) next.delete('page')
    setParams(next, { replace: options.replace ?? false, preventScrollReset: true })
  }

  // The search box is typed into freely; the URL (and so the list) follows a moment later.
  const [search, setSearch] = useState(filters.query)
  const lastSent = useRef(filters.query)
  const sendSearch = useDebouncedCallback((value: string) => {
    lastSent.current = value.trim()
    update({ q: value.trim() || null }, { replace: true })
  }, SEARCH_DELAY_MS)
  useEffect(() => {
    // Back/forward or "clear filters" changed the URL: show its query in the box.
    if (filters.query !== lastSent.current) {
      lastSent.current = filters.query
      setSearch(filters.query)
    }
  }, [filters.query])

  if (!channel || !list) {
    return (
      <>
        <PageHeader title={t('friends.title')} />
        <Card withBorder>
          <EmptyState
            icon={<IconUsers size={32} />}
            title={t('friends.noChannelTitle')}
            description={t('friends.noChannelText')}
          />
        </Card>
      </>
    )
  }

  const isFiltered = hasFriendFilters(filters)
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize))
  const clearFilters = () => {
    lastSent.current = ''
    setSearch('')
    setParams(new URLSearchParams(), { preventScrollReset: true })
  }
  const statusOptions = (
    [
      ['following', 'friends.statusFollowing'],
      ['blocked', 'friends.statusBlocked'],
      ['not_following', 'friends.statusNotFollowing'],
    ] as const
  ).map(([value, key]) => ({
    value,
    label: t('friends.statusOption', { label: t(key), count: list.counts[value] }),
  }))
  const languageOptions = [...new Set([...languages, ...(filters.language ? [filters.language] : [])])].map(
    (code) => ({ value: code, label: languageName(t, i18n, code) ?? code }),
  )
  const totalEver = list.counts.following + list.counts.blocked + list.counts.not_following
  // A channel nobody has added yet: an explanation, not an empty table with filters.
  const hasNoFriends = totalEver === 0 && !isFiltered

  return (
    <>
      <PageHeader
        title={t('friends.title')}
        description={t('friends.description', {
          channel: t('friends.channelLabel', {
            name: channel.name,
            kind: t(channel.kind === 'staging' ? 'common.staging' : 'common.production'),
          }),
        })}
        actions={
          <Group gap="sm" wrap="nowrap" data-testid="friend-counts">
            <Stat label={t('friends.followingStat')} value={list.counts.following} color="green.8" />
            <Stat label={t('friends.blockedStat')} value={list.counts.blocked} color="red.8" />
          </Group>
        }
      />
      <Card withBorder>
        {hasNoFriends ? null : (
          <Group mb="md" align="flex-end" wrap="wrap" gap="sm" role="search">
            <TextInput
              label={t('friends.searchLabel')}
              placeholder={t('friends.searchPlaceholder')}
              leftSection={<IconSearch size={16} />}
              value={search}
              onChange={(e) => {
                setSearch(e.currentTarget.value)
                sendSearch(e.currentTarget.value)
              }}
              w={{ base: '100%', sm: 220 }}
              type="search"
              maxLength={100}
            />
            <Select
              label={t('friends.status')}
              placeholder={t('friends.statusAll')}
              data={statusOptions}
              value={filters.status}
              onChange={(value) => update({ status: value })}
              clearable
              allowDeselect
              w={{ base: 'calc(50% - var(--mantine-spacing-sm) / 2)', xs: 170 }}
            />
            <Select
              label={t('friends.language')}
              placeholder={t('friends.languageAll')}
              data={languageOptions}
              value={filters.language}
              onChange={(value) => update({ lang: value })}
              clearable
              searchable
              nothingFoundMessage={t('common.noResults')}
              w={{ base: 'calc(50% - var(--mantine-spacing-sm) / 2)', xs: 170 }}
            />
            <DatePickerInput
              label={t('friends.addedSince')}
              placeholder={t('friends.addedSincePlaceholder')}
              valueFormat="YYYY-MM-DD"
              clearable
              maxDate={new Date()}
              value={filters.addedSince}
              onChange={(value) => update({ since: value ? dayjs(value).format('YYYY-MM-DD') : null })}
              w={{ base: '100%', xs: 190 }}
            />
            {isFiltered ? (
              <Button variant="subtle" leftSection={<IconFilterOff size={16} />} onClick={clearFilters}>
                {t('friends.clearFilters')}
              </Button>
            ) : null}
          </Group>
        )}
        {list.rows.length === 0 ? (
          !hasNoFriends ? (
            <EmptyState
              icon={<IconSearch size={32} />}
              title={t('friends.noResultsTitle')}
              description={t('friends.noResultsText')}
              action={
                isFiltered ? (
                  <Button variant="light" leftSection={<IconFilterOff size={16} />} onClick={clearFilters}>
                    {t('friends.clearFilters')}
                  </Button>
                ) : null
              }
            />
          ) : (
            <EmptyState
              icon={<IconUsers size={32} />}
              title={t('friends.emptyTitle')}
              description={
                <Stack gap="xs" component="span">
                  <span>{t('friends.emptyText', { channel: channel.name })}</span>
                  {emulatorUrl ? <span>{t('friends.emptyTraining')}</span> : null}
                </Stack>
              }
              action={
                emulatorUrl ? (
                  <Button
                    component="a"
                    href={emulatorUrl}
                    target="_blank"
                    rel="noopener noreferrer"
                    variant="light"
                    rightSection={<IconExternalLink size={16} />}
                  >
                    {t('friends.openEmulator')}
                  </Button>
                ) : null
              }
            />
          )
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table
              highlightOnHover
              verticalSpacing="sm"
              aria-busy={navigation.state === 'loading'}
              data-testid="friends-table"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('friends.name')}</Table.Th>
                  <Table.Th>{t('common.status')}</Table.Th>
                  <Table.Th>{t('friends.language')}</Table.Th>
                  <Table.Th>{t('friends.addedAt')}</Table.Th>
                  <Table.Th>{t('friends.lastMessage')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.rows.map((row) => {
                  const to = `/friends/${row.id}`
                  return (
                    <Table.Tr
                      key={row.id}
                      data-citizen-id={row.id}
                      style={{ cursor: 'pointer' }}
                      onClick={(e) => {
                        // The name is the real link; the rest of the row is a convenience for mice.
                        if ((e.target as HTMLElement).closest('a')) return
                        navigate(to, { state: { listSearch: location.search } })
                      }}
                    >
                      <Table.Td>
                        <Group gap="sm" wrap="nowrap">
                          <CitizenAvatar name={row.displayName} pictureUrl={row.pictureUrl} size={36} />
                          <Anchor
                            component={Link}
                            to={to}
                            state={{ listSearch: location.search }}
                            fw={500}
                            size="sm"
                          >
                            <CitizenName name={row.displayName} inherit />
                          </Anchor>
                          {row.testDeviceLabel ? <TestDeviceBadge label={row.testDeviceLabel} /> : null}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <CitizenStatusBadge status={row.status} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{languageName(t, i18n, row.language) ?? '—'}</Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm">
                          {row.firstFollowedAt ? formatDate(row.firstFollowedAt, i18n.language) : '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm" c={row.lastMessageAt ? undefined : 'dimmed'}>
                          {row.lastMessageAt ? formatDateTime(row.lastMessageAt, i18n.language) : '—'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Group justify="space-between" mt="md" gap="sm" display={hasNoFriends ? 'none' : undefined}>
          <Text size="sm" c="dimmed" data-testid="friends-total">
            {t('friends.count', { count: list.total })}
          </Text>
          {pages > 1 ? (
            <Pagination
              total={pages}
              value={Math.min(list.page, pages)}
              onChange={(p) => update({ page: p === 1 ? null : String(p) })}
              size="sm"
            />
          ) : null}
        </Group>
      </Card>
    </>
  )
}

function Stat({ label, value, color }: { label: string; value: number; color: string }) {
  return (
    <Paper withBorder px="md" py={6} radius="md" miw={96}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" c={color} lh={1.2}>
        {new Intl.NumberFormat('en-US').format(value)}
      </Text>
    </Paper>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
