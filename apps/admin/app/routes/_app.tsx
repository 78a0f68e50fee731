import type { Permission } from '@kairan/core'
import { useTranslation } from '@kairan/i18n'
import { EnvironmentBadge } from '@kairan/ui'
import { AppShell, Box, Burger, Group, NavLink, Select, Stack, Text, UnstyledButton } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, Outlet, useFetcher, useLoaderData, useLocation } from '@remix-run/react'
import {
  IconAddressBook,
  IconBrandLine,
  IconFilter,
  IconForms,
  IconHome,
  IconListDetails,
  IconLogout,
  IconNetwork,
  IconSend,
  IconShieldCheck,
  IconTags,
  IconUserCircle,
  IconUserPlus,
  IconUsers,
} from '@tabler/icons-react'
import { requireSignedIn } from '~/.server/staff.server.ts'
import { LanguageSwitch } from '~/components/language-switch.tsx'

export function loader({ context, request }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  return {
    user: { displayName: auth.user.displayName, email: auth.user.email },
    tenant: { id: auth.tenant.id, name: auth.tenant.name },
    tenants: auth.tenants,
    channel: auth.channel,
    channels: auth.channels,
    permissions: auth.actor.permissions,
    role: auth.actor.role,
  }
}

/** `permission`: shown to those holding it (or any of them, for a list). */
type NavItem = {
  to: string
  label: string
  Icon: typeof IconHome
  permission?: Permission | readonly Permission[]
}

const NAV: NavItem[] = [
  { to: '/', label: 'nav.home', Icon: IconHome },
  { to: '/friends', label: 'nav.friends', Icon: IconAddressBook, permission: 'friends.read' },
  { to: '/forms', label: 'forms.nav', Icon: IconForms, permission: ['forms.manage', 'form_answers.read'] },
  { to: '/deliveries', label: 'deliveries.nav', Icon: IconSend, permission: 'deliveries.manage' },
  { to: '/segments', label: 'segments.nav.segments', Icon: IconFilter, permission: 'segments.manage' },
  { to: '/attributes', label: 'segments.nav.attributes', Icon: IconTags, permission: 'segments.manage' },
  {
    to: '/settings/onboarding',
    label: 'segments.nav.onboarding',
    Icon: IconUserPlus,
    permission: 'segments.manage',
  },
  { to: '/staff', label: 'nav.staff', Icon: IconUsers, permission: 'staff.manage' },
  {
    to: '/settings/channels',
    label: 'nav.channels',
    Icon: IconBrandLine,
    permission: ['channels.manage', 'test_devices.manage'],
  },
  {
    to: '/settings/ip-allowlist',
    label: 'nav.ipAllowlist',
    Icon: IconNetwork,
    permission: 'security.manage',
  },
  { to: '/settings/security', label: 'nav.security', Icon: IconShieldCheck, permission: 'security.manage' },
  { to: '/access-log', label: 'nav.accessLog', Icon: IconListDetails, permission: 'audit.read' },
  { to: '/account', label: 'nav.account', Icon: IconUserCircle },
]

export default function AppLayout() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const location = useLocation()
  const [opened, { toggle, close }] = useDisclosure()
  const channelFetcher = useFetcher()
  const tenantFetcher = useFetcher()
  const isStaging = data.channel?.kind === 'staging'
  const items = NAV.filter((item) => {
    if (!item.permission) return true
    const anyOf: readonly Permission[] =
      typeof item.permission === 'string' ? [item.permission] : item.permission
    return anyOf.some((p) => data.permissions.includes(p))
  })

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header
        bg={isStaging ? 'orange.6' : 'blue.8'}
        c="white"
        data-environment={data.channel?.kind ?? 'none'}
        style={{ borderBottom: 'none' }}
      >
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              color="white"
              aria-label={t('nav.menu')}
            />
            <Text component={Link} to="/" fw={700} size="lg" c="white" style={{ textDecoration: 'none' }}>
              {t('app.name')}
            </Text>
            {data.tenants.length > 1 ? (
              <Select
                aria-label={t('nav.tenant')}
                size="xs"
                w={180}
                value={data.tenant.id}
                allowDeselect={false}
                data={data.tenants.map((tn) => ({ value: tn.id, label: tn.name, disabled: !tn.isReachable }))}
                onChange={(tenantId) =>
                  tenantId &&
                  tenantFetcher.submit(
                    { intent: 'switchTenant', tenantId },
                    { method: 'post', action: '/switch' },
                  )
                }
              />
            ) : (
              <Text size="sm" fw={500} visibleFrom="xs">
                {data.tenant.name}
              </Text>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            {data.channel ? (
              <Group gap={6} wrap="nowrap">
                <EnvironmentBadge kind={data.channel.kind} variant="white" />
                <Select
                  aria-label={t('nav.channel')}
                  size="xs"
                  w={220}
                  visibleFrom="md"
                  value={data.channel.id}
                  allowDeselect={false}
                  data={data.channels.map((c) => ({
                    value: c.id,
                    label: `${c.name}（${t(c.kind === 'staging' ? 'common.staging' : 'common.production')}）`,
                  }))}
                  onChange={(channelId) =>
                    channelId &&
                    channelFetcher.submit(
                      { intent: 'switchChannel', channelId },
                      { method: 'post', action: '/switch' },
                    )
                  }
                />
              </Group>
            ) : null}
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm">
        <Stack justify="space-between" h="100%">
          <Box component="nav" aria-label={t('nav.main')}>
            {items.map((item) => {
              const isActive =
                item.to === '/' ? location.pathname === '/' : location.pathname.startsWith(item.to)
              return (
                <NavLink
                  key={item.to}
                  component={Link}
                  to={item.to}
                  label={t(item.label)}
                  leftSection={<item.Icon size={18} />}
                  active={isActive}
                  aria-current={isActive ? 'page' : undefined}
                  onClick={close}
                />
              )
            })}
          </Box>
          <Stack gap="xs">
            {isStaging ? (
              <Text size="xs" c="orange.8" fw={600}>
                {t('nav.stagingNotice')}
              </Text>
            ) : null}
            <LanguageSwitch />
            <Text size="xs" c="dimmed" truncate>
              {data.user.displayName}（{data.user.email}）
            </Text>
            <Form method="post" action="/logout">
              <UnstyledButton type="submit" w="100%">
                <Group gap={6} c="red.7">
                  <IconLogout size={16} />
                  <Text size="sm">{t('nav.signOut')}</Text>
                </Group>
              </UnstyledButton>
            </Form>
          </Stack>
        </Stack>
      </AppShell.Navbar>

      <AppShell.Main bg="gray.0">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  )
}
