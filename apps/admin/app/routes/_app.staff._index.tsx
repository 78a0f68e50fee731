import { useTranslation } from '@kairan/i18n'
import { EmptyState, PageHeader } from '@kairan/ui'
import { Badge, Button, Card, Group, Switch, Table, Text, TextInput } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation, useSearchParams, useSubmit } from '@remix-run/react'
import { IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react'
import { requireSignedIn, staffCaller, throwAsResponse } from '~/.server/staff.server.ts'
import { permissionKey } from '~/components/permission-fields.tsx'

export const meta: MetaFunction = () => [{ title: 'Kairan — 職員管理 / Staff' }]

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireSignedIn(context, request)
  const url = new URL(request.url)
  const query = url.searchParams.get('q') ?? ''
  const includeDisabled = url.searchParams.get('disabled') !== 'hide'
  const staff = await staffCaller(context)
    .staff.list({ query: query || undefined, includeDisabled })
    .catch(throwAsResponse)
  return { staff, query, includeDisabled }
}

export default function StaffList() {
  const { staff, query, includeDisabled } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const submit = useSubmit()
  const navigation = useNavigation()
  const [params] = useSearchParams()
  return (
    <>
      <PageHeader
        title={t('staff.title')}
        description={t('staff.description')}
        actions={
          <Button component={Link} to="/staff/new" leftSection={<IconUserPlus size={18} />}>
            {t('staff.add')}
          </Button>
        }
      />
      <Card withBorder>
        <Form method="get" onChange={(e) => submit(e.currentTarget, { replace: true })}>
          <Group mb="md" align="flex-end">
            <TextInput
              name="q"
              defaultValue={query}
              label={t('common.search')}
              placeholder={t('staff.searchPlaceholder')}
              leftSection={<IconSearch size={16} />}
              w={320}
            />
            <Switch
              name="disabled"
              value="hide"
              defaultChecked={!includeDisabled}
              label={t('staff.hideDisabled')}
              mb={8}
            />
          </Group>
        </Form>
        {staff.length === 0 ? (
          <EmptyState
            icon={<IconUsers size={32} />}
            title={params.get('q') ? t('common.noResults') : t('staff.emptyTitle')}
            description={params.get('q') ? t('staff.emptySearch') : t('staff.emptyText')}
          />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover aria-busy={navigation.state === 'loading'}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('staff.name')}</Table.Th>
                  <Table.Th>{t('staff.email')}</Table.Th>
                  <Table.Th>{t('staff.role')}</Table.Th>
                  <Table.Th>{t('staff.permissions')}</Table.Th>
                  <Table.Th>{t('staff.twoFactor')}</Table.Th>
                  <Table.Th>{t('common.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {staff.map((s) => (
                  <Table.Tr key={s.membershipId}>
                    <Table.Td>
                      <Text component={Link} to={`/staff/${s.membershipId}`} c="blue.8" fw={500}>
                        {s.displayName}
                      </Text>
                    </Table.Td>
                    <Table.Td>{s.email}</Table.Td>
                    <Table.Td>
                      {t(s.role === 'tenant_admin' ? 'staff.roleAdmin' : 'staff.roleStaff')}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {s.role === 'tenant_admin' ? (
                          <Text size="sm" c="dimmed">
                            {t('staff.all')}
                          </Text>
                        ) : s.permissions.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            {t('staff.none')}
                          </Text>
                        ) : (
                          s.permissions.map((p) => (
                            <Badge key={p} variant="light" size="sm">
                              {t(permissionKey(p))}
                            </Badge>
                          ))
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{s.hasTwoFactor ? t('common.enabled') : t('staff.notSet')}</Table.Td>
                    <Table.Td>
                      {s.disabledAt ? (
                        <Badge color="gray">{t('staff.disabled')}</Badge>
                      ) : (
                        <Badge color="green" variant="light">
                          {t('staff.active')}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Text size="sm" c="dimmed" mt="sm">
          {t('staff.count', { count: staff.length })}
        </Text>
      </Card>
    </>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
