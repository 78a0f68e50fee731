import type { LiveEvent } from '@kairan/core/live-events'
import { AddTestDeviceInput, CitizenIdInput } from '@kairan/core/schemas'
import { useTranslation } from '@kairan/i18n'
import { ConfirmModal, PageHeader } from '@kairan/ui'
import { Alert, Anchor, Badge, Button, Card, Grid, Group, Stack, Text, TextInput, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useFetcher, useLoaderData, useLocation } from '@remix-run/react'
import { IconArrowLeft, IconDeviceMobile, IconDeviceMobilePlus } from '@tabler/icons-react'
import { type ReactNode, useEffect, useState } from 'react'
import {
  actionResponse,
  requirePagePermission,
  requireSignedIn,
  runAction,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import { CitizenAvatar, CitizenName, CitizenStatusBadge, MonoWithCopy } from '~/components/citizen-bits.tsx'
import { ConversationTimeline } from '~/components/conversation-timeline.tsx'
import { isActionError } from '~/lib/action-result.ts'
import { formatDateTime, languageName } from '~/lib/friends.ts'
import { useLiveRevalidate } from '~/lib/use-live-events.ts'
import { ERROR_PARAMS, useZodForm } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — 友だちの詳細 / Friend' }]

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'friends.read')
  const parsed = CitizenIdInput.safeParse({ citizenId: params.citizenId })
  if (!parsed.success) throw new Response(null, { status: 404 })
  const detail = await staffCaller(context).friends.get(parsed.data).catch(throwAsResponse)
  const channel = auth.channels.find((c) => c.id === detail.citizen.channelId) ?? null
  return {
    ...detail,
    channel,
    isCurrentChannel: auth.channel?.id === detail.citizen.channelId,
    canManageTestDevices: auth.actor.permissions.includes('test_devices.manage'),
    myName: auth.user.displayName,
  }
}

/** Registers this resident as a test device of their channel, or removes that registration. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  requireSignedIn(context, request)
  const caller = staffCaller(context)
  const body = (await request.json()) as { intent?: unknown } & Record<string, unknown>
  const intent = String(body.intent)
  const result = await runAction(async () => {
    if (intent === 'addTestDevice') {
      await caller.channels.addTestDevice({
        citizenId: params.citizenId ?? '',
        label: String(body.label ?? ''),
      })
    } else if (intent === 'removeTestDevice') {
      await caller.channels.removeTestDevice({ testDeviceId: String(body.testDeviceId ?? '') })
    } else {
      throw new Response(null, { status: 400 })
    }
  })
  return actionResponse(result.ok ? { ok: true as const, intent } : { ...result, intent })
}

export default function FriendDetail() {
  const data = useLoaderData<typeof loader>()
  const { citizen } = data
  const { t, i18n } = useTranslation()
  const location = useLocation()
  const listSearch = (location.state as { listSearch?: string } | null)?.listSearch ?? ''
  // A message, follow, block or profile change of this resident: reload what the page shows.
  useLiveRevalidate((event: LiveEvent) => 'citizenId' in event && event.citizenId === citizen.id)

  const lineLanguage = languageName(t, i18n, citizen.lineLanguage)
  const chosenLanguage = languageName(t, i18n, citizen.preferredLanguage)
  const lang = i18n.language

  return (
    <>
      <PageHeader
        title={<CitizenName name={citizen.displayName} inherit />}
        description={
          data.channel
            ? t('friends.friendOf', {
                channel: t('friends.channelLabel', {
                  name: data.channel.name,
                  kind: t(data.channel.kind === 'staging' ? 'common.staging' : 'common.production'),
                }),
              })
            : undefined
        }
        actions={
          <Anchor component={Link} to={`/friends${listSearch}`} size="sm">
            <Group gap={4} component="span">
              <IconArrowLeft size={14} />
              {t('friends.backToList')}
            </Group>
          </Anchor>
        }
      />
      {data.isCurrentChannel || !data.channel ? null : (
        <Alert color="orange" mb="md">
          {t('friends.otherChannel', { channel: data.channel.name })}
        </Alert>
      )}
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="md">
            <Card withBorder data-testid="friend-profile">
              <Stack gap="md">
                <Group gap="md" wrap="nowrap">
                  <CitizenAvatar name={citizen.displayName} pictureUrl={citizen.pictureUrl} size={64} />
                  <Stack gap={4} style={{ minWidth: 0 }}>
                    <Title order={2} size="h4">
                      <CitizenName name={citizen.displayName} inherit />
                    </Title>
                    <Group gap={6}>
                      <CitizenStatusBadge status={citizen.status} />
                      {data.testDevice ? (
                        <Badge
                          color="violet"
                          variant="light"
                          tt="none"
                          leftSection={<IconDeviceMobile size={12} />}
                        >
                          {t('testDevices.registeredAs', { label: data.testDevice.label })}
                        </Badge>
                      ) : null}
                    </Group>
                  </Stack>
                </Group>
                <Stack gap="sm" component="dl" m={0}>
                  <Fact label={t('friends.lineUserId')}>
                    <MonoWithCopy value={citizen.lineUserId} copyLabel={t('friends.copyUserId')} />
                  </Fact>
                  <Fact label={t('friends.lineLanguage')}>{lineLanguage ?? t('friends.unknown')}</Fact>
                  <Fact label={t('friends.chosenLanguage')}>{chosenLanguage ?? t('friends.notChosen')}</Fact>
                  <Fact label={t('friends.firstFollowedAt')}>
                    {citizen.firstFollowedAt ? formatDateTime(citizen.firstFollowedAt, lang) : '—'}
                  </Fact>
                  {citizen.followedAt &&
                  citizen.firstFollowedAt &&
                  new Date(citizen.followedAt).getTime() !== new Date(citizen.firstFollowedAt).getTime() ? (
                    <Fact label={t('friends.followedAt')}>{formatDateTime(citizen.followedAt, lang)}</Fact>
                  ) : null}
                  {citizen.blockedAt ? (
                    <Fact label={t('friends.blockedAt')}>{formatDateTime(citizen.blockedAt, lang)}</Fact>
                  ) : null}
                  <Fact label={t('friends.lastMessage')}>
                    {citizen.lastMessageAt ? formatDateTime(citizen.lastMessageAt, lang) : '—'}
                  </Fact>
                </Stack>
              </Stack>
            </Card>
            {data.canManageTestDevices ? (
              <TestDeviceCard
                citizenStatus={citizen.status}
                testDevice={data.testDevice}
                citizenId={citizen.id}
                defaultLabel={data.myName}
              />
            ) : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              {t('friends.historyTitle')}
            </Title>
            <ConversationTimeline
              citizenId={citizen.id}
              messages={data.messages}
              hasOlderMessages={data.hasOlderMessages}
            />
          </Card>
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

function TestDeviceCard({
  citizenId,
  citizenStatus,
  testDevice,
  defaultLabel,
}: {
  citizenId: string
  citizenStatus: string
  testDevice: { id: string; label: string } | null
  defaultLabel: string
}) {
  const { t } = useTranslation()
  const fetcher = useFetcher<typeof action>()
  const [isAdding, setIsAdding] = useState(false)
  const [isConfirming, setIsConfirming] = useState(false)
  const result = fetcher.data
  const addResult = result?.intent === 'addTestDevice' ? result : undefined
  const { form, field } = useZodForm(AddTestDeviceInput, {
    initialValues: { citizenId, label: defaultLabel.slice(0, 50) },
    serverResult: addResult,
  })
  // biome-ignore lint/correctness/useExhaustiveDependencies: after each answer only.
  useEffect(() => {
    if (!result || fetcher.state !== 'idle') return
    if (result.ok) {
      notifications.show({
        color: 'green',
        message: t(result.intent === 'addTestDevice' ? 'testDevices.added' : 'testDevices.removed'),
      })
      setIsAdding(false)
      setIsConfirming(false)
    } else if (isActionError(result) && !result.fields) {
      notifications.show({ color: 'red', message: t(result.key, { ...ERROR_PARAMS, ...result.params }) })
      setIsConfirming(false)
    }
  }, [result, fetcher.state])
  const isBusy = fetcher.state !== 'idle'
  const post = (body: Record<string, string>) =>
    fetcher.submit(body, { method: 'post', encType: 'application/json' })

  return (
    <Card withBorder data-testid="test-device-card">
      <Stack gap="sm">
        <Title order={2} size="h5">
          {t('testDevices.title')}
        </Title>
        {testDevice ? (
          <>
            <Group gap="xs">
              <IconDeviceMobile size={18} aria-hidden />
              <Text fw={500}>{t('testDevices.registeredAs', { label: testDevice.label })}</Text>
            </Group>
            <Text size="sm" c="dimmed">
              {t('testDevices.registeredHelp')}
            </Text>
            <Group>
              <Button variant="light" color="red" onClick={() => setIsConfirming(true)}>
                {t('testDevices.remove')}
              </Button>
            </Group>
            <ConfirmModal
              opened={isConfirming}
              onClose={() => setIsConfirming(false)}
              onConfirm={() => post({ intent: 'removeTestDevice', testDeviceId: testDevice.id })}
              title={t('testDevices.removeTitle', { label: testDevice.label })}
              message={t('testDevices.removeText')}
              confirmLabel={t('testDevices.remove')}
              isDanger
              isLoading={isBusy}
            />
          </>
        ) : citizenStatus !== 'following' ? (
          <Text size="sm" c="dimmed">
            {t('testDevices.onlyFollowing')}
          </Text>
        ) : isAdding ? (
          <form
            noValidate
            onSubmit={form.onSubmit((values) => post({ intent: 'addTestDevice', label: values.label }))}
          >
            <Stack gap="sm">
              <TextInput
                label={t('testDevices.label')}
                description={t('testDevices.labelHelp')}
                required
                maxLength={50}
                data-autofocus
                {...field('label')}
              />
              <Group justify="flex-end" gap="sm">
                <Button variant="default" onClick={() => setIsAdding(false)} disabled={isBusy}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={isBusy}>
                  {t('testDevices.register')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              {t('testDevices.registerHelp')}
            </Text>
            <Group>
              <Button
                variant="light"
                leftSection={<IconDeviceMobilePlus size={16} />}
                onClick={() => {
                  form.setValues({ citizenId, label: defaultLabel.slice(0, 50) })
                  setIsAdding(true)
                }}
              >
                {t('testDevices.register')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Card>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
