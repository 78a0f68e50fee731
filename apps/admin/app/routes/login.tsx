import { signIn } from '@kairan/core'
import { SignInInput } from '@kairan/core/schemas'
import { useTranslation } from '@kairan/i18n'
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core'
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { useActionData, useNavigation, useSearchParams, useSubmit } from '@remix-run/react'
import { IconAlertCircle } from '@tabler/icons-react'
import { readCookie, safeRedirectPath } from '~/.server/i18n.server.ts'
import { actionResponse, LAST_TENANT_COOKIE, sessionCookie, toActionError } from '~/.server/staff.server.ts'
import { LanguageSwitch } from '~/components/language-switch.tsx'
import { useActionMessage, useZodForm } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — ログイン / Sign in' }]

export function loader({ context, request }: LoaderFunctionArgs) {
  if (context.auth.status === 'ok') {
    throw redirect(safeRedirectPath(new URL(request.url).searchParams.get('redirectTo')))
  }
  if (context.auth.status === 'two_factor') throw redirect('/login/two-factor')
  return null
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData()
  const redirectTo = safeRedirectPath(form.get('redirectTo'))
  try {
    const result = await signIn({
      db: context.db,
      request: { ip: context.clientIp, userAgent: context.userAgent },
      input: { email: form.get('email'), password: form.get('password') },
      preferredTenantId: readCookie(request.headers.get('Cookie'), LAST_TENANT_COOKIE) ?? null,
    })
    const next =
      result.twoFactor === 'none'
        ? redirectTo
        : `/login/two-factor?redirectTo=${encodeURIComponent(redirectTo)}`
    return redirect(next, { headers: { 'Set-Cookie': sessionCookie(result.token, context) } })
  } catch (error) {
    return actionResponse(toActionError(error))
  }
}

export default function Login() {
  const { t } = useTranslation()
  const result = useActionData<typeof action>()
  const message = useActionMessage(result)
  const [params] = useSearchParams()
  const submit = useSubmit()
  const navigation = useNavigation()
  const { form, field } = useZodForm(SignInInput, {
    initialValues: { email: '', password: '' },
    serverResult: result,
  })
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Stack w="100%" maw={420} gap="lg">
        <Stack gap={2} align="center">
          <Title order={1} size="h2">
            {t('app.name')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('app.tagline')}
          </Text>
        </Stack>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <form
            method="post"
            noValidate
            onSubmit={form.onSubmit((values) =>
              submit({ ...values, redirectTo: params.get('redirectTo') ?? '/' }, { method: 'post' }),
            )}
          >
            <Stack>
              <Title order={2} size="h4">
                {t('auth.signInTitle')}
              </Title>
              {message ? (
                <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
                  {message}
                </Alert>
              ) : null}
              <TextInput
                label={t('auth.email')}
                type="email"
                autoComplete="username"
                required
                {...field('email')}
                name="email"
              />
              <PasswordInput
                label={t('auth.password')}
                autoComplete="current-password"
                required
                {...field('password')}
                name="password"
              />
              <Button type="submit" loading={navigation.state !== 'idle'} fullWidth>
                {t('auth.signIn')}
              </Button>
              <Text size="xs" c="dimmed">
                {t('auth.forgotPassword')}
              </Text>
            </Stack>
          </form>
        </Paper>
        <Center>
          <LanguageSwitch />
        </Center>
      </Stack>
    </Center>
  )
}
