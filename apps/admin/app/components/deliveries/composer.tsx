import { useTranslation } from '@kairan/i18n'
import { ConfirmModal } from '@kairan/ui'
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Loader,
  Menu,
  Modal,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { DateTimePicker } from '@mantine/dates'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { Link, useBeforeUnload, useBlocker, useFetcher } from '@remix-run/react'
import {
  IconAlertTriangle,
  IconCalendarRepeat,
  IconClock,
  IconDeviceFloppy,
  IconDeviceMobile,
  IconFlask,
  IconLayoutCards,
  IconPhoto,
  IconPlus,
  IconSend,
  IconSticker,
  IconTextSize,
  IconUsers,
} from '@tabler/icons-react'
import { type ComponentProps, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { fromTokyoWallClock, toTokyoWallClock } from '~/components/form-builder/dates.ts'
import { LanguageTabs } from '~/components/form-builder/language-tabs.tsx'
import { formatDateTime } from '~/lib/friends.ts'
import { useActionMessage } from '~/lib/use-zod-form.ts'
import {
  ALT_MAX,
  type ComposerContent,
  type ComposerMessage,
  contentForServer,
  contentProblems,
  type Language,
  MAX_MESSAGES,
  missingTranslations,
  newMessage,
  variantLanguages,
} from './content.ts'
import { type FormChoice, LocalizedField, MessageCard } from './message-editor.tsx'
import { DeliveryPhonePreview } from './phone-preview.tsx'
import { RecurrenceEditor } from './recurrence-editor.tsx'

export type RecurrenceValue = ComponentProps<typeof RecurrenceEditor>['value']
export type Target = 'all' | 'segment' | 'test'
export type Timing = 'now' | 'at' | 'recurring'

export type ComposerInitial = {
  id: string | null
  revision: number | null
  status: string
  title: string
  content: ComposerContent
  target: Target
  segmentId: string | null
  scheduledAt: string | null
}

export type SegmentChoice = { id: string; name: string; lastCount: number | null }

/** What the composer posts to its route's action (see composer.server.ts). */
export type ComposerBody = {
  intent: 'save' | 'test' | 'schedule' | 'series'
  id: string | null
  revision: number | null
  title: string
  content: ComposerContent
  target: Target
  segmentId: string | null
  when?: { kind: 'now' } | { kind: 'at'; at: string }
  recurrence?: RecurrenceValue
  confirmedRecipientCount?: number
}

export type ComposerResult =
  | { ok: true; intent: 'save'; id: string; revision: number }
  | { ok: true; intent: 'test'; id: string; revision: number; testDeliveryId: string }
  | ({ ok: false; intent: ComposerBody['intent']; id: string | null; revision: number | null } & {
      status: number
      key: string
      params?: Record<string, unknown>
      fields?: Record<string, string>
    })

type Recipients = { count: number; threshold: number; needsConfirmation: boolean }

/** Tokyo wall clock (YYYY-MM-DD) of today, for the recurrence editor's default start. */
function tokyoToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date())
}

export function defaultRecurrence(): RecurrenceValue {
  return {
    startDate: tokyoToday(),
    time: '09:00',
    rule: { kind: 'weekly', weekdays: ['MO'] },
    until: null,
    excludedDates: [],
    skipHolidays: true,
  } as RecurrenceValue
}

const TYPE_ICONS = { text: IconTextSize, image: IconPhoto, sticker: IconSticker, card: IconLayoutCards }

/**
 * The delivery composer: title, up to five messages with per-language variants, the alt text, a
 * phone preview per language, the target with its live recipient count, and the timing. Every
 * send goes through a confirmation showing how many people get it; above the channel's threshold
 * the number must be typed in.
 */
export function DeliveryComposer({
  initial,
  segments,
  forms,
  accountName,
  channelId,
  canRecur,
  budget,
  imageUrl,
}: {
  initial: ComposerInitial
  segments: SegmentChoice[]
  forms: FormChoice[]
  accountName: string
  channelId: string
  /** Recurring deliveries are only for new deliveries (a draft becomes a series when scheduled). */
  canRecur: boolean
  budget: { usedThisMonth: number; limit: number; nearlySpent: boolean } | null
  imageUrl: (imageId: string) => string
}) {
  const { t, i18n } = useTranslation()
  const fetcher = useFetcher<ComposerResult>()
  const [title, setTitle] = useState(initial.title)
  const [content, setContent] = useState<ComposerContent>(initial.content)
  const [target, setTarget] = useState<Target>(initial.target)
  const [segmentId, setSegmentId] = useState<string | null>(initial.segmentId)
  const [timing, setTiming] = useState<Timing>(initial.scheduledAt ? 'at' : 'now')
  const [at, setAt] = useState<string | null>(toTokyoWallClock(initial.scheduledAt))
  const [recurrence, setRecurrence] = useState<RecurrenceValue>(defaultRecurrence)
  const [language, setLanguage] = useState<Language>('ja')
  const [saved, setSaved] = useState({
    id: initial.id,
    revision: initial.revision,
    json: JSON.stringify([initial.title, initial.content, initial.target, initial.segmentId]),
  })
  const [showProblems, setShowProblems] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [testConfirming, setTestConfirming] = useState(false)

  const json = JSON.stringify([title, content, target, segmentId])
  const isDirty = json !== saved.json
  const isBusy = fetcher.state !== 'idle'
  const result = fetcher.state === 'idle' ? fetcher.data : undefined
  const failure = useActionMessage(result && !result.ok ? result : null)
  const pendingIntent = isBusy ? (fetcher.json as { intent?: string } | undefined)?.intent : undefined

  const problems = useMemo(() => contentProblems(content), [content])
  const missing = useMemo(() => missingTranslations(content), [content])
  const variants = useMemo(() => variantLanguages(content), [content])
  const titleProblem = title.trim() === '' ? t('deliveries.problems.titleRequired') : null
  const targetProblem = target === 'segment' && !segmentId ? t('deliveries.problems.segmentRequired') : null
  const hasProblems = problems.length > 0 || titleProblem !== null || targetProblem !== null

  // The live recipient count for the chosen target (core counts in PostgreSQL).
  const recipientsFetcher = useFetcher<Recipients | { ok: false }>()
  const testFetcher = useFetcher<Recipients | { ok: false }>()
  const [countKey] = useDebouncedValue(`${target}:${segmentId ?? ''}`, 300)
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the (debounced) target changes.
  useEffect(() => {
    const [kind, segment] = countKey.split(':')
    if (kind === 'segment' && !segment) return
    const params = new URLSearchParams({ target: kind ?? 'all' })
    if (segment) params.set('segmentId', segment)
    recipientsFetcher.load(`/deliveries/recipients?${params}`)
  }, [countKey])
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for the test button.
  useEffect(() => {
    testFetcher.load('/deliveries/recipients?target=test')
  }, [])
  const recipients =
    recipientsFetcher.data && 'count' in recipientsFetcher.data && !(target === 'segment' && !segmentId)
      ? recipientsFetcher.data
      : null
  const isCounting = recipientsFetcher.state !== 'idle'
  const testCount = testFetcher.data && 'count' in testFetcher.data ? testFetcher.data.count : null

  // The outcome of an action, once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: per result only.
  useEffect(() => {
    if (!result) return
    if (result.id && result.revision !== null)
      setSaved((s) => ({
        id: result.id,
        revision: result.revision,
        json: result.ok ? (sentJson.current ?? s.json) : s.json,
      }))
    if (result.ok && result.intent === 'save')
      notifications.show({ color: 'green', message: t('deliveries.composer.saved') })
    if (result.ok && result.intent === 'test')
      notifications.show({
        color: 'green',
        title: t('deliveries.test.sentTitle'),
        message: t('deliveries.test.sentText', { count: testCount ?? 0 }),
      })
    if (!result.ok) window.scrollTo({ top: 0, behavior: 'smooth' })
  }, [result])

  const sentJson = useRef<string | null>(null)
  const submit = (
    body: Omit<ComposerBody, 'id' | 'revision' | 'title' | 'content' | 'target' | 'segmentId'>,
  ) => {
    sentJson.current = json
    const full: ComposerBody = {
      ...body,
      id: saved.id,
      revision: saved.revision,
      title: title.trim(),
      content: contentForServer(content),
      target,
      segmentId: target === 'segment' ? segmentId : null,
    }
    fetcher.submit(full as never, { method: 'post', encType: 'application/json' })
  }

  const guard = (): boolean => {
    setShowProblems(true)
    if (hasProblems) {
      setLanguage('ja')
      return false
    }
    return true
  }
  const atIso = fromTokyoWallClock(at)
  const isPast = timing === 'at' && atIso !== null && Date.parse(atIso) <= Date.now()
  const timingProblem =
    timing === 'at' && !atIso
      ? t('deliveries.timing.atRequired')
      : isPast
        ? t('deliveries.timing.atPast')
        : null

  const askSend = () => {
    if (!guard() || timingProblem) return
    setConfirming(true)
  }
  const send = (confirmedRecipientCount: number | undefined) => {
    setConfirming(false)
    if (timing === 'recurring') submit({ intent: 'series', recurrence, confirmedRecipientCount })
    else
      submit({
        intent: 'schedule',
        when: timing === 'at' && atIso ? { kind: 'at', at: atIso } : { kind: 'now' },
        confirmedRecipientCount,
      })
  }

  // Leaving with unsaved changes (the action redirects after scheduling: nothing to lose then).
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      isDirty && !isBusy && fetcher.state === 'idle' && currentLocation.pathname !== nextLocation.pathname,
  )
  useBeforeUnload(
    useCallback(
      (event: BeforeUnloadEvent) => {
        if (!isDirty) return
        event.preventDefault()
        event.returnValue = ''
      },
      [isDirty],
    ),
  )

  const setMessage = (index: number, message: ComposerMessage) =>
    setContent((c) => ({ ...c, messages: c.messages.map((m, i) => (i === index ? message : m)) }))
  const addMessage = (type: ComposerMessage['type']) =>
    setContent((c) => ({
      ...c,
      messages: [...c.messages, type === 'image' ? { type: 'image', imageId: '' } : newMessage(type)],
    }))
  const moveMessage = (index: number, delta: -1 | 1) =>
    setContent((c) => {
      const messages = [...c.messages]
      const [moved] = messages.splice(index, 1)
      if (moved) messages.splice(index + delta, 0, moved)
      return { ...c, messages }
    })
  const removeMessage = (index: number) =>
    setContent((c) => ({ ...c, messages: c.messages.filter((_, i) => i !== index) }))

  const problemsOf = (index: number) =>
    showProblems
      ? problems.filter((p) => p.messageIndex === index).map((p) => t(`deliveries.problems.${p.key}`))
      : []
  const segmentName = segments.find((s) => s.id === segmentId)?.name
  const targetLabel =
    target === 'all'
      ? t('deliveries.target.all')
      : target === 'test'
        ? t('deliveries.target.test')
        : t('deliveries.target.segmentNamed', { name: segmentName ?? '' })
  const sendLabel =
    timing === 'now'
      ? t('deliveries.composer.sendNow')
      : timing === 'at'
        ? t('deliveries.composer.schedule')
        : t('deliveries.composer.startSeries')

  return (
    <>
      {failure ? (
        <Alert color="red" mb="md" role="alert" data-testid="composer-error">
          {failure}
        </Alert>
      ) : null}
      {showProblems && hasProblems ? (
        <Alert color="orange" mb="md" icon={<IconAlertTriangle size={18} />} data-testid="composer-problems">
          {t('deliveries.problems.summary', {
            count: problems.length + (titleProblem ? 1 : 0) + (targetProblem ? 1 : 0),
          })}
        </Alert>
      ) : null}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            <Card withBorder>
              <TextInput
                label={t('deliveries.composer.title')}
                description={t('deliveries.composer.titleHelp')}
                value={title}
                onChange={(e) => setTitle(e.currentTarget.value)}
                maxLength={100}
                required
                error={showProblems ? titleProblem : null}
                data-testid="delivery-title"
              />
            </Card>

            <Card withBorder>
              <Stack gap="sm">
                <Group justify="space-between" align="flex-start">
                  <div>
                    <Title order={2} size="h4">
                      {t('deliveries.composer.messages')}
                    </Title>
                    <Text size="sm" c="dimmed">
                      {t('deliveries.composer.messagesHelp', { max: MAX_MESSAGES })}
                    </Text>
                  </div>
                </Group>
                <LanguageTabs
                  value={language}
                  onChange={(l) => setLanguage(l as Language)}
                  coverage={missing}
                />
                <Text size="sm" c="dimmed" data-testid="variant-languages">
                  {language === 'ja'
                    ? t('deliveries.composer.languagesNote', {
                        languages: variants.map((l) => t(`forms.lang.names.${l}`)).join('・'),
                      })
                    : missing[language] > 0
                      ? t('deliveries.composer.translatingMissing', {
                          language: t(`forms.lang.names.${language}`),
                          count: missing[language],
                        })
                      : t('deliveries.composer.translatingDone', {
                          language: t(`forms.lang.names.${language}`),
                        })}
                </Text>
              </Stack>
            </Card>

            {content.messages.map((message, index) => (
              <MessageCard
                // biome-ignore lint/suspicious/noArrayIndexKey: messages have no ids; the order is the identity.
                key={index}
                index={index}
                count={content.messages.length}
                message={message}
                onChange={(next) => setMessage(index, next)}
                onMove={(delta) => moveMessage(index, delta)}
                onRemove={() => removeMessage(index)}
                language={language}
                forms={forms}
                imageUrl={imageUrl}
                problems={problemsOf(index)}
              />
            ))}

            {language === 'ja' ? (
              content.messages.length < MAX_MESSAGES ? (
                <Menu position="bottom-start">
                  <Menu.Target>
                    <Button
                      variant="light"
                      leftSection={<IconPlus size={16} />}
                      w="fit-content"
                      data-testid="add-message"
                    >
                      {t('deliveries.composer.addMessage', {
                        count: content.messages.length,
                        max: MAX_MESSAGES,
                      })}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {(['text', 'image', 'sticker', 'card'] as const).map((type) => {
                      const Icon = TYPE_ICONS[type]
                      return (
                        <Menu.Item
                          key={type}
                          leftSection={<Icon size={16} />}
                          onClick={() => addMessage(type)}
                          data-testid={`add-message-${type}`}
                        >
                          <Text size="sm">{t(`deliveries.composer.types.${type}`)}</Text>
                          <Text size="xs" c="dimmed">
                            {t(`deliveries.composer.typeHelp.${type}`)}
                          </Text>
                        </Menu.Item>
                      )
                    })}
                  </Menu.Dropdown>
                </Menu>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('deliveries.composer.maxReached', { max: MAX_MESSAGES })}
                </Text>
              )
            ) : null}

            <Card withBorder>
              <LocalizedField
                label={t('deliveries.composer.altText')}
                description={t('deliveries.composer.altTextHelp')}
                texts={content.altText}
                onChange={(altText) => setContent((c) => ({ ...c, altText }))}
                language={language}
                maxLength={ALT_MAX}
                testId="alt-text"
              />
            </Card>

            <Card withBorder>
              <Stack gap="sm">
                <Title order={2} size="h4">
                  {t('deliveries.target.heading')}
                </Title>
                <Radio.Group value={target} onChange={(v) => setTarget(v as Target)} name="target">
                  <SimpleGrid cols={{ base: 1, sm: 3 }}>
                    {(['all', 'segment', 'test'] as const).map((kind) => (
                      <Radio.Card
                        key={kind}
                        value={kind}
                        p="sm"
                        radius="md"
                        withBorder
                        data-testid={`target-${kind}`}
                      >
                        <Group wrap="nowrap" align="flex-start" gap="sm">
                          <Radio.Indicator />
                          <div>
                            <Text size="sm" fw={600}>
                              {t(`deliveries.target.${kind}`)}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {t(`deliveries.target.${kind}Help`)}
                            </Text>
                          </div>
                        </Group>
                      </Radio.Card>
                    ))}
                  </SimpleGrid>
                </Radio.Group>
                {target === 'segment' ? (
                  segments.length === 0 ? (
                    <Alert color="blue" p="sm">
                      <Text size="sm">{t('deliveries.target.noSegments')}</Text>
                      <Anchor component={Link} to="/segments" size="sm">
                        {t('deliveries.target.createSegment')}
                      </Anchor>
                    </Alert>
                  ) : (
                    <Select
                      label={t('deliveries.target.segment')}
                      placeholder={t('deliveries.target.segmentPlaceholder')}
                      data={segments.map((s) => ({ value: s.id, label: s.name }))}
                      value={segmentId}
                      onChange={setSegmentId}
                      searchable
                      required
                      error={showProblems ? targetProblem : null}
                      data-testid="segment-select"
                    />
                  )
                ) : null}
                <RecipientCount
                  recipients={recipients}
                  isCounting={isCounting}
                  target={target}
                  hasSegment={Boolean(segmentId)}
                />
              </Stack>
            </Card>

            <Card withBorder>
              <Stack gap="sm">
                <Title order={2} size="h4">
                  {t('deliveries.timing.heading')}
                </Title>
                <Radio.Group value={timing} onChange={(v) => setTiming(v as Timing)} name="timing">
                  <SimpleGrid cols={{ base: 1, sm: 3 }}>
                    {(['now', 'at', 'recurring'] as const)
                      .filter((kind) => kind !== 'recurring' || canRecur)
                      .map((kind) => (
                        <Radio.Card
                          key={kind}
                          value={kind}
                          p="sm"
                          radius="md"
                          withBorder
                          data-testid={`timing-${kind}`}
                        >
                          <Group wrap="nowrap" align="flex-start" gap="sm">
                            <Radio.Indicator />
                            <div>
                              <Text size="sm" fw={600}>
                                {t(`deliveries.timing.${kind}`)}
                              </Text>
                              <Text size="xs" c="dimmed">
                                {t(`deliveries.timing.${kind}Help`)}
                              </Text>
                            </div>
                          </Group>
                        </Radio.Card>
                      ))}
                  </SimpleGrid>
                </Radio.Group>
                {timing === 'at' ? (
                  <DateTimePicker
                    label={t('deliveries.timing.at')}
                    description={t('deliveries.timing.timezone')}
                    valueFormat="YYYY/MM/DD HH:mm"
                    value={at}
                    onChange={(v) => setAt(v)}
                    minDate={new Date()}
                    error={timingProblem}
                    w={{ base: '100%', sm: 280 }}
                    data-testid="scheduled-at"
                  />
                ) : null}
                {timing === 'recurring' ? (
                  <>
                    <RecurrenceEditor
                      value={recurrence}
                      onChange={setRecurrence}
                      language={i18n.language === 'en' ? 'en' : 'ja'}
                    />
                    {budget?.nearlySpent ? (
                      <Alert color="yellow" p="sm">
                        {t('deliveries.budget.nearlySpent', {
                          used: budget.usedThisMonth,
                          limit: budget.limit,
                        })}
                      </Alert>
                    ) : null}
                  </>
                ) : null}
              </Stack>
            </Card>

            <Card withBorder>
              <Group justify="space-between" wrap="wrap" gap="sm">
                <Group gap="xs">
                  {isDirty ? (
                    <Badge color="orange" variant="dot" data-testid="unsaved-indicator">
                      {t('deliveries.composer.unsaved')}
                    </Badge>
                  ) : saved.id ? (
                    <Text size="xs" c="dimmed">
                      {t('deliveries.composer.savedState')}
                    </Text>
                  ) : null}
                </Group>
                <Group gap="xs">
                  <Button
                    variant="default"
                    leftSection={<IconDeviceFloppy size={16} />}
                    onClick={() => {
                      if (title.trim() === '') return guard()
                      submit({ intent: 'save' })
                    }}
                    loading={pendingIntent === 'save'}
                    disabled={isBusy}
                    data-testid="save-draft"
                  >
                    {t('deliveries.composer.saveDraft')}
                  </Button>
                  <Button
                    variant="light"
                    leftSection={<IconFlask size={16} />}
                    onClick={() => guard() && setTestConfirming(true)}
                    loading={pendingIntent === 'test'}
                    disabled={isBusy}
                    data-testid="send-test"
                  >
                    {t('deliveries.composer.sendTest')}
                  </Button>
                  <Button
                    leftSection={
                      timing === 'now' ? (
                        <IconSend size={16} />
                      ) : timing === 'at' ? (
                        <IconClock size={16} />
                      ) : (
                        <IconCalendarRepeat size={16} />
                      )
                    }
                    onClick={askSend}
                    loading={pendingIntent === 'schedule' || pendingIntent === 'series'}
                    disabled={isBusy}
                    data-testid="send-delivery"
                  >
                    {sendLabel}
                  </Button>
                </Group>
              </Group>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Box pos="sticky" top={76}>
            <Stack gap="xs" align="center">
              <Group gap={6}>
                <IconDeviceMobile size={16} />
                <Text size="sm" fw={600}>
                  {t('deliveries.preview.title', { language: t(`forms.lang.names.${language}`) })}
                </Text>
              </Group>
              <DeliveryPhonePreview
                content={content}
                language={language}
                accountName={accountName}
                imageUrl={imageUrl}
                height="min(640px, calc(100vh - 160px))"
              />
              <Text size="xs" c="dimmed" maw={360}>
                {variants.includes(language)
                  ? t('deliveries.preview.note')
                  : t('deliveries.preview.fallbackNote', { language: t(`forms.lang.names.${language}`) })}
              </Text>
            </Stack>
          </Box>
        </Grid.Col>
      </Grid>

      <SendConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        onConfirm={send}
        recipients={recipients}
        isCounting={isCounting}
        targetLabel={targetLabel}
        timingLabel={
          timing === 'now'
            ? t('deliveries.timing.now')
            : timing === 'at' && atIso
              ? formatDateTime(atIso, i18n.language)
              : t('deliveries.timing.recurring')
        }
        sendLabel={sendLabel}
        languages={variants.map((l) => t(`forms.lang.names.${l}`)).join('・')}
        isRecurring={timing === 'recurring'}
      />
      <ConfirmModal
        opened={testConfirming}
        onClose={() => setTestConfirming(false)}
        onConfirm={() => {
          setTestConfirming(false)
          submit({ intent: 'test' })
        }}
        title={t('deliveries.test.title')}
        message={
          testCount === 0 ? (
            <Stack gap="xs">
              <Text size="sm">{t('deliveries.test.noDevices')}</Text>
              <Anchor component={Link} to={`/settings/channels/${channelId}`} size="sm">
                {t('deliveries.test.devicesLink')}
              </Anchor>
            </Stack>
          ) : (
            <Text size="sm">{t('deliveries.test.text', { count: testCount ?? 0 })}</Text>
          )
        }
        confirmLabel={t('deliveries.test.confirm')}
      />
      <ConfirmModal
        opened={blocker.state === 'blocked'}
        onClose={() => blocker.reset?.()}
        onConfirm={() => blocker.proceed?.()}
        title={t('deliveries.leave.title')}
        message={t('deliveries.leave.text')}
        confirmLabel={t('deliveries.leave.discard')}
        cancelLabel={t('deliveries.leave.stay')}
        isDanger
      />
    </>
  )
}

function RecipientCount({
  recipients,
  isCounting,
  target,
  hasSegment,
}: {
  recipients: Recipients | null
  isCounting: boolean
  target: Target
  hasSegment: boolean
}) {
  const { t } = useTranslation()
  if (target === 'segment' && !hasSegment) return null
  return (
    <Group gap="xs" aria-live="polite" data-testid="recipient-count">
      <IconUsers size={18} />
      {recipients === null ? (
        <Loader size="xs" />
      ) : (
        <Text size="sm" fw={600} data-count={recipients.count}>
          {t('deliveries.target.count', { count: recipients.count })}
        </Text>
      )}
      {isCounting && recipients !== null ? <Loader size="xs" /> : null}
      {recipients && recipients.count === 0 ? (
        <Text size="sm" c="orange.8">
          {target === 'test' ? t('deliveries.target.noTestDevices') : t('deliveries.target.nobody')}
        </Text>
      ) : null}
      {recipients?.needsConfirmation ? (
        <Badge color="orange" variant="light">
          {t('deliveries.target.aboveThreshold', { threshold: recipients.threshold })}
        </Badge>
      ) : null}
    </Group>
  )
}

/**
 * "これで配信しますか？" with the count in front of the staff member. Above the channel's
 * threshold they type the number in (SEG-8); the server checks it against a fresh count.
 */
function SendConfirmModal({
  opened,
  onClose,
  onConfirm,
  recipients,
  isCounting,
  targetLabel,
  timingLabel,
  sendLabel,
  languages,
  isRecurring,
}: {
  opened: boolean
  onClose: () => void
  onConfirm: (confirmedRecipientCount: number | undefined) => void
  recipients: Recipients | null
  isCounting: boolean
  targetLabel: string
  timingLabel: string
  sendLabel: string
  languages: string
  isRecurring: boolean
}) {
  const { t, i18n } = useTranslation()
  const [typed, setTyped] = useState('')
  const [checked, setChecked] = useState(false)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a fresh confirmation each time it opens.
  useEffect(() => {
    setTyped('')
    setChecked(false)
  }, [opened])
  const count = recipients?.count ?? null
  const needsTyping = recipients?.needsConfirmation ?? false
  const typedNumber = Number(
    typed.replace(/[,，\s]/g, '').replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)),
  )
  const isTypedRight = count !== null && typed.trim() !== '' && typedNumber === count
  const canSend = count !== null && !isCounting && checked && (!needsTyping || isTypedRight)
  const formatted =
    count === null ? '…' : new Intl.NumberFormat(i18n.language === 'ja' ? 'ja-JP' : 'en-US').format(count)
  return (
    <Modal opened={opened} onClose={onClose} title={t('deliveries.confirm.title')} centered size="lg">
      <Stack gap="sm" data-testid="send-confirm">
        <Card withBorder bg={needsTyping ? 'orange.0' : 'blue.0'} padding="md">
          <Text size="sm">{t('deliveries.confirm.recipients')}</Text>
          <Text size="xl" fw={700} data-testid="confirm-count">
            {t('deliveries.confirm.people', { count: formatted })}
          </Text>
          {isRecurring ? (
            <Text size="xs" c="dimmed">
              {t('deliveries.confirm.recurringNote')}
            </Text>
          ) : null}
        </Card>
        <SimpleGrid cols={2} spacing="xs">
          <Text size="sm" c="dimmed">
            {t('deliveries.confirm.target')}
          </Text>
          <Text size="sm">{targetLabel}</Text>
          <Text size="sm" c="dimmed">
            {t('deliveries.confirm.timing')}
          </Text>
          <Text size="sm">{timingLabel}</Text>
          <Text size="sm" c="dimmed">
            {t('deliveries.confirm.languages')}
          </Text>
          <Text size="sm">{languages}</Text>
        </SimpleGrid>
        {needsTyping ? (
          <TextInput
            label={t('deliveries.confirm.typeCount', { count: formatted })}
            description={t('deliveries.confirm.typeCountHelp', { threshold: recipients?.threshold ?? 0 })}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            inputMode="numeric"
            error={typed.trim() !== '' && !isTypedRight ? t('deliveries.confirm.typeMismatch') : null}
            data-testid="confirm-count-input"
          />
        ) : null}
        <Checkbox
          label={t('deliveries.confirm.check')}
          checked={checked}
          onChange={(e) => setChecked(e.currentTarget.checked)}
          data-testid="confirm-check"
        />
        <Text size="xs" c="dimmed">
          {t('deliveries.confirm.cancelNote')}
        </Text>
        <Group justify="flex-end" gap="sm" mt="sm">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button
            color={needsTyping ? 'orange' : undefined}
            leftSection={<IconSend size={16} />}
            disabled={!canSend}
            onClick={() => onConfirm(count ?? undefined)}
            data-testid="confirm-send"
          >
            {sendLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
