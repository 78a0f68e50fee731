import { FORM_LANGUAGES, type FormLanguage } from '@kairan/forms'
import { useTranslation } from '@kairan/i18n'
import { EmptyState, PageHeader } from '@kairan/ui'
import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useFetcher, useLoaderData } from '@remix-run/react'
import { IconAlertTriangle, IconBrandLine, IconDeviceFloppy } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import {
  actionResponse,
  requirePagePermission,
  requireSignedIn,
  runAction,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import { LanguageTabs } from '~/components/form-builder/language-tabs.tsx'
import { labelIn } from '~/components/segments/labels.ts'
import type { ActionError } from '~/lib/action-result.ts'
import { useActionMessage } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — 友だち追加時の案内 / Welcome & profile' }]

export async function loader({ context, request }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'segments.manage')
  const channel = auth.channel
  if (!channel) return { channel: null, settings: null, forms: [] }
  const caller = staffCaller(context)
  const [settings, forms] = await Promise.all([
    caller.onboarding.get({ channelId: channel.id }),
    // Only published forms can be answered from the greeting; staff without forms access see none.
    caller.forms.list({}).catch(() => []),
  ]).catch(throwAsResponse)
  return {
    channel: { id: channel.id, name: channel.name },
    settings: {
      profileFormId: settings.profileFormId,
      greetingEnabled: settings.greetingEnabled,
      greetingText: settings.greetingText,
      reminderEnabled: settings.reminderEnabled,
      reminderAfterDays: settings.reminderAfterDays,
      reminderText: settings.reminderText,
      confirmThreshold: settings.confirmThreshold,
      defaultGreetingText: settings.defaultGreetingText,
      defaultReminderText: settings.defaultReminderText,
    },
    forms: forms
      .filter((f) => f.currentVersion !== null && f.status !== 'archived')
      .map((f) => ({ id: f.id, title: f.title as Record<string, string>, status: f.status })),
  }
}

type Values = {
  profileFormId: string | null
  greetingEnabled: boolean
  greetingText: Record<string, string>
  reminderEnabled: boolean
  reminderAfterDays: number
  reminderText: Record<string, string>
  confirmThreshold: number
}

export type OnboardingResult = { ok: true } | ActionError

export async function action({ context, request }: ActionFunctionArgs) {
  const auth = requireSignedIn(context, request)
  const values = (await request.json()) as Values
  const result = await runAction(() =>
    staffCaller(context).onboarding.update({ channelId: auth.channel?.id ?? '', ...values }),
  )
  return actionResponse(result.ok ? { ok: true as const } : result)
}

/**
 * 友だち追加時の案内 (SEG-1, SEG-2, SEG-8) for the channel being operated: the profile form, the
 * greeting on follow and the one reminder (texts per language; empty ones use the standard text),
 * and the recipient count above which a delivery must be confirmed.
 */
export default function OnboardingPage() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  if (!data.channel || !data.settings) {
    return (
      <>
        <PageHeader title={t('segments.onboarding.title')} />
        <Card withBorder>
          <EmptyState
            icon={<IconBrandLine size={32} />}
            title={t('segments.noChannelTitle')}
            description={t('segments.noChannelText')}
          />
        </Card>
      </>
    )
  }
  return <OnboardingForm key={data.channel.id} {...data} settings={data.settings} />
}

type Data = Awaited<ReturnType<typeof loader>>

function OnboardingForm({
  settings,
  forms,
}: {
  settings: NonNullable<Data['settings']>
  forms: Data['forms']
}) {
  const { t, i18n } = useTranslation()
  const fetcher = useFetcher<OnboardingResult>()
  const initial: Values = {
    profileFormId: settings.profileFormId,
    greetingEnabled: settings.greetingEnabled,
    greetingText: settings.greetingText,
    reminderEnabled: settings.reminderEnabled,
    reminderAfterDays: settings.reminderAfterDays,
    reminderText: settings.reminderText,
    confirmThreshold: settings.confirmThreshold,
  }
  const [values, setValues] = useState<Values>(initial)
  const [language, setLanguage] = useState<FormLanguage>('ja')
  const result = fetcher.state === 'idle' ? fetcher.data : undefined
  const message = useActionMessage(result)
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per result.
  useEffect(() => {
    if (result?.ok) notifications.show({ color: 'green', message: t('segments.onboarding.saved') })
  }, [result])
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }))
  const setText = (key: 'greetingText' | 'reminderText', text: string) =>
    setValues((v) => {
      const next = { ...v[key] }
      if (text === '') delete next[language]
      else next[language] = text
      return { ...v, [key]: next }
    })
  // A language tab's badge: texts written in Japanese still missing in that language.
  const coverage = Object.fromEntries(
    FORM_LANGUAGES.map((lang) => [
      lang,
      (['greetingText', 'reminderText'] as const).filter(
        (key) => (values[key].ja ?? '').trim() !== '' && (values[key][lang] ?? '').trim() === '',
      ).length,
    ]),
  )
  const formData = [
    { value: '', label: t('segments.onboarding.profileFormNone') },
    ...forms.map((f) => ({ value: f.id, label: labelIn(f.title, i18n.language) || f.id })),
  ]
  const isDirty = JSON.stringify(values) !== JSON.stringify(initial)
  const reminderNeedsForm = values.reminderEnabled && !values.profileFormId
  const languageName = t(`segments.languages.${language}`)

  return (
    <>
      <PageHeader title={t('segments.onboarding.title')} description={t('segments.onboarding.description')} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          if (reminderNeedsForm) return
          fetcher.submit(values as never, { method: 'post', encType: 'application/json' })
        }}
      >
        <Stack gap="lg" maw={880}>
          {message ? (
            <Alert color="red" role="alert">
              {message}
            </Alert>
          ) : null}
          <Card withBorder>
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('segments.onboarding.profileTitle')}
              </Title>
              <Select
                label={t('segments.onboarding.profileForm')}
                description={t('segments.onboarding.profileFormHelp')}
                data={formData}
                value={values.profileFormId ?? ''}
                allowDeselect={false}
                onChange={(id) => set('profileFormId', id || null)}
                data-testid="onboarding-profile-form"
              />
              {forms.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('segments.onboarding.noPublishedForms')}
                </Text>
              ) : null}
            </Stack>
          </Card>

          <Card withBorder>
            <Stack gap="sm">
              <Group justify="space-between" wrap="wrap">
                <Title order={2} size="h4">
                  {t('segments.onboarding.greetingTitle')}
                </Title>
                <LanguageTabs value={language} onChange={setLanguage} coverage={coverage} />
              </Group>
              <Switch
                label={t('segments.onboarding.greetingEnabled')}
                checked={values.greetingEnabled}
                onChange={(e) => set('greetingEnabled', e.currentTarget.checked)}
                data-testid="onboarding-greeting-enabled"
              />
              <Textarea
                label={`${t('segments.onboarding.greetingText')}（${languageName}）`}
                description={t('segments.onboarding.greetingHelp')}
                autosize
                minRows={4}
                maxRows={12}
                maxLength={4000}
                lang={language === 'ja-easy' ? 'ja' : language}
                disabled={!values.greetingEnabled}
                placeholder={
                  settings.defaultGreetingText[language] ?? t('segments.onboarding.defaultPlaceholder')
                }
                value={values.greetingText[language] ?? ''}
                onChange={(e) => setText('greetingText', e.currentTarget.value)}
                data-testid="onboarding-greeting-text"
              />
            </Stack>
          </Card>

          <Card withBorder>
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('segments.onboarding.reminderTitle')}
              </Title>
              <Switch
                label={t('segments.onboarding.reminderEnabled')}
                checked={values.reminderEnabled}
                onChange={(e) => set('reminderEnabled', e.currentTarget.checked)}
                data-testid="onboarding-reminder-enabled"
              />
              {reminderNeedsForm ? (
                <Alert color="orange" icon={<IconAlertTriangle size={16} />} role="alert">
                  {t('segments.onboarding.reminderNeedsForm')}
                </Alert>
              ) : null}
              <NumberInput
                label={t('segments.onboarding.reminderDays')}
                w={240}
                min={1}
                max={90}
                allowDecimal={false}
                allowNegative={false}
                disabled={!values.reminderEnabled}
                rightSection={t('segments.onboarding.reminderDaysSuffix')}
                rightSectionWidth={56}
                value={values.reminderAfterDays}
                onChange={(v) => set('reminderAfterDays', typeof v === 'number' ? v : 1)}
                data-testid="onboarding-reminder-days"
              />
              <Textarea
                label={`${t('segments.onboarding.reminderText')}（${languageName}）`}
                description={t('segments.onboarding.reminderHelp')}
                autosize
                minRows={3}
                maxRows={10}
                maxLength={4000}
                lang={language === 'ja-easy' ? 'ja' : language}
                disabled={!values.reminderEnabled}
                placeholder={
                  settings.defaultReminderText[language] ?? t('segments.onboarding.defaultPlaceholder')
                }
                value={values.reminderText[language] ?? ''}
                onChange={(e) => setText('reminderText', e.currentTarget.value)}
                data-testid="onboarding-reminder-text"
              />
            </Stack>
          </Card>

          <Card withBorder>
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('segments.onboarding.thresholdTitle')}
              </Title>
              <NumberInput
                label={t('segments.onboarding.threshold')}
                description={t('segments.onboarding.thresholdHelp')}
                w={320}
                min={0}
                max={10_000_000}
                step={100}
                thousandSeparator=","
                allowDecimal={false}
                allowNegative={false}
                rightSection={t('segments.onboarding.thresholdSuffix')}
                rightSectionWidth={72}
                value={values.confirmThreshold}
                onChange={(v) => set('confirmThreshold', typeof v === 'number' ? v : 0)}
                data-testid="onboarding-threshold"
              />
            </Stack>
          </Card>

          <Group>
            <Button
              type="submit"
              leftSection={<IconDeviceFloppy size={16} />}
              loading={fetcher.state !== 'idle'}
              disabled={!isDirty}
              data-testid="onboarding-save"
            >
              {t('segments.onboarding.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
