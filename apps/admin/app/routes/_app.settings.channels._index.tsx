import { useTranslation } from '@kairan/i18n'
import { EmptyState, EnvironmentBadge, PageHeader } from '@kairan/ui'
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { IconBrandLine, IconChevronRight } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { requireSignedIn, staffCaller, throwAsResponse } from '~/.server/staff.server.ts'
import { formatDateTime } from '~/lib/friends.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — LINEチャネル設定 / LINE channels' }]

export async function loader({ context, request }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  const canManage = auth.actor.permissions.includes('channels.manage')
  const canManageDevices = auth.actor.permissions.includes('test_devices.manage')
  if (!canManage && !canManageDevices) throw new Response(null, { status: 403 })
  const caller = staffCaller(context)
  const [settings, devices] = await Promise.all([
    canManage ? caller.channels.list() : null,
    canManageDevices
      ? Promise.all(auth.channels.map((c) => caller.channels.testDevices({ channelId: c.id })))
      : null,
  ]).catch(throwAsResponse)
  return {
    currentChannelId: auth.channel?.id ?? null,
    channels: auth.channels.map((channel, i) => {
      const s = settings?.find((row) => row.id === channel.id)
      return {
        ...channel,
        // What this page shows: never the hints of the secret or the token.
        settings: s
          ? {
              isConfigured: s.isConfigured,
              lineChannelId: s.lineChannelId,
              liffId: s.liffId,
              apiBaseUrl: s.apiBaseUrl,
              botUserId: s.botUserId,
              credentialsUpdatedAt: s.credentialsUpdatedAt,
            }
          : null,
        testDeviceCount: devices ? (devices[i]?.length ?? 0) : null,
      }
    }),
  }
}

export default function Channels() {
  const { channels, currentChannelId } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  return (
    <>
      <PageHeader title={t('channels.title')} description={t('channels.description')} />
      {channels.length === 0 ? (
        <Card withBorder>
          <EmptyState
            icon={<IconBrandLine size={32} />}
            title={t('channels.emptyTitle')}
            description={t('channels.emptyText')}
          />
        </Card>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} maw={1100}>
          {channels.map((channel) => (
            <Card withBorder key={channel.id} data-channel-id={channel.id}>
              <Stack gap="sm" h="100%">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={4} style={{ minWidth: 0 }}>
                    <Group gap="xs">
                      <EnvironmentBadge kind={channel.kind} />
                      {channel.id === currentChannelId ? (
                        <Badge variant="outline" color="gray" size="sm">
                          {t('channels.current')}
                        </Badge>
                      ) : null}
                    </Group>
                    <Title order={2} size="h4">
                      {channel.name}
                    </Title>
                  </Stack>
                  {channel.settings ? (
                    <Badge color={channel.settings.isConfigured ? 'green' : 'yellow'} variant="light">
                      {t(channel.settings.isConfigured ? 'channels.configured' : 'channels.notConfigured')}
                    </Badge>
                  ) : null}
                </Group>
                <Stack gap={6} component="dl" m={0}>
                  {channel.settings ? (
                    <>
                      <Row label={t('channels.lineChannelId')}>{channel.settings.lineChannelId ?? '—'}</Row>
                      <Row label={t('channels.liffId')}>{channel.settings.liffId ?? '—'}</Row>
                      <Row label={t('channels.connectsTo')}>
                        {channel.settings.apiBaseUrl ? (
                          <Text span size="sm" c="orange.8">
                            {t('channels.emulatorAt', { url: channel.settings.apiBaseUrl })}
                          </Text>
                        ) : (
                          t('channels.lineItself')
                        )}
                      </Row>
                      <Row label={t('channels.lastUpdated')}>
                        {channel.settings.credentialsUpdatedAt
                          ? formatDateTime(channel.settings.credentialsUpdatedAt, i18n.language)
                          : '—'}
                      </Row>
                    </>
                  ) : null}
                  {channel.testDeviceCount !== null ? (
                    <Row label={t('testDevices.title')}>
                      {t('testDevices.count', { count: channel.testDeviceCount })}
                    </Row>
                  ) : null}
                </Stack>
                <Group justify="flex-end" mt="auto">
                  <Button
                    component={Link}
                    to={`/settings/channels/${channel.id}`}
                    variant="light"
                    rightSection={<IconChevronRight size={16} />}
                  >
                    {channel.settings ? t('channels.open') : t('channels.openTestDevices')}
                  </Button>
                </Group>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </>
  )
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap" align="baseline">
      <Text component="dt" size="sm" c="dimmed" w={150} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
