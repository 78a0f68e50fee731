import { AnswerSummary } from '@kairan/forms/react'
import { useTranslation } from '@kairan/i18n'
import { PageHeader } from '@kairan/ui'
import { Alert, Anchor, Badge, Card, Grid, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useLocation, useRouteLoaderData } from '@remix-run/react'
import { IconArrowLeft, IconEye, IconHistory } from '@tabler/icons-react'
import { type ReactNode, useState } from 'react'
import { z } from 'zod'
import {
  requirePagePermission,
  requireSignedIn,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import { CitizenAvatar, CitizenName } from '~/components/citizen-bits.tsx'
import { FORM_LAYOUT_ROUTE_ID, labelText } from '~/components/form-answers/answer-context.ts'
import { AttachedFiles, uploadUrl } from '~/components/form-answers/attached-files.tsx'
import { formatDateTime, languageName } from '~/lib/friends.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — 回答の詳細 / Answer' }]

/** GET /forms/:formId/answers/:responseId — one answer; every view is written to the access log. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'form_answers.read')
  const ids = z.object({ formId: z.uuid(), responseId: z.uuid() }).safeParse(params)
  if (!ids.success) throw new Response(null, { status: 404 })
  const answer = await staffCaller(context)
    .formAnswers.get({ responseId: ids.data.responseId })
    .catch(throwAsResponse)
  // An answer of another form under this form's address: not here.
  if (answer.formId !== ids.data.formId) throw new Response(null, { status: 404 })
  return { answer, canReadFriends: auth.actor.permissions.includes('friends.read') }
}

export default function FormAnswerDetail() {
  const { answer, canReadFriends } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const location = useLocation()
  const listSearch = (location.state as { listSearch?: string } | null)?.listSearch ?? ''
  const layout = useRouteLoaderData(FORM_LAYOUT_ROUTE_ID) as { form?: unknown } | undefined
  const lang = i18n.language
  const staffLanguage = lang === 'en' ? 'en' : 'ja'
  const [shownIn, setShownIn] = useState<string>(staffLanguage)
  const { citizen, version } = answer
  const isOlderVersion = answer.currentVersion !== null && version.version < answer.currentVersion
  const residentLanguage = languageName(t, i18n, answer.language) ?? answer.language
  const files = Object.fromEntries(answer.files.map((f) => [f.id, f]))
  const backLink = (
    <Anchor component={Link} to={`/forms/${answer.formId}/answers${listSearch}`} size="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} />
        {t('formAnswers.backToList')}
      </Group>
    </Anchor>
  )

  return (
    <>
      {layout?.form ? (
        <Group justify="space-between" mb="md" wrap="wrap" gap="sm">
          {backLink}
        </Group>
      ) : (
        <PageHeader
          title={t('formAnswers.detail.title')}
          description={labelText(answer.formTitle, lang) || t('formAnswers.untitledForm')}
          actions={backLink}
        />
      )}
      <Alert
        color="gray"
        variant="light"
        icon={<IconEye size={18} />}
        mb="md"
        data-testid="answer-logged-note"
      >
        {t('formAnswers.detail.logged')}
      </Alert>
      {isOlderVersion ? (
        <Alert color="yellow" variant="light" icon={<IconHistory size={18} />} mb="md">
          {t('formAnswers.detail.olderVersion', { version: version.version, current: answer.currentVersion })}
        </Alert>
      ) : null}
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder data-testid="answer-facts">
            <Stack gap="md">
              <Group gap="sm" wrap="nowrap">
                <CitizenAvatar name={citizen.displayName} pictureUrl={citizen.pictureUrl} size={48} />
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text size="xs" c="dimmed">
                    {t('formAnswers.detail.respondent')}
                  </Text>
                  <CitizenName name={citizen.displayName} fw={700} />
                  {canReadFriends ? (
                    <Anchor component={Link} to={`/friends/${citizen.id}`} size="sm">
                      {t('formAnswers.detail.friendPage')}
                    </Anchor>
                  ) : null}
                </Stack>
              </Group>
              <Stack gap="sm" component="dl" m={0}>
                <Fact label={t('formAnswers.detail.submittedAt')}>
                  {formatDateTime(answer.submittedAt, lang)}
                </Fact>
                <Fact label={t('formAnswers.detail.editCount')}>
                  {answer.editCount > 0
                    ? t('formAnswers.detail.edited', {
                        count: answer.editCount,
                        at: formatDateTime(answer.updatedAt, lang),
                      })
                    : t('formAnswers.detail.notEdited')}
                </Fact>
                <Fact label={t('formAnswers.detail.version')}>
                  <Group gap={6} component="span">
                    <span>{t('formAnswers.detail.versionValue', { version: version.version })}</span>
                    {isOlderVersion ? (
                      <Badge component="span" size="sm" color="yellow" variant="light" tt="none">
                        {t('formAnswers.detail.olderBadge')}
                      </Badge>
                    ) : null}
                  </Group>
                </Fact>
                <Fact label={t('formAnswers.detail.language')}>{residentLanguage}</Fact>
              </Stack>
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Card withBorder data-testid="answer-content">
              <Stack gap="md">
                <Group justify="space-between" align="center" wrap="wrap" gap="sm">
                  <Title order={2} size="h4">
                    {t('formAnswers.detail.answers')}
                  </Title>
                  {answer.language !== staffLanguage ? (
                    <SegmentedControl
                      size="xs"
                      aria-label={t('formAnswers.detail.showIn')}
                      value={shownIn}
                      onChange={setShownIn}
                      data={[
                        { value: staffLanguage, label: t('formAnswers.detail.showInStaff') },
                        {
                          value: answer.language,
                          label: t('formAnswers.detail.showInResident', { language: residentLanguage }),
                        },
                      ]}
                    />
                  ) : null}
                </Group>
                <AnswerSummary
                  definition={version.definition}
                  language={shownIn}
                  answers={answer.answers}
                  files={files}
                  fileUrl={uploadUrl}
                  showUnanswered
                  includeStaffNotes
                />
              </Stack>
            </Card>
            {answer.files.length > 0 ? <AttachedFiles files={answer.files} /> : null}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </div>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
