import { AddTestDeviceInput, ChannelIdInput, UpdateChannelCredentialsInput } from '@kairan/core/schemas'
import { useTranslation } from '@kairan/i18n'
import { ConfirmModal, EnvironmentBadge, PageHeader } from '@kairan/ui'
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  Collapse,
  Group,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core'
import { useDebouncedCallback, useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useFetcher, useLoaderData } from '@remix-run/react'
import {
  IconArrowLeft,
  IconChevronDown,
  IconChevronRight,
  IconDeviceMobile,
  IconInfoCircle,
  IconPlugConnected,
  IconTrash,
} from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { z } from 'zod'
import {
  actionResponse,
  requireSignedIn,
  runAction,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import { CitizenAvatar, CitizenName, CitizenStatusBadge } from '~/components/citizen-bits.tsx'
import { CopyUrlField } from '~/components/copy-url-field.tsx'
import { isActionError } from '~/lib/action-result.ts'
import { formatDate, formatDateTime } from '~/lib/friends.ts'
import { ERROR_PARAMS, useActionMessage, useZodForm } from '~/lib/use-zod-form.ts'
import type { TestDeviceCandidate } from './_app.settings.channels.$channelId.candidates.tsx'

export const meta: MetaFunction = () => [{ title: 'Kairan — LINEチャネル設定 / LINE channel' }]

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  const permissions = auth.actor.permissions
  const canManage = permissions.includes('channels.manage')
  const canManageDevices = permissions.includes('test_devices.manage')
  if (!canManage && !canManageDevices) throw new Response(null, { status: 403 })
  const parsed = ChannelIdInput.safeParse({ channelId: params.channelId })
  const channel = parsed.success ? auth.channels.find((c) => c.id === parsed.data.channelId) : undefined
  if (!channel) throw new Response(null, { status: 404 })
  const caller = staffCaller(context)
  const [settings, devices] = await Promise.all([
    canManage ? caller.channels.get({ channelId: channel.id }) : null,
    canManageDevices ? caller.channels.testDevices({ channelId: channel.id }) : null,
  ]).catch(throwAsResponse)
  const base = context.liffPublicUrl
  return {
    channel,
    // Only hints of the secret and the token ever reach the browser (…ab12), never the values.
    settings: settings
      ? {
          lineChannelId: settings.lineChannelId,
          liffId: settings.liffId,
          loginChannelId: settings.loginChannelId,
          apiBaseUrl: settings.apiBaseUrl,
          botUserId: settings.botUserId,
          channelSecretHint: settings.channelSecretHint,
          accessTokenHint: settings.accessTokenHint,
          credentialsUpdatedAt: settings.credentialsUpdatedAt,
          isConfigured: settings.isConfigured,
          webhookUrl: `${base}${settings.webhookPath}`,
          liffEndpointUrl: `${base}/c/${channel.id}`,
        }
      : null,
    devices,
    canReadFriends: permissions.includes('friends.read'),
    myName: auth.user.displayName,
  }
}

type Body = { intent?: unknown } & Record<string, unknown>

/** save (credentials), check (connection), addTestDevice, removeTestDevice. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  requireSignedIn(context, request)
  const caller = staffCaller(context)
  const channelId = params.channelId ?? ''
  const body = (await request.json()) as Body
  const intent = String(body.intent)
  if (intent === 'check') {
    const result = await runAction(() => caller.channels.checkConnection({ channelId }))
    return actionResponse(result.ok ? { ok: true as const, intent, bot: result.data } : { ...result, intent })
  }
  const result = await runAction(async () => {
    switch (intent) {
      case 'save':
        await caller.channels.updateCredentials({ ...(body.values as object), channelId } as never)
        return
      case 'addTestDevice':
        await caller.channels.addTestDevice({
          citizenId: String(body.citizenId ?? ''),
          label: String(body.label ?? ''),
        })
        return
      case 'removeTestDevice':
        await caller.channels.removeTestDevice({ testDeviceId: String(body.testDeviceId ?? '') })
        return
      default:
        throw new Response(null, { status: 400 })
    }
  })
  // Nothing of what was saved comes back: the page reloads the (masked) settings.
  return actionResponse(result.ok ? { ok: true as const, intent } : { ...result, intent })
}

type Data = Awaited<ReturnType<typeof loader>>

export default function ChannelSettings() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader
        title={data.channel.name}
        description={t('channels.title')}
        actions={
          <>
            <EnvironmentBadge kind={data.channel.kind} size="lg" />
            <Anchor component={Link} to="/settings/channels" size="sm">
              <Group gap={4} component="span">
                <IconArrowLeft size={14} />
                {t('channels.backToList')}
              </Group>
            </Anchor>
          </>
        }
      />
      <Stack maw={880} gap="lg">
        {data.settings ? (
          <>
            <CredentialsForm channelId={data.channel.id} settings={data.settings} />
            <Card withBorder>
              <Stack gap="md">
                <div>
                  <Title order={2} size="h4">
                    {t('channels.urlsTitle')}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {t('channels.urlsHelp')}
                  </Text>
                </div>
                <CopyUrlField
                  label={t('channels.webhookUrl')}
                  description={t('channels.webhookUrlHelp')}
                  value={data.settings.webhookUrl}
                  testId="webhook-url"
                />
                <CopyUrlField
                  label={t('channels.liffEndpointUrl')}
                  description={t('channels.liffEndpointUrlHelp')}
                  value={data.settings.liffEndpointUrl}
                  testId="liff-endpoint-url"
                />
              </Stack>
            </Card>
            <ConnectionCheck settings={data.settings} />
          </>
        ) : null}
        {data.devices ? (
          <TestDevices
            channelId={data.channel.id}
            devices={data.devices}
            canReadFriends={data.canReadFriends}
            myName={data.myName}
          />
        ) : null}
      </Stack>
    </>
  )
}

type Settings = NonNullable<Data['settings']>

function formValues(channelId: string, settings: Settings) {
  return {
    channelId,
    lineChannelId: settings.lineChannelId ?? '',
    channelSecret: '',
    accessToken: '',
    liffId: settings.liffId ?? '',
    loginChannelId: settings.loginChannelId ?? '',
    apiBaseUrl: settings.apiBaseUrl ?? '',
  }
}

function CredentialsForm({ channelId, settings }: { channelId: string; settings: Settings }) {
  const { t, i18n } = useTranslation()
  const fetcher = useFetcher<typeof action>()
  const result = fetcher.data?.intent === 'save' ? fetcher.data : undefined
  const message = useActionMessage(result)
  const [isAdvancedOpen, advanced] = useDisclosure(Boolean(settings.apiBaseUrl))
  const { form, field } = useZodForm(UpdateChannelCredentialsInput, {
    initialValues: formValues(channelId, settings),
    serverResult: result,
  })
  // biome-ignore lint/correctness/useExhaustiveDependencies: after each save only.
  useEffect(() => {
    if (!result?.ok || fetcher.state !== 'idle') return
    notifications.show({ color: 'green', message: t('channels.saved') })
    // The secret fields empty again; the rest as the server saved it (derived login channel ID…).
    form.setValues(formValues(channelId, settings))
    form.resetDirty(formValues(channelId, settings))
  }, [result, fetcher.state])
  useEffect(() => {
    if (result && isActionError(result) && result.fields?.apiBaseUrl) advanced.open()
  }, [result, advanced])

  const savedHint = (hint: string | null) =>
    hint ? t('channels.savedHint', { hint }) : t('channels.notSavedPlaceholder')

  return (
    <Card withBorder>
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          fetcher.submit({ intent: 'save', values } as never, {
            method: 'post',
            encType: 'application/json',
          }),
        )}
        autoComplete="off"
      >
        <Stack gap="md">
          <div>
            <Title order={2} size="h4">
              {t('channels.credentialsTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('channels.credentialsHelp')}
            </Text>
          </div>
          {message ? (
            <Alert color="red" role="alert">
              {message}
            </Alert>
          ) : null}
          <TextInput
            label={t('channels.lineChannelId')}
            description={t('channels.lineChannelIdHelp')}
            placeholder="1234567890"
            inputMode="numeric"
            {...field('lineChannelId')}
          />
          <PasswordInput
            label={t('channels.channelSecret')}
            description={t('channels.channelSecretHelp')}
            placeholder={savedHint(settings.channelSecretHint)}
            autoComplete="new-password"
            spellCheck={false}
            data-testid="channel-secret"
            {...field('channelSecret')}
          />
          <PasswordInput
            label={t('channels.accessToken')}
            description={t('channels.accessTokenHelp')}
            placeholder={savedHint(settings.accessTokenHint)}
            autoComplete="new-password"
            spellCheck={false}
            data-testid="access-token"
            {...field('accessToken')}
          />
          <Text size="xs" c="dimmed">
            {t('channels.writeOnlyNote')}
          </Text>
          <TextInput
            label={t('channels.liffId')}
            description={t('channels.liffIdHelp')}
            placeholder="1234567890-AbCdEfGh"
            {...field('liffId')}
          />
          <TextInput
            label={t('channels.loginChannelId')}
            description={t('channels.loginChannelIdHelp')}
            placeholder={
              form.values.liffId && /^\d+-/.test(form.values.liffId)
                ? form.values.liffId.split('-')[0]
                : '1234567890'
            }
            inputMode="numeric"
            {...field('loginChannelId')}
          />
          <div>
            <UnstyledButton onClick={advanced.toggle} aria-expanded={isAdvancedOpen}>
              <Group gap={4} c="blue.8">
                {isAdvancedOpen ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                <Text size="sm" fw={500}>
                  {t('channels.advanced')}
                </Text>
              </Group>
            </UnstyledButton>
            <Collapse in={isAdvancedOpen}>
              <TextInput
                mt="sm"
                label={t('channels.apiBaseUrl')}
                description={t('channels.apiBaseUrlHelp')}
                placeholder={t('channels.apiBaseUrlPlaceholder')}
                {...field('apiBaseUrl')}
              />
            </Collapse>
          </div>
          <Group justify="space-between" align="center">
            <Text size="xs" c="dimmed">
              {settings.credentialsUpdatedAt
                ? t('channels.updatedAt', {
                    at: formatDateTime(settings.credentialsUpdatedAt, i18n.language),
                  })
                : null}
            </Text>
            <Button type="submit" loading={fetcher.state !== 'idle'} disabled={!form.isDirty()}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}

function ConnectionCheck({ settings }: { settings: Settings }) {
  const { t } = useTranslation()
  const fetcher = useFetcher<typeof action>()
  const result = fetcher.data?.intent === 'check' ? fetcher.data : undefined
  const failure = useActionMessage(result)
  const bot = result && 'bot' in result ? result.bot : null
  return (
    <Card withBorder>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            {t('channels.connectionTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('channels.connectionHelp')}
          </Text>
        </div>
        {settings.isConfigured ? null : (
          <Alert color="yellow" icon={<IconInfoCircle size={18} />}>
            {t('channels.connectionNeedsCredentials')}
          </Alert>
        )}
        {bot && fetcher.state === 'idle' ? (
          <Alert color="green" icon={<IconPlugConnected size={18} />} data-testid="connection-ok">
            <Text size="sm" fw={500}>
              {t('channels.connectionOk')}
            </Text>
            <Text size="sm">{t('channels.botName', { name: bot.displayName, basicId: bot.basicId })}</Text>
          </Alert>
        ) : null}
        {failure && fetcher.state === 'idle' ? (
          <Alert color="red" role="alert" data-testid="connection-failed">
            {failure}
          </Alert>
        ) : null}
        <Group justify="space-between">
          <Text size="xs" c="dimmed" ff={settings.botUserId ? 'monospace' : undefined}>
            {settings.botUserId ? t('channels.botUserId', { id: settings.botUserId }) : null}
          </Text>
          <Button
            variant="default"
            leftSection={<IconPlugConnected size={16} />}
            disabled={!settings.isConfigured}
            loading={fetcher.state !== 'idle'}
            onClick={() =>
              fetcher.submit({ intent: 'check' }, { method: 'post', encType: 'application/json' })
            }
          >
            {t('channels.checkConnection')}
          </Button>
        </Group>
      </Stack>
    </Card>
  )
}

type Device = NonNullable<Data['devices']>[number]

function TestDevices({
  channelId,
  devices,
  canReadFriends,
  myName,
}: {
  channelId: string
  devices: Device[]
  canReadFriends: boolean
  myName: string
}) {
  const { t, i18n } = useTranslation()
  const fetcher = useFetcher<typeof action>()
  const [removing, setRemoving] = useState<Device | null>(null)
  const result = fetcher.data
  // biome-ignore lint/correctness/useExhaustiveDependencies: after each answer only.
  useEffect(() => {
    if (!result || fetcher.state !== 'idle' || result.intent !== 'removeTestDevice') return
    if (result.ok) notifications.show({ color: 'green', message: t('testDevices.removed') })
    else if (isActionError(result))
      notifications.show({ color: 'red', message: t(result.key, { ...ERROR_PARAMS, ...result.params }) })
    setRemoving(null)
  }, [result, fetcher.state])

  return (
    <Card withBorder data-testid="test-devices">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">
            {t('testDevices.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('testDevices.description')}
          </Text>
        </div>
        {devices.length === 0 ? (
          <Group gap="xs" c="dimmed" data-testid="test-devices-empty">
            <IconDeviceMobile size={18} aria-hidden />
            <Text size="sm">{t('testDevices.emptyText')}</Text>
          </Group>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('testDevices.label')}</Table.Th>
                  <Table.Th>{t('testDevices.friend')}</Table.Th>
                  <Table.Th>{t('common.status')}</Table.Th>
                  <Table.Th>{t('testDevices.addedAt')}</Table.Th>
                  <Table.Th w={60}>
                    <Text size="sm" fw={700} style={{ visibility: 'hidden' }}>
                      {t('common.actions')}
                    </Text>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {devices.map((d) => (
                  <Table.Tr key={d.id} data-test-device-id={d.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {d.label}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <CitizenAvatar name={d.displayName} pictureUrl={d.pictureUrl} size={28} />
                        {canReadFriends ? (
                          <Anchor component={Link} to={`/friends/${d.citizenId}`} size="sm">
                            <CitizenName name={d.displayName} inherit />
                          </Anchor>
                        ) : (
                          <CitizenName name={d.displayName} size="sm" />
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <CitizenStatusBadge status={d.status} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm">{formatDate(d.createdAt, i18n.language)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={t('testDevices.remove')}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`${t('testDevices.remove')}: ${d.label}`}
                          onClick={() => setRemoving(d)}
                        >
                          <IconTrash size={18} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <AddTestDevice channelId={channelId} canReadFriends={canReadFriends} myName={myName} />
      </Stack>
      <ConfirmModal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          fetcher.submit(
            { intent: 'removeTestDevice', testDeviceId: removing.id },
            { method: 'post', encType: 'application/json' },
          )
        }
        title={t('testDevices.removeTitle', { label: removing?.label ?? '' })}
        message={t('testDevices.removeText')}
        confirmLabel={t('testDevices.remove')}
        isDanger
        isLoading={fetcher.state !== 'idle'}
      />
    </Card>
  )
}

/** The server's schema, with a message for "nobody picked yet" instead of zod's own. */
const AddTestDeviceForm = AddTestDeviceInput.extend({
  citizenId: z.uuid({ error: 'testDevices.pickRequired' }),
})

type CandidatesAnswer = { query: string; rows: TestDeviceCandidate[]; total: number }

function AddTestDevice({
  channelId,
  canReadFriends,
  myName,
}: {
  channelId: string
  canReadFriends: boolean
  myName: string
}) {
  const { t } = useTranslation()
  const fetcher = useFetcher<typeof action>()
  const candidates = useFetcher<CandidatesAnswer>()
  const [picked, setPicked] = useState<TestDeviceCandidate | null>(null)
  const result = fetcher.data?.intent === 'addTestDevice' ? fetcher.data : undefined
  const message = useActionMessage(result && isActionError(result) && !result.fields ? result : undefined)
  const { form, field } = useZodForm(AddTestDeviceForm, {
    initialValues: { citizenId: '', label: myName.slice(0, 50) },
    serverResult: result,
  })
  const candidatesUrl = `/settings/channels/${channelId}/candidates`
  const search = useDebouncedCallback((q: string) => {
    candidates.load(`${candidatesUrl}?q=${encodeURIComponent(q)}`)
  }, 300)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first list once, on opening the page.
  useEffect(() => {
    if (canReadFriends) candidates.load(candidatesUrl)
  }, [channelId, canReadFriends])
  // biome-ignore lint/correctness/useExhaustiveDependencies: after each answer only.
  useEffect(() => {
    if (!result?.ok || fetcher.state !== 'idle') return
    notifications.show({ color: 'green', message: t('testDevices.added') })
    setPicked(null)
    form.setValues({ citizenId: '', label: myName.slice(0, 50) })
    form.resetDirty()
    candidates.load(candidatesUrl)
  }, [result, fetcher.state])

  if (!canReadFriends) {
    return (
      <Alert color="gray" icon={<IconInfoCircle size={18} />}>
        {t('testDevices.needsFriendsRead')}
      </Alert>
    )
  }
  const rows = candidates.data?.rows ?? []
  const options = [...(picked && !rows.some((r) => r.id === picked.id) ? [picked] : []), ...rows].map(
    (r) => ({
      value: r.id,
      label: r.displayName ?? t('friends.noName'),
      disabled: Boolean(r.testDeviceLabel),
    }),
  )
  const byId = new Map([...(picked ? [picked] : []), ...rows].map((r) => [r.id, r]))

  return (
    <Stack gap="sm" pt="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
      <Title order={3} size="h5">
        {t('testDevices.addTitle')}
      </Title>
      <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
        {t('testDevices.howTo')}
      </Text>
      {message ? (
        <Alert color="red" role="alert">
          {message}
        </Alert>
      ) : null}
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          fetcher.submit(
            { intent: 'addTestDevice', citizenId: values.citizenId, label: values.label },
            { method: 'post', encType: 'application/json' },
          ),
        )}
      >
        <Group align="flex-start" gap="sm" wrap="wrap">
          <Select
            label={t('testDevices.pickFriend')}
            placeholder={t('testDevices.pickPlaceholder')}
            searchable
            clearable
            data={options}
            filter={({ options: all }) => all}
            onSearchChange={(q) => {
              if (!picked || q !== (picked.displayName ?? t('friends.noName'))) search(q)
            }}
            nothingFoundMessage={
              candidates.state === 'loading' ? t('common.loading') : t('testDevices.noCandidates')
            }
            renderOption={({ option }) => {
              const row = byId.get(option.value)
              return (
                <Group gap="xs" wrap="nowrap">
                  <CitizenAvatar
                    name={row?.displayName ?? null}
                    pictureUrl={row?.pictureUrl ?? null}
                    size={24}
                  />
                  <Text size="sm">{option.label}</Text>
                  {row?.testDeviceLabel ? (
                    <Text size="xs" c="dimmed">
                      {t('testDevices.alreadyRegistered')}
                    </Text>
                  ) : null}
                </Group>
              )
            }}
            w={{ base: '100%', sm: 280 }}
            required
            {...field('citizenId')}
            value={form.values.citizenId || null}
            onChange={(value) => {
              setPicked(value ? (byId.get(value) ?? null) : null)
              form.setFieldValue('citizenId', value ?? '')
            }}
          />
          <TextInput
            label={t('testDevices.label')}
            placeholder={t('testDevices.labelPlaceholder')}
            required
            maxLength={50}
            w={{ base: '100%', sm: 280 }}
            {...field('label')}
          />
          <Button type="submit" mt={{ base: 0, sm: 25 }} loading={fetcher.state !== 'idle'}>
            {t('testDevices.add')}
          </Button>
        </Group>
      </form>
      <Text size="xs" c="dimmed">
        {t('testDevices.orFromFriends')}{' '}
        <Anchor component={Link} to="/friends" size="xs">
          {t('testDevices.openFriends')}
        </Anchor>
      </Text>
    </Stack>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
