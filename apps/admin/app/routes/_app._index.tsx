import { useTranslation } from '@kairan/i18n'
import { EnvironmentBadge, PageHeader } from '@kairan/ui'
import { Alert, Anchor, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { IconListDetails, IconNetwork, IconShieldCheck, IconUsers } from '@tabler/icons-react'
import { requireSignedIn } from '~/.server/staff.server.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan' }]

export function loader({ context, request }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  return {
    displayName: auth.user.displayName,
    hasTwoFactor: auth.user.hasTwoFactor,
    tenantName: auth.tenant.name,
    channels: auth.channels,
    currentChannelId: auth.channel?.id ?? null,
    permissions: auth.actor.permissions,
    isAdmin: auth.actor.role === 'tenant_admin',
  }
}

const SHORTCUTS = [
  {
    to: '/staff',
    title: 'home.staffTitle',
    text: 'home.staffText',
    Icon: IconUsers,
    permission: 'staff.manage',
  },
  {
    to: '/settings/ip-allowlist',
    title: 'home.ipTitle',
    text: 'home.ipText',
    Icon: IconNetwork,
    permission: 'security.manage',
  },
  {
    to: '/settings/security',
    title: 'home.securityTitle',
    text: 'home.securityText',
    Icon: IconShieldCheck,
    permission: 'security.manage',
  },
  {
    to: '/access-log',
    title: 'home.logTitle',
    text: 'home.logText',
    Icon: IconListDetails,
    permission: 'audit.read',
  },
] as const

export default function Home() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const shortcuts = SHORTCUTS.filter((s) => data.permissions.includes(s.permission))
  return (
    <Stack gap="lg">
      <PageHeader
        title={t('home.title', { name: data.displayName })}
        description={t('home.description', { tenant: data.tenantName })}
      />
      {!data.hasTwoFactor ? (
        <Alert color="yellow" title={t('home.twoFactorTitle')}>
          {t('home.twoFactorText')}{' '}
          <Anchor component={Link} to="/account">
            {t('home.twoFactorLink')}
          </Anchor>
        </Alert>
      ) : null}
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('home.channelsTitle')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('home.channelsText')}
        </Text>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('home.channelName')}</Table.Th>
              <Table.Th>{t('home.channelKind')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.channels.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>
                  <EnvironmentBadge kind={c.kind} />
                </Table.Td>
                <Table.Td>
                  {c.id === data.currentChannelId ? <Text size="sm">{t('home.currentChannel')}</Text> : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      {shortcuts.length > 0 ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {shortcuts.map(({ to, title, text, Icon }) => (
            <Card key={to} withBorder component={Link} to={to} style={{ textDecoration: 'none' }}>
              <Group gap="sm" mb={4}>
                <Icon size={20} />
                <Text fw={600}>{t(title)}</Text>
              </Group>
              <Text size="sm" c="dimmed">
                {t(text)}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      ) : (
        <Text c="dimmed">{t('home.noShortcuts')}</Text>
      )}
    </Stack>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
