import type { Role } from '@kairan/core/permissions'
import { CreateStaffInput } from '@kairan/core/schemas'
import { useTranslation } from '@kairan/i18n'
import { PageHeader } from '@kairan/ui'
import { Alert, Button, Card, Group, PasswordInput, Stack, TextInput } from '@mantine/core'
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { Link, useActionData, useNavigation, useSubmit } from '@remix-run/react'
import { actionResponse, jsonAction, requirePagePermission, requireSignedIn } from '~/.server/staff.server.ts'
import { RoleAndPermissions } from '~/components/permission-fields.tsx'
import { useActionMessage, useZodForm } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — 職員の追加 / Add staff' }]

export function loader({ context, request }: LoaderFunctionArgs) {
  requirePagePermission(requireSignedIn(context, request), 'staff.manage')
  return null
}

export async function action(args: ActionFunctionArgs) {
  const result = await jsonAction(args, (caller, input) => caller.staff.create(input as never))
  if (!result.ok) return actionResponse(result)
  return redirect(
    `/staff/${result.data.membershipId}?created=${result.data.isExistingAccount ? 'linked' : 'new'}`,
  )
}

export default function NewStaff() {
  const { t } = useTranslation()
  const result = useActionData<typeof action>()
  const message = useActionMessage(result)
  const submit = useSubmit()
  const navigation = useNavigation()
  const { form, field } = useZodForm(CreateStaffInput, {
    initialValues: { email: '', displayName: '', role: 'staff' as Role, permissions: [], password: '' },
    serverResult: result,
  })
  return (
    <>
      <PageHeader title={t('staff.addTitle')} description={t('staff.addDescription')} />
      <Card withBorder maw={640}>
        <form
          noValidate
          onSubmit={form.onSubmit((values) =>
            submit(values, { method: 'post', encType: 'application/json' }),
          )}
        >
          <Stack>
            {message ? (
              <Alert color="red" role="alert">
                {message}
              </Alert>
            ) : null}
            <TextInput label={t('staff.name')} required {...field('displayName')} />
            <TextInput label={t('staff.email')} type="email" required {...field('email')} />
            <PasswordInput
              label={t('staff.initialPassword')}
              description={t('staff.initialPasswordHelp')}
              autoComplete="new-password"
              required
              {...field('password')}
            />
            <RoleAndPermissions
              role={form.values.role as Role}
              permissions={form.values.permissions ?? []}
              onRoleChange={(role) => form.setFieldValue('role', role)}
              onPermissionsChange={(p) => form.setFieldValue('permissions', p as never)}
            />
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/staff">
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={navigation.state !== 'idle'}>
                {t('staff.addSubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
