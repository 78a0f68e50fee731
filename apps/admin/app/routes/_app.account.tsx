import { ChangePasswordInput } from '@kairan/core/schemas'
import { useTranslation } from '@kairan/i18n'
import { PageHeader } from '@kairan/ui'
import { Alert, Badge, Button, Card, Group, PasswordInput, PinInput, Stack, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useFetcher, useLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { actionResponse, requireSignedIn, runAction, staffCaller } from '~/.server/staff.server.ts'
import { withQrCode } from '~/.server/totp.server.ts'
import { TotpQr } from '~/components/totp-qr.tsx'
import { isActionError } from '~/lib/action-result.ts'
import { ERROR_PARAMS, useActionMessage, useZodForm } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — アカウント設定 / Account' }]

export function loader({ context, request }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  return {
    email: auth.user.email,
    displayName: auth.user.displayName,
    hasTwoFactor: auth.user.hasTwoFactor,
    isTwoFactorRequired: auth.tenant.requireTwoFactor,
  }
}

export async function action({ context, request }: ActionFunctionArgs) {
  requireSignedIn(context, request)
  const caller = staffCaller(context)
  const body = (await request.json()) as { intent: string } & Record<string, unknown>
  const result = await runAction(async () => {
    switch (body.intent) {
      case 'changePassword':
        return caller.me.changePassword(body.values as never)
      case 'beginTotp':
        return withQrCode(await caller.me.beginTotpSetup())
      case 'confirmTotp':
        return caller.me.confirmTotpSetup({
          code: String(body.code ?? ''),
          pendingSecret: String(body.pendingSecret ?? ''),
        })
      case 'disableTotp':
        return caller.me.disableTotp({ password: String(body.password ?? '') })
      default:
        throw new Response(null, { status: 400 })
    }
  })
  return actionResponse({ ...result, intent: body.intent })
}

export default function Account() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('account.title')} description={`${data.displayName}（${data.email}）`} />
      <Stack maw={640}>
        <PasswordCard />
        <TwoFactorCard hasTwoFactor={data.hasTwoFactor} isRequired={data.isTwoFactorRequired} />
      </Stack>
    </>
  )
}

function PasswordCard() {
  const { t } = useTranslation()
  const fetcher = useFetcher<typeof action>()
  const message = useActionMessage(fetcher.data)
  const { form, field } = useZodForm(ChangePasswordInput, {
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    serverResult: fetcher.data,
  })
  // biome-ignore lint/correctness/useExhaustiveDependencies: after each submission only.
  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data?.ok) {
      notifications.show({ color: 'green', message: t('account.passwordChanged') })
      form.reset()
    }
  }, [fetcher.state, fetcher.data])
  return (
    <Card withBorder>
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          fetcher.submit({ intent: 'changePassword', values } as never, {
            method: 'post',
            encType: 'application/json',
          }),
        )}
      >
        <Stack>
          <Title order={2} size="h4">
            {t('account.passwordTitle')}
          </Title>
          {message ? <Alert color="red">{message}</Alert> : null}
          <PasswordInput
            label={t('account.currentPassword')}
            autoComplete="current-password"
            required
            {...field('currentPassword')}
          />
          <PasswordInput
            label={t('account.newPassword')}
            description={t('errors.password_too_short', ERROR_PARAMS)}
            autoComplete="new-password"
            required
            {...field('newPassword')}
          />
          <PasswordInput
            label={t('account.confirmPassword')}
            autoComplete="new-password"
            required
            {...field('confirmPassword')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={fetcher.state !== 'idle'}>
              {t('account.changePassword')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}

type Setup = { secret: string; pendingSecret: string; qr: string }

function TwoFactorCard({ hasTwoFactor, isRequired }: { hasTwoFactor: boolean; isRequired: boolean }) {
  const { t } = useTranslation()
  const fetcher = useFetcher<typeof action>()
  const [setup, setSetup] = useState<Setup | null>(null)
  const [code, setCode] = useState('')
  const [password, setPassword] = useState('')
  const post = (body: Record<string, unknown>) =>
    fetcher.submit(body as never, { method: 'post', encType: 'application/json' })
  // biome-ignore lint/correctness/useExhaustiveDependencies: after each submission only.
  useEffect(() => {
    const last = fetcher.data
    if (fetcher.state !== 'idle' || !last) return
    if (isActionError(last)) {
      notifications.show({ color: 'red', message: t(last.key, { ...ERROR_PARAMS, ...last.params }) })
      return
    }
    if (last.intent === 'beginTotp') setSetup(last.data as Setup)
    if (last.intent === 'confirmTotp') {
      setSetup(null)
      notifications.show({ color: 'green', message: t('account.twoFactorEnabled') })
    }
    if (last.intent === 'disableTotp')
      notifications.show({ color: 'green', message: t('account.twoFactorDisabled') })
    setCode('')
    setPassword('')
  }, [fetcher.state, fetcher.data])

  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('account.twoFactorTitle')}
          </Title>
          <Badge color={hasTwoFactor ? 'green' : 'gray'}>
            {hasTwoFactor ? t('common.enabled') : t('common.disabled')}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t('account.twoFactorHelp')}
        </Text>
        {hasTwoFactor ? (
          isRequired ? (
            <Text size="sm">{t('account.twoFactorRequired')}</Text>
          ) : (
            <Group align="flex-end">
              <PasswordInput
                label={t('account.currentPassword')}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                w={240}
              />
              <Button
                color="red"
                variant="light"
                loading={fetcher.state !== 'idle'}
                onClick={() => post({ intent: 'disableTotp', password })}
              >
                {t('account.disableTwoFactor')}
              </Button>
            </Group>
          )
        ) : setup ? (
          <Stack>
            <TotpQr qr={setup.qr} secret={setup.secret} help={t('account.twoFactorSetupHelp')} />
            <PinInput
              length={6}
              type="number"
              oneTimeCode
              value={code}
              onChange={setCode}
              getInputProps={(index) => ({ 'aria-label': t('auth.codeDigit', { n: index + 1 }) })}
            />
            <Group>
              <Button
                loading={fetcher.state !== 'idle'}
                disabled={code.length !== 6}
                onClick={() => post({ intent: 'confirmTotp', code, pendingSecret: setup.pendingSecret })}
              >
                {t('auth.verify')}
              </Button>
              <Button variant="default" onClick={() => setSetup(null)}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Group>
            <Button loading={fetcher.state !== 'idle'} onClick={() => post({ intent: 'beginTotp' })}>
              {t('account.enableTwoFactor')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
