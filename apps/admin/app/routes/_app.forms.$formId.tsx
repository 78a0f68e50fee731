import { type FormDefinition, localize } from '@kairan/forms'
import { useTranslation } from '@kairan/i18n'
import { PageHeader } from '@kairan/ui'
import { Anchor, Badge, Group, Tabs, Text } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, Outlet, useLoaderData, useLocation, useNavigate } from '@remix-run/react'
import { IconArrowLeft, IconChartBar, IconEdit, IconLink, IconSettings } from '@tabler/icons-react'
import { z } from 'zod'
import { requireSignedIn, staffCaller, throwAsResponse } from '~/.server/staff.server.ts'
import { FormStatusBadge } from '~/components/form-builder/status.tsx'
import { formatDateTime } from '~/lib/friends.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data?.form
      ? `Kairan — ${localize(data.form.draft.title as FormDefinition['title'], 'ja')}`
      : 'Kairan — フォーム / Form',
  },
]

/**
 * One form: the header and the tab bar (質問 / 設定 / 公開 / 回答) around the tab's page. Staff who
 * may only read answers (no `forms.manage`) get no form data here: the answers pages load their own.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  const permissions = auth.actor.permissions
  const canManage = permissions.includes('forms.manage')
  const canReadAnswers = permissions.includes('form_answers.read')
  if (!canManage && !canReadAnswers) throw new Response(null, { status: 403 })
  const formId = z.uuid().safeParse(params.formId)
  if (!formId.success) throw new Response(null, { status: 404 })
  if (!canManage) return { form: null, canManage, canReadAnswers, liffPublicUrl: context.liffPublicUrl }
  const form = await staffCaller(context).forms.get({ formId: formId.data }).catch(throwAsResponse)
  return { form, canManage, canReadAnswers, liffPublicUrl: context.liffPublicUrl }
}

const TABS = [
  { key: 'questions', path: '', label: 'forms.tabs.questions', Icon: IconEdit },
  { key: 'settings', path: '/settings', label: 'forms.tabs.settings', Icon: IconSettings },
  { key: 'share', path: '/share', label: 'forms.tabs.share', Icon: IconLink },
  { key: 'answers', path: '/answers', label: 'forms.tabs.answers', Icon: IconChartBar },
] as const

export default function FormLayout() {
  const { form, canReadAnswers } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const location = useLocation()
  const navigate = useNavigate()
  if (!form) return <Outlet />
  const base = `/forms/${form.id}`
  const rest = location.pathname.slice(base.length).replace(/\/$/, '')
  const active = TABS.find((tab) => tab.path !== '' && rest.startsWith(tab.path))?.key ?? 'questions'
  const tabs = TABS.filter((tab) => tab.key !== 'answers' || canReadAnswers)
  const title = localize(form.draft.title as FormDefinition['title'], 'ja')
  return (
    <>
      <Anchor component={Link} to="/forms" size="sm" mb="xs" display="inline-block">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} />
          {t('forms.layout.backToList')}
        </Group>
      </Anchor>
      <PageHeader
        title={title || t('forms.question.untitled')}
        description={
          <Group gap="xs" component="span" wrap="wrap">
            <FormStatusBadge status={form.status} />
            {form.currentVersion ? (
              <Text span size="sm" c="dimmed">
                {t('forms.layout.version', {
                  version: form.currentVersion.version,
                  at: formatDateTime(form.currentVersion.publishedAt, i18n.language),
                })}
              </Text>
            ) : (
              <Text span size="sm" c="dimmed">
                {t('forms.layout.neverPublished')}
              </Text>
            )}
            {form.hasUnpublishedChanges && form.currentVersion ? (
              <Badge component="span" color="yellow" variant="light" size="sm">
                {t('forms.list.unpublishedChanges')}
              </Badge>
            ) : null}
          </Group>
        }
      />
      <Tabs
        value={active}
        onChange={(value) => {
          const tab = TABS.find((candidate) => candidate.key === value)
          if (tab) navigate(`${base}${tab.path}`)
        }}
        activateTabWithKeyboard={false}
        mb="md"
      >
        <Tabs.List>
          {tabs.map((tab) => (
            <Tabs.Tab
              key={tab.key}
              value={tab.key}
              leftSection={<tab.Icon size={16} />}
              data-testid={`form-tab-${tab.key}`}
            >
              {tab.key === 'answers'
                ? t('forms.tabs.answersCount', { count: form.responseCount })
                : t(tab.label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
