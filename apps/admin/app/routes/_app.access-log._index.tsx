import { useTranslation } from '@kairan/i18n'
import { EmptyState, PageHeader } from '@kairan/ui'
import { Button, Card, Code, Group, Pagination, Select, Table, Text, Tooltip } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData, useNavigation, useSearchParams, useSubmit } from '@remix-run/react'
import { IconDownload, IconListDetails } from '@tabler/icons-react'
import dayjs from 'dayjs'
import { useState } from 'react'
import { requireSignedIn, staffCaller, throwAsResponse } from '~/.server/staff.server.ts'
import { actionLabel, filtersFromSearch } from '~/lib/access-log.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — アクセスログ / Access log' }]

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireSignedIn(context, request)
  const filters = filtersFromSearch(new URL(request.url).searchParams)
  const caller = staffCaller(context)
  const [page, facets] = await Promise.all([caller.auditLog.list(filters), caller.auditLog.facets()]).catch(
    throwAsResponse,
  )
  return { page, facets, filters }
}

const formatTime = (iso: string | Date, lang: string) =>
  new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    dateStyle: 'medium',
    timeStyle: 'medium',
  }).format(new Date(iso))

export default function AccessLog() {
  const { page, facets, filters } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const submit = useSubmit()
  const navigation = useNavigation()
  const [params] = useSearchParams()
  const [period, setPeriod] = useState<[string | null, string | null]>([
    filters.from ?? null,
    filters.to ?? null,
  ])
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize))
  const exportParams = new URLSearchParams(params)
  exportParams.delete('page')

  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params)
    if (value) next.set(name, value)
    else next.delete(name)
    if (name !== 'page') next.delete('page')
    submit(next, { method: 'get', replace: true })
  }

  return (
    <>
      <PageHeader
        title={t('accessLog.title')}
        description={t('accessLog.description')}
        actions={
          <Button
            component="a"
            href={`/access-log/export?${exportParams.toString()}`}
            leftSection={<IconDownload size={16} />}
            variant="default"
            download
          >
            {t('common.exportCsv')}
          </Button>
        }
      />
      <Card withBorder>
        <Form method="get">
          <Group mb="md" align="flex-end" wrap="wrap">
            <Select
              label={t('accessLog.staff')}
              placeholder={t('common.all')}
              clearable
              searchable
              w={260}
              value={filters.staffUserId ?? null}
              data={facets.staff.map((s) => ({ value: s.staffUserId, label: s.staffEmail }))}
              onChange={(v) => setParam('staff', v)}
            />
            <Select
              label={t('accessLog.action')}
              placeholder={t('common.all')}
              clearable
              searchable
              w={260}
              value={filters.action ?? null}
              data={facets.actions.map((a) => ({ value: a, label: actionLabel(t, a) }))}
              onChange={(v) => setParam('action', v)}
            />
            <DatePickerInput
              type="range"
              label={t('accessLog.period')}
              placeholder={t('accessLog.periodPlaceholder')}
              valueFormat="YYYY-MM-DD"
              clearable
              w={260}
              value={period}
              onChange={(value) => {
                const [from, to] = value.map((d) => (d ? dayjs(d).format('YYYY-MM-DD') : null)) as [
                  string | null,
                  string | null,
                ]
                setPeriod([from, to])
                if ((from && to) || (!from && !to)) {
                  const next = new URLSearchParams(params)
                  next.delete('page')
                  for (const [k, v] of [
                    ['from', from],
                    ['to', to],
                  ] as const) {
                    if (v) next.set(k, v)
                    else next.delete(k)
                  }
                  submit(next, { method: 'get', replace: true })
                }
              }}
            />
            {params.toString() ? (
              <Button variant="subtle" onClick={() => submit(null, { method: 'get', replace: true })}>
                {t('common.reset')}
              </Button>
            ) : null}
          </Group>
        </Form>
        {page.rows.length === 0 ? (
          <EmptyState
            icon={<IconListDetails size={32} />}
            title={t('accessLog.emptyTitle')}
            description={t('accessLog.emptyText')}
          />
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table striped aria-busy={navigation.state === 'loading'} data-testid="access-log-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('accessLog.time')}</Table.Th>
                  <Table.Th>{t('accessLog.staff')}</Table.Th>
                  <Table.Th>{t('accessLog.action')}</Table.Th>
                  <Table.Th>{t('accessLog.target')}</Table.Th>
                  <Table.Th>{t('accessLog.ip')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.rows.map((row) => (
                  <Table.Tr key={row.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatTime(row.createdAt, i18n.language)}
                    </Table.Td>
                    <Table.Td>{row.staffEmail ?? '—'}</Table.Td>
                    <Table.Td>
                      <Tooltip label={row.action}>
                        <Text size="sm">{actionLabel(t, row.action)}</Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>
                      {row.detail ? (
                        <Code block style={{ maxWidth: 360, whiteSpace: 'pre-wrap', fontSize: 11 }}>
                          {JSON.stringify(row.detail)}
                        </Code>
                      ) : (
                        (row.targetId ?? '—')
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={row.userAgent ?? ''} disabled={!row.userAgent}>
                        <Text size="sm">{row.ip ?? '—'}</Text>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Group justify="space-between" mt="md">
          <Text size="sm" c="dimmed">
            {t('accessLog.count', { count: page.total })}
          </Text>
          {pages > 1 ? (
            <Pagination total={pages} value={page.page} onChange={(p) => setParam('page', String(p))} />
          ) : null}
        </Group>
      </Card>
    </>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
