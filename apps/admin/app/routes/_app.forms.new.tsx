import { useTranslation } from '@kairan/i18n'
import { PageHeader } from '@kairan/ui'
import { Alert, Anchor, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { IconArrowLeft, IconForms } from '@tabler/icons-react'
import { useState } from 'react'
import {
  actionResponse,
  requirePagePermission,
  requireSignedIn,
  runAction,
  staffCaller,
} from '~/.server/staff.server.ts'
import type { ActionError } from '~/lib/action-result.ts'
import { useActionMessage } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — フォームを作成 / New form' }]

const TITLE_MAX = 200

export function loader({ context, request }: LoaderFunctionArgs) {
  requirePagePermission(requireSignedIn(context, request), 'forms.manage')
  return null
}

/** Creates the form (a draft with one empty section) and opens it in the builder. */
export async function action({ context, request }: ActionFunctionArgs) {
  requireSignedIn(context, request)
  const data = await request.formData()
  const title = String(data.get('title') ?? '').trim()
  if (title === '') {
    return actionResponse({
      ok: false,
      status: 400,
      key: 'errors.invalid_input',
      fields: { title: 'errors.required' },
    })
  }
  const result = await runAction(() =>
    staffCaller(context).forms.create({ title: title.slice(0, TITLE_MAX) }),
  )
  if (result.ok) throw redirect(`/forms/${result.data.id}`)
  return actionResponse(result)
}

export default function NewForm() {
  const { t } = useTranslation()
  const result = useActionData<ActionError>()
  const navigation = useNavigation()
  const message = useActionMessage(result && !result.fields?.title ? result : null)
  const [title, setTitle] = useState('')
  const titleError = result?.fields?.title ? t(result.fields.title) : undefined
  return (
    <>
      <Anchor component={Link} to="/forms" size="sm" mb="xs" display="inline-block">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} />
          {t('forms.layout.backToList')}
        </Group>
      </Anchor>
      <PageHeader title={t('forms.new.title')} description={t('forms.new.description')} />
      <Card withBorder maw={640}>
        <Form method="post">
          <Stack gap="md">
            {message ? (
              <Alert color="red" role="alert">
                {message}
              </Alert>
            ) : null}
            <TextInput
              name="title"
              label={t('forms.new.name')}
              description={t('forms.new.nameHelp')}
              placeholder={t('forms.new.namePlaceholder')}
              required
              maxLength={TITLE_MAX}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={titleError}
              autoFocus
              data-testid="new-form-title"
            />
            <Text size="xs" c="dimmed">
              {t('forms.new.next')}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/forms">
                {t('common.cancel')}
              </Button>
              <Button
                type="submit"
                leftSection={<IconForms size={16} />}
                disabled={title.trim() === ''}
                loading={navigation.state !== 'idle' && navigation.formMethod === 'POST'}
                data-testid="create-form"
              >
                {t('forms.new.create')}
              </Button>
            </Group>
          </Stack>
        </Form>
      </Card>
    </>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
