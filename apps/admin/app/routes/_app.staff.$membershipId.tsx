import type { Role } from '@kairan/core/permissions'
import { PASSWORD_MIN_LENGTH, UpdateStaffInput } from '@kairan/core/schemas'
import { useTranslation } from '@kairan/i18n'
import { ConfirmModal, PageHeader } from '@kairan/ui'
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  Link,
  useActionData,
  useFetcher,
  useLoaderData,
  useNavigation,
  useSearchParams,
  useSubmit,
} from '@remix-run/react'
import { useEffect, useState } from 'react'
import {
  actionResponse,
  requireSignedIn,
  runAction,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import { RoleAndPermissions } from '~/components/permission-fields.tsx'
import { isActionError } from '~/lib/action-result.ts'
import { ERROR_PARAMS, useActionMessage, useZodForm } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — 職員の編集 / Edit staff' }]

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireSignedIn(context, request)
  const staff = await staffCaller(context)
    .staff.get({ membershipId: params.membershipId ?? '' })
    .catch(throwAsResponse)
  return { staff }
}

/** One action per intent: save, disable/enable, reset password, reset two-factor. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  requireSignedIn(context, request)
  const caller = staffCaller(context)
  const membershipId = params.membershipId ?? ''
  const body = (await request.json()) as { intent: string } & Record<string, unknown>
  const result = await runAction(async () => {
    switch (body.intent) {
      case 'update':
        return caller.staff.update({ ...(body.values as object), membershipId } as never)
      case 'disable':
      case 'enable':
        return caller.staff.setDisabled({ membershipId, isDisabled: body.intent === 'disable' })
      case 'resetPassword':
        return caller.staff.resetPassword({ membershipId, password: String(body.password ?? '') })
      case 'resetTwoFactor':
        return caller.staff.resetTwoFactor({ membershipId })
      default:
        throw new Response(null, { status: 400 })
    }
  })
  return actionResponse({ ...result, intent: body.intent })
}

export default function EditStaff() {
  const { staff } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const result = useActionData<typeof action>()
  const submit = useSubmit()
  const navigation = useNavigation()
  const [params] = useSearchParams()
  const updateResult = result?.intent === 'update' ? result : undefined
  const message = useActionMessage(updateResult)
  const { form, field } = useZodForm(UpdateStaffInput, {
    initialValues: {
      membershipId: staff.membershipId,
      displayName: staff.displayName,
      role: staff.role as Role,
      permissions: staff.permissions as never,
    },
    serverResult: updateResult,
  })
  useEffect(() => {
    if (updateResult?.ok) notifications.show({ color: 'green', message: t('common.saved') })
  }, [updateResult, t])

  return (
    <>
      <PageHeader
        title={staff.displayName}
        description={staff.email}
        actions={
          <Anchor component={Link} to="/staff">
            {t('staff.backToList')}
          </Anchor>
        }
      />
      <Stack maw={720}>
        {params.get('created') ? (
          <Alert color="green">
            {t(params.get('created') === 'linked' ? 'staff.createdLinked' : 'staff.createdNew')}
          </Alert>
        ) : null}
        {staff.disabledAt ? <Alert color="gray">{t('staff.disabledNotice')}</Alert> : null}
        <Card withBorder>
          <form
            noValidate
            onSubmit={form.onSubmit((values) =>
              submit({ intent: 'update', values }, { method: 'post', encType: 'application/json' }),
            )}
          >
            <Stack>
              <Title order={2} size="h4">
                {t('staff.profileTitle')}
              </Title>
              {message ? (
                <Alert color="red" role="alert">
                  {message}
                </Alert>
              ) : null}
              <TextInput
                label={t('staff.name')}
                required
                {...field('displayName')}
                disabled={!staff.canResetPassword}
                description={staff.canResetPassword ? undefined : t('staff.sharedAccountName')}
              />
              <RoleAndPermissions
                role={form.values.role as Role}
                permissions={(form.values.permissions as string[]) ?? []}
                onRoleChange={(role) => form.setFieldValue('role', role)}
                onPermissionsChange={(p) => form.setFieldValue('permissions', p as never)}
              />
              <Group justify="flex-end">
                <Button type="submit" loading={navigation.state !== 'idle' && navigation.json !== undefined}>
                  {t('common.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
        <AccountActions staff={staff} />
      </Stack>
    </>
  )
}

type StaffDetail = Awaited<ReturnType<typeof loader>>['staff']

function AccountActions({ staff }: { staff: StaffDetail }) {
  const { t } = useTranslation()
  const fetcher = useFetcher<typeof action>()
  const [confirm, setConfirm] = useState<null | 'disable' | 'resetTwoFactor'>(null)
  const [password, setPassword] = useState('')
  const [passwordError, setPasswordError] = useState<string | null>(null)
  const [resetOpened, resetHandlers] = useDisclosure(false)
  const post = (body: Record<string, unknown>) =>
    fetcher.submit(body as never, { method: 'post', encType: 'application/json' })
  const last = fetcher.data
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on purpose only when the listed values change.
  useEffect(() => {
    if (!last || fetcher.state !== 'idle') return
    if (last.ok) {
      notifications.show({ color: 'green', message: t(`staff.done.${last.intent}`) })
      setConfirm(null)
      resetHandlers.close()
      setPassword('')
    } else if (isActionError(last)) {
      notifications.show({ color: 'red', message: t(last.key, { ...ERROR_PARAMS, ...last.params }) })
      setConfirm(null)
    }
  }, [last, fetcher.state])
  const isBusy = fetcher.state !== 'idle'

  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          {t('staff.accountTitle')}
        </Title>
        <Group justify="space-between">
          <div>
            <Text fw={500}>{t('common.status')}</Text>
            {staff.disabledAt ? (
              <Badge color="gray">{t('staff.disabled')}</Badge>
            ) : (
              <Badge color="green">{t('staff.active')}</Badge>
            )}
          </div>
          {staff.disabledAt ? (
            <Button variant="light" onClick={() => post({ intent: 'enable' })} loading={isBusy}>
              {t('staff.enable')}
            </Button>
          ) : (
            <Button color="red" variant="light" disabled={staff.isSelf} onClick={() => setConfirm('disable')}>
              {t('staff.disable')}
            </Button>
          )}
        </Group>
        {staff.canResetPassword ? (
          <Group justify="space-between" align="flex-end">
            <div>
              <Text fw={500}>{t('staff.password')}</Text>
              <Text size="sm" c="dimmed">
                {t('staff.resetPasswordHelp')}
              </Text>
            </div>
            {resetOpened ? (
              <Group align="flex-end">
                <PasswordInput
                  label={t('staff.newPassword')}
                  autoComplete="new-password"
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  error={passwordError}
                  w={240}
                />
                <Button
                  loading={isBusy}
                  onClick={() => {
                    if (password.length < PASSWORD_MIN_LENGTH) {
                      setPasswordError(t('errors.password_too_short', ERROR_PARAMS))
                      return
                    }
                    setPasswordError(null)
                    post({ intent: 'resetPassword', password })
                  }}
                >
                  {t('staff.setPassword')}
                </Button>
              </Group>
            ) : (
              <Button variant="default" onClick={resetHandlers.open}>
                {t('staff.resetPassword')}
              </Button>
            )}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {t('staff.sharedAccountPassword')}
          </Text>
        )}
        <Group justify="space-between">
          <div>
            <Text fw={500}>{t('staff.twoFactor')}</Text>
            <Text size="sm" c="dimmed">
              {staff.hasTwoFactor ? t('staff.twoFactorOn') : t('staff.twoFactorOff')}
            </Text>
          </div>
          {staff.hasTwoFactor && staff.canResetPassword ? (
            <Button variant="default" onClick={() => setConfirm('resetTwoFactor')}>
              {t('staff.resetTwoFactor')}
            </Button>
          ) : null}
        </Group>
      </Stack>
      <ConfirmModal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        onConfirm={() => confirm && post({ intent: confirm })}
        title={t(confirm === 'resetTwoFactor' ? 'staff.resetTwoFactorTitle' : 'staff.disableTitle', {
          name: staff.displayName,
        })}
        message={t(confirm === 'resetTwoFactor' ? 'staff.resetTwoFactorText' : 'staff.disableText')}
        confirmLabel={t(confirm === 'resetTwoFactor' ? 'staff.resetTwoFactor' : 'staff.disable')}
        isDanger
        isLoading={isBusy}
      />
    </Card>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
