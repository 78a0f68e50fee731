import { SecuritySettingsInput } from '@kairan/core/schemas'
import { useTranslation } from '@kairan/i18n'
import { PageHeader } from '@kairan/ui'
import { Alert, Button, Card, Group, NumberInput, Stack, Switch } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { useEffect } from 'react'
import {
  actionResponse,
  jsonAction,
  requireSignedIn,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import { useActionMessage, useZodForm } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — セキュリティ設定 / Security' }]

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireSignedIn(context, request)
  return staffCaller(context).security.getSettings().catch(throwAsResponse)
}

export async function action(args: ActionFunctionArgs) {
  return actionResponse(
    await jsonAction(args, (caller, input) => caller.security.updateSettings(input as never)),
  )
}

export default function SecuritySettings() {
  const settings = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const result = useActionData<typeof action>()
  const message = useActionMessage(result)
  const submit = useSubmit()
  const navigation = useNavigation()
  const { form, field } = useZodForm(SecuritySettingsInput, { initialValues: settings, serverResult: result })
  useEffect(() => {
    if (result?.ok) notifications.show({ color: 'green', message: t('common.saved') })
  }, [result, t])
  return (
    <>
      <PageHeader title={t('security.title')} description={t('security.description')} />
      <Card withBorder maw={640}>
        <form
          noValidate
          onSubmit={form.onSubmit((values) =>
            submit(values as never, { method: 'post', encType: 'application/json' }),
          )}
        >
          <Stack>
            {message ? (
              <Alert color="red" role="alert">
                {message}
              </Alert>
            ) : null}
            <Switch
              label={t('security.requireTwoFactor')}
              description={t('security.requireTwoFactorHelp')}
              {...field('requireTwoFactor', { type: 'checkbox' })}
            />
            <NumberInput
              label={t('security.retention')}
              description={t('security.retentionHelp')}
              min={30}
              max={3650}
              suffix={t('security.days')}
              {...field('accessLogRetentionDays')}
              w={240}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={navigation.state !== 'idle'}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
