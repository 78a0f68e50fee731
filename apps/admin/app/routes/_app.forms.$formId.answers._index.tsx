import { useTranslation } from '@kairan/i18n'
import { EmptyState, PageHeader } from '@kairan/ui'
import { Anchor, Button, Card, Group, Pagination, Paper, SimpleGrid, Stack, Tabs, Text } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useNavigation, useRouteLoaderData, useSearchParams } from '@remix-run/react'
import {
  IconArrowLeft,
  IconChartBar,
  IconDownload,
  IconFilterOff,
  IconInbox,
  IconLink,
  IconSearch,
  IconTable,
} from '@tabler/icons-react'
import { type ReactNode, useState } from 'react'
import { z } from 'zod'
import { languageFromRequest } from '~/.server/i18n.server.ts'
import {
  requirePagePermission,
  requireSignedIn,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import { AnswerCharts } from '~/components/form-answers/answer-charts.tsx'
import { FORM_LAYOUT_ROUTE_ID, labelText } from '~/components/form-answers/answer-context.ts'
import {
  ANSWERS_PAGE_SIZE,
  answerFiltersFromSearch,
  answerFiltersToSearch,
  answerScopeInput,
  hasAnswerFilters,
} from '~/components/form-answers/answer-filters.ts'
import { AnswersTable } from '~/components/form-answers/answers-table.tsx'
import { ExportModal } from '~/components/form-answers/export-modal.tsx'
import { FilterBar, type FilterChange } from '~/components/form-answers/filter-bar.tsx'
import { formatDateTime } from '~/lib/friends.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — 回答 / Answers' }]

/** GET /forms/:formId/answers — the table (or charts) of a form's answers, filtered by the URL. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'form_answers.read')
  const formId = z.uuid().safeParse(params.formId)
  if (!formId.success) throw new Response(null, { status: 404 })
  const filters = answerFiltersFromSearch(new URL(request.url).searchParams)
  const scope = { formId: formId.data, ...answerScopeInput(filters) }
  const caller = staffCaller(context)
  const [list, stats] = await Promise.all([
    caller.formAnswers.list({
      ...scope,
      language: languageFromRequest(request),
      page: filters.page,
      pageSize: ANSWERS_PAGE_SIZE,
    }),
    caller.formAnswers.stats(scope),
  ]).catch(throwAsResponse)
  const permissions = auth.actor.permissions
  return {
    filters,
    list,
    stats,
    canExport: permissions.includes('form_answers.export'),
    canManage: permissions.includes('forms.manage'),
  }
}

export default function FormAnswers() {
  const { filters, list, stats, canExport, canManage } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const navigation = useNavigation()
  const [, setParams] = useSearchParams()
  const [isExportOpen, setExportOpen] = useState(false)
  // Inside the form's layout (which shows the title and tabs) this page adds no header of its own.
  const layout = useRouteLoaderData(FORM_LAYOUT_ROUTE_ID) as { form?: unknown } | undefined
  const hasLayoutHeader = Boolean(layout?.form)
  const lang = i18n.language
  const formId = list.form.id
  const isFiltered = hasAnswerFilters(filters)

  const go = (next: URLSearchParams) => setParams(next, { preventScrollReset: true })
  const withView = (search: URLSearchParams, view = filters.view) => {
    if (view === 'charts') search.set('view', 'charts')
    return search
  }
  const changeFilters = (change: FilterChange) =>
    go(withView(answerFiltersToSearch({ ...filters, ...change })))
  const clearFilters = () => go(withView(new URLSearchParams()))
  const setPage = (page: number) => {
    const search = withView(answerFiltersToSearch(filters))
    if (page > 1) search.set('page', String(page))
    go(search)
  }
  const setView = (view: string | null) =>
    go(withView(answerFiltersToSearch(filters), view === 'charts' ? 'charts' : 'table'))

  const pages = Math.max(1, Math.ceil(list.total / list.pageSize))
  const latest = !isFiltered && filters.page === 1 ? list.rows[0]?.submittedAt : undefined
  const exportButton =
    canExport && list.formTotal > 0 ? (
      <Button
        leftSection={<IconDownload size={16} />}
        variant="light"
        onClick={() => setExportOpen(true)}
        data-testid="export-open"
      >
        {t('formAnswers.export.button')}
      </Button>
    ) : null

  return (
    <>
      {hasLayoutHeader ? null : (
        <>
          <Anchor component={Link} to="/forms" size="sm" mb="xs" display="inline-block">
            <Group gap={4} component="span">
              <IconArrowLeft size={14} />
              {t('formAnswers.backToForms')}
            </Group>
          </Anchor>
          <PageHeader
            title={labelText(list.form.title, lang) || t('formAnswers.untitledForm')}
            description={t('formAnswers.title')}
          />
        </>
      )}
      {list.formTotal === 0 ? (
        <Card withBorder>
          <EmptyState
            icon={<IconInbox size={32} />}
            title={t('formAnswers.empty.title')}
            description={t('formAnswers.empty.text')}
            action={
              canManage ? (
                <Button
                  component={Link}
                  to={`/forms/${formId}/share`}
                  variant="light"
                  leftSection={<IconLink size={16} />}
                >
                  {t('formAnswers.empty.share')}
                </Button>
              ) : null
            }
          />
        </Card>
      ) : (
        <Stack gap="md">
          <Group justify="space-between" align="stretch" wrap="wrap" gap="md">
            <SimpleGrid cols={{ base: 1, xs: latest ? 3 : 2 }} spacing="sm" style={{ flex: '1 1 420px' }}>
              <Stat
                label={t('formAnswers.summary.total')}
                value={list.formTotal}
                help={t('formAnswers.summary.totalHelp')}
              />
              <Stat
                label={t('formAnswers.summary.matching')}
                value={list.total}
                help={isFiltered ? t('formAnswers.summary.matchingHelp') : t('formAnswers.summary.allShown')}
              />
              {latest ? (
                <Stat label={t('formAnswers.summary.latest')} value={formatDateTime(latest, lang)} />
              ) : null}
            </SimpleGrid>
            <Group align="flex-start">{exportButton}</Group>
          </Group>
          <Card withBorder>
            <FilterBar
              filters={filters}
              columns={list.columns}
              form={list.form}
              onChange={changeFilters}
              onClear={clearFilters}
            />
          </Card>
          <Tabs value={filters.view} onChange={setView} keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="table" leftSection={<IconTable size={16} />}>
                {t('formAnswers.views.table')}
              </Tabs.Tab>
              <Tabs.Tab
                value="charts"
                leftSection={<IconChartBar size={16} />}
                data-testid="answers-charts-tab"
              >
                {t('formAnswers.views.charts')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="table">
              <Card withBorder>
                {list.rows.length === 0 ? (
                  <EmptyState
                    icon={<IconSearch size={32} />}
                    title={t('formAnswers.empty.noMatchTitle')}
                    description={t('formAnswers.empty.noMatchText')}
                    action={
                      isFiltered ? (
                        <Button
                          variant="light"
                          leftSection={<IconFilterOff size={16} />}
                          onClick={clearFilters}
                        >
                          {t('formAnswers.filters.clear')}
                        </Button>
                      ) : null
                    }
                  />
                ) : (
                  <AnswersTable
                    formId={formId}
                    rows={list.rows}
                    columns={list.columns}
                    showVersion={list.form.versions.length > 1}
                    isBusy={navigation.state === 'loading'}
                  />
                )}
                <Group justify="space-between" mt="md" gap="sm">
                  <Text size="sm" c="dimmed" data-testid="answers-total">
                    {t('formAnswers.table.count', { count: list.total })}
                  </Text>
                  {pages > 1 ? (
                    <Pagination
                      total={pages}
                      value={Math.min(list.page, pages)}
                      onChange={setPage}
                      size="sm"
                      getControlProps={(control) => ({
                        'aria-label': t(`formAnswers.table.page.${control}`),
                      })}
                    />
                  ) : null}
                </Group>
                <Text size="xs" c="dimmed" mt="xs">
                  {t('formAnswers.table.loggedNote')}
                </Text>
              </Card>
            </Tabs.Panel>
            <Tabs.Panel value="charts">
              <AnswerCharts stats={stats} />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
      {canExport ? (
        <ExportModal
          formId={formId}
          filters={filters}
          count={list.total}
          opened={isExportOpen}
          onClose={() => setExportOpen(false)}
        />
      ) : null}
    </>
  )
}

function Stat({ label, value, help }: { label: string; value: number | string; help?: ReactNode }) {
  return (
    <Paper withBorder px="md" py="sm" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" lh={1.3} c="green.8">
        {typeof value === 'number' ? new Intl.NumberFormat('ja-JP').format(value) : value}
      </Text>
      {help ? (
        <Text size="xs" c="dimmed">
          {help}
        </Text>
      ) : null}
    </Paper>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
