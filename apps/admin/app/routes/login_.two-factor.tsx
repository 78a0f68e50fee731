import { beginTotpSetup, confirmTotpSetup, verifyTwoFactor } from '@kairan/core'
import { TotpCodeInput } from '@kairan/core/schemas'
import { useTranslation } from '@kairan/i18n'
import { Alert, Anchor, Button, Center, Paper, PinInput, Stack, Text, Title } from '@mantine/core'
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { IconAlertCircle, IconShieldLock } from '@tabler/icons-react'
import { useState } from 'react'
import { safeRedirectPath } from '~/.server/i18n.server.ts'
import { actionResponse, toActionError } from '~/.server/staff.server.ts'
import { withQrCode } from '~/.server/totp.server.ts'
import { TotpQr } from '~/components/totp-qr.tsx'
import { useActionMessage } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — 2段階認証 / Two-step sign-in' }]

export async function loader({ context }: LoaderFunctionArgs) {
  const { auth } = context
  if (auth.status === 'ok') throw redirect('/')
  if (auth.status !== 'two_factor') throw redirect('/login')
  if (auth.step === 'verify') return { step: 'verify' as const, setup: null }
  return { step: 'setup' as const, setup: await withQrCode(beginTotpSetup(context.secrets, auth.email)) }
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData()
  const common = {
    db: context.db,
    secrets: context.secrets,
    request: { ip: context.clientIp, userAgent: context.userAgent },
    token: context.sessionToken ?? '',
  }
  try {
    if (form.get('intent') === 'setup') {
      await confirmTotpSetup({
        ...common,
        input: { code: form.get('code'), pendingSecret: form.get('pendingSecret') },
      })
    } else {
      await verifyTwoFactor({ ...common, input: { code: form.get('code') } })
    }
    return redirect(safeRedirectPath(new URL(request.url).searchParams.get('redirectTo')))
  } catch (error) {
    return actionResponse(toActionError(error))
  }
}

export default function TwoFactor() {
  const { t } = useTranslation()
  const { step, setup } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const message = useActionMessage(result)
  const navigation = useNavigation()
  const [params] = useSearchParams()
  const [code, setCode] = useState('')
  const [clientError, setClientError] = useState<string | null>(null)
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={460}>
        <Form
          method="post"
          action={`/login/two-factor?${params.toString()}`}
          onSubmit={(event) => {
            const parsed = TotpCodeInput.safeParse({ code })
            setClientError(parsed.success ? null : t('errors.invalid_totp'))
            if (!parsed.success) event.preventDefault()
          }}
        >
          <Stack>
            <Title order={1} size="h3">
              <IconShieldLock size={22} style={{ verticalAlign: 'middle', marginRight: 6 }} aria-hidden />
              {t(step === 'setup' ? 'auth.twoFactorSetupTitle' : 'auth.twoFactorTitle')}
            </Title>
            {setup ? (
              <>
                <TotpQr qr={setup.qr} secret={setup.secret} help={t('auth.twoFactorSetupHelp')} />
                <input type="hidden" name="pendingSecret" value={setup.pendingSecret} />
                <input type="hidden" name="intent" value="setup" />
              </>
            ) : (
              <Text size="sm">{t('auth.twoFactorHelp')}</Text>
            )}
            {message || clientError ? (
              <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
                {clientError ?? message}
              </Alert>
            ) : null}
            <Text component="label" htmlFor="totp-code" size="sm" fw={500}>
              {t('auth.code')}
            </Text>
            <PinInput
              id="totp-code"
              length={6}
              type="number"
              oneTimeCode
              value={code}
              onChange={setCode}
              getInputProps={(index) => ({ 'aria-label': t('auth.codeDigit', { n: index + 1 }) })}
              autoFocus
            />
            <input type="hidden" name="code" value={code} />
            <Button type="submit" loading={navigation.state !== 'idle'}>
              {t('auth.verify')}
            </Button>
          </Stack>
        </Form>
        <Form method="post" action="/logout">
          <Anchor component="button" type="submit" size="sm" mt="md">
            {t('auth.cancelSignIn')}
          </Anchor>
        </Form>
      </Paper>
    </Center>
  )
}
