import { SaveAllowlistInput } from '@kairan/core/schemas'
import { useTranslation } from '@kairan/i18n'
import { ConfirmModal, PageHeader } from '@kairan/ui'
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Code,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react'
import { useEffect } from 'react'
import {
  actionResponse,
  jsonAction,
  requireSignedIn,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import { isActionError } from '~/lib/action-result.ts'
import { useActionMessage, useZodForm } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — 接続元IP制限 / IP allow-list' }]

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireSignedIn(context, request)
  return staffCaller(context).security.getAllowlist().catch(throwAsResponse)
}

export async function action(args: ActionFunctionArgs) {
  return actionResponse(
    await jsonAction(args, (caller, input) => caller.security.saveAllowlist(input as never)),
  )
}

export default function IpAllowlist() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const result = useActionData<typeof action>()
  const submit = useSubmit()
  const navigation = useNavigation()
  const needsConfirm = isActionError(result) && result.key === 'errors.self_lockout'
  const message = useActionMessage(needsConfirm ? undefined : result)
  const { form, field } = useZodForm(SaveAllowlistInput, {
    initialValues: {
      entries: data.entries.map((e) => ({ cidr: e.cidr, label: e.label })),
      confirmSelfLockout: false,
    },
    serverResult: result,
  })
  const save = (confirmSelfLockout: boolean) =>
    submit({ entries: form.getValues().entries, confirmSelfLockout } as never, {
      method: 'post',
      encType: 'application/json',
    })
  // biome-ignore lint/correctness/useExhaustiveDependencies: after each save only.
  useEffect(() => {
    if (result?.ok) {
      notifications.show({ color: 'green', message: t('ipAllowlist.saved') })
      // The server normalised the entries (e.g. 203.0.113.5/24 → 203.0.113.0/24): show them as saved.
      form.setValues({
        entries: data.entries.map((e) => ({ cidr: e.cidr, label: e.label })),
        confirmSelfLockout: false,
      })
      form.resetDirty()
    }
  }, [result])
  const entries = form.getValues().entries ?? []
  const currentIp = data.currentIp

  return (
    <>
      <PageHeader title={t('ipAllowlist.title')} description={t('ipAllowlist.description')} />
      <Stack maw={840}>
        <Alert icon={<IconInfoCircle size={18} />} color={data.isCurrentIpAllowed ? 'blue' : 'red'}>
          {t('ipAllowlist.yourAddress')} <Code>{data.currentIp ?? '?'}</Code>
          {data.entries.length === 0 ? ` — ${t('ipAllowlist.noRestriction')}` : null}
        </Alert>
        <Card withBorder>
          <form noValidate onSubmit={form.onSubmit(() => save(false))}>
            <Stack>
              {message ? (
                <Alert color="red" role="alert">
                  {message}
                </Alert>
              ) : null}
              {entries.length === 0 ? (
                <Text c="dimmed" size="sm" data-testid="allowlist-empty">
                  {t('ipAllowlist.emptyText')}
                </Text>
              ) : (
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('ipAllowlist.cidr')}</Table.Th>
                      <Table.Th>{t('ipAllowlist.label')}</Table.Th>
                      <Table.Th w={60}>
                        <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {entries.map((_, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved.
                      <Table.Tr key={i}>
                        <Table.Td>
                          <TextInput
                            aria-label={`${t('ipAllowlist.cidr')} ${i + 1}`}
                            placeholder="203.0.113.0/24"
                            {...field(`entries.${i}.cidr`)}
                          />
                        </Table.Td>
                        <Table.Td>
                          <TextInput
                            aria-label={`${t('ipAllowlist.label')} ${i + 1}`}
                            placeholder={t('ipAllowlist.labelPlaceholder')}
                            {...field(`entries.${i}.label`)}
                          />
                        </Table.Td>
                        <Table.Td>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={t('ipAllowlist.remove', { n: i + 1 })}
                            onClick={() => form.removeListItem('entries', i)}
                          >
                            <IconTrash size={18} />
                          </ActionIcon>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
              <Group justify="space-between">
                <Group>
                  <Button
                    variant="default"
                    leftSection={<IconPlus size={16} />}
                    onClick={() => form.insertListItem('entries', { cidr: '', label: '' })}
                  >
                    {t('ipAllowlist.addRow')}
                  </Button>
                  {currentIp ? (
                    <Button
                      variant="subtle"
                      onClick={() =>
                        form.insertListItem('entries', {
                          cidr: currentIp,
                          label: t('ipAllowlist.thisComputer'),
                        })
                      }
                    >
                      {t('ipAllowlist.addMine')}
                    </Button>
                  ) : null}
                </Group>
                <Button type="submit" loading={navigation.state !== 'idle'} disabled={!form.isDirty()}>
                  {t('common.save')}
                </Button>
              </Group>
              <Text size="xs" c="dimmed">
                {t('ipAllowlist.help')}
              </Text>
            </Stack>
          </form>
        </Card>
      </Stack>
      <ConfirmModal
        opened={needsConfirm && navigation.state === 'idle'}
        onClose={() => submit(null, { method: 'get', replace: true })}
        onConfirm={() => save(true)}
        title={t('ipAllowlist.lockoutTitle')}
        message={t('ipAllowlist.lockoutText', { ip: data.currentIp ?? '?' })}
        confirmLabel={t('ipAllowlist.lockoutConfirm')}
        isDanger
        isLoading={navigation.state !== 'idle'}
      />
    </>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
