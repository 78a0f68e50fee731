import {
  type FormDefinition,
  type FormLanguage,
  missingTranslations,
  translationCoverage,
} from '@kairan/forms'
import { useTranslation } from '@kairan/i18n'
import { ConfirmModal } from '@kairan/ui'
import { Alert, Badge, Button, CopyButton, Group, List, Modal, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import {
  Link,
  useBeforeUnload,
  useBlocker,
  useFetcher,
  useRevalidator,
  useSearchParams,
} from '@remix-run/react'
import { IconCheck, IconCopy, IconDeviceFloppy, IconRefresh, IconRocket } from '@tabler/icons-react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { actionResponse, requireSignedIn, runAction, staffCaller } from '~/.server/staff.server.ts'
import { FormBuilder } from '~/components/form-builder/builder.tsx'
import { type LoadedForm, useFormRouteData } from '~/components/form-builder/form-route.ts'
import {
  type DefinitionProblem,
  definitionProblems,
  indexProblems,
  serverProblems,
} from '~/components/form-builder/issues.ts'
import { LanguageTabs } from '~/components/form-builder/language-tabs.tsx'
import type { ActionError } from '~/lib/action-result.ts'
import { formatDateTime } from '~/lib/friends.ts'
import { useActionMessage } from '~/lib/use-zod-form.ts'

/** The builder needs `forms.manage`; staff who may only read answers go to the answers. */
export function loader({ context, request, params }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  const permissions = auth.actor.permissions
  if (permissions.includes('forms.manage')) return null
  if (permissions.includes('form_answers.read')) throw redirect(`/forms/${params.formId}/answers`)
  throw new Response(null, { status: 403 })
}

type Saved = { revision: number; updatedAt: string }
type SaveBody = { intent: 'save'; expectedRevision: number; definition: unknown }
type PublishBody = { intent: 'publish'; expectedRevision: number; definition?: unknown }

export type BuilderResult =
  | { ok: true; intent: 'save'; saved: Saved }
  | { ok: true; intent: 'publish'; saved: Saved | null; version: number }
  | (ActionError & { intent: 'save' | 'publish'; saved: Saved | null })

/**
 * save: the draft, refused when a colleague saved since `expectedRevision`.
 * publish: saves first when the page has unsaved changes, then publishes that revision. The
 * revision saved is returned even when publishing is refused, so the next save is not a conflict.
 */
export async function action({ context, request, params }: ActionFunctionArgs) {
  requireSignedIn(context, request)
  const caller = staffCaller(context)
  const formId = params.formId ?? ''
  const body = (await request.json()) as SaveBody | PublishBody
  const expectedRevision = Number(body.expectedRevision)
  const save = () =>
    runAction(() =>
      caller.forms.saveDraft({ formId, expectedRevision, definition: body.definition as never }),
    )
  const asSaved = (data: { revision: number; updatedAt: Date | string }): Saved => ({
    revision: data.revision,
    updatedAt: new Date(data.updatedAt).toISOString(),
  })
  if (body.intent === 'save') {
    const result = await save()
    return actionResponse(
      result.ok
        ? { ok: true as const, intent: 'save' as const, saved: asSaved(result.data) }
        : { ...result, intent: 'save' as const, saved: null },
    )
  }
  if (body.intent !== 'publish') throw new Response(null, { status: 400 })
  let saved: Saved | null = null
  if (body.definition !== undefined) {
    const result = await save()
    if (!result.ok) return actionResponse({ ...result, intent: 'publish' as const, saved: null })
    saved = asSaved(result.data)
  }
  const published = await runAction(() =>
    caller.forms.publish({ formId, expectedRevision: saved?.revision ?? expectedRevision }),
  )
  return actionResponse(
    published.ok
      ? { ok: true as const, intent: 'publish' as const, saved, version: published.data.version }
      : { ...published, intent: 'publish' as const, saved },
  )
}

const TOOLBAR_HEIGHT = 96

export default function FormBuilderPage() {
  const { form } = useFormRouteData()
  // The layout renders this page only with the form loaded (forms.manage, checked above).
  if (!form) return null
  return <Builder key={form.id} form={form} />
}

const serialize = (definition: FormDefinition) => JSON.stringify(definition)

function Builder({ form }: { form: LoadedForm }) {
  const { t, i18n } = useTranslation()
  const fetcher = useFetcher<BuilderResult>()
  const revalidator = useRevalidator()
  const loadedDraft = form.draft as FormDefinition
  const [definition, setDefinition] = useState<FormDefinition>(loadedDraft)
  const [saved, setSaved] = useState({ json: serialize(loadedDraft), revision: form.draftRevision })
  const [language, setLanguage] = useState<FormLanguage>('ja')
  const [isPublishChecking, setPublishChecking] = useState(false)
  const [remote, setRemote] = useState<DefinitionProblem[]>([])
  const [isPublishOpen, setPublishOpen] = useState(false)
  const [isReloadPending, setReloadPending] = useState(false)
  const sentJson = useRef<string | null>(null)
  const [params, setParams] = useSearchParams()

  // Arrived from "複製": say so once, and drop the marker from the address.
  // biome-ignore lint/correctness/useExhaustiveDependencies: on arrival only.
  useEffect(() => {
    if (params.get('copied') !== '1') return
    notifications.show({ color: 'green', message: t('forms.list.done.duplicate') })
    const next = new URLSearchParams(params)
    next.delete('copied')
    setParams(next, { replace: true, preventScrollReset: true })
  }, [])

  const json = useMemo(() => serialize(definition), [definition])
  const isDirty = json !== saved.json
  const isBusy = fetcher.state !== 'idle'
  const result = fetcher.state === 'idle' ? fetcher.data : undefined
  // A refusal stays on screen until the next attempt, or until the latest draft is loaded.
  const [dismissed, setDismissed] = useState<unknown>(null)
  const shown = result && result !== dismissed ? result : undefined
  const conflict = shown && !shown.ok && shown.key === 'errors.form_draft_conflict' ? shown : null
  const failure = useActionMessage(shown && !shown.ok && !conflict ? shown : null)

  const change = useCallback((next: FormDefinition) => {
    setDefinition(next)
    setRemote([])
  }, [])

  const draftProblems = useMemo(() => definitionProblems(definition, 'draft'), [definition])
  const publishProblems = useMemo(
    () => (isPublishChecking && draftProblems.length === 0 ? definitionProblems(definition, 'publish') : []),
    [definition, draftProblems, isPublishChecking],
  )
  const problems = useMemo(
    () => indexProblems([...remote, ...draftProblems, ...publishProblems]),
    [remote, draftProblems, publishProblems],
  )
  const coverage = useMemo(() => translationCoverage(definition), [definition])

  // The outcome of a save or publish, once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: per result only.
  useEffect(() => {
    if (!result) return
    const sent = sentJson.current
    sentJson.current = null
    if (result.saved && sent !== null) setSaved({ json: sent, revision: result.saved.revision })
    if (result.ok && result.intent === 'save') {
      notifications.show({ color: 'green', message: t('forms.save.saved') })
    } else if (result.ok && result.intent === 'publish') {
      setPublishChecking(false)
      notifications.show({ color: 'green', message: t('forms.publish.done', { version: result.version }) })
    } else if (!result.ok && result.fields) {
      setRemote(serverProblems(definition, result.fields))
    }
  }, [result])

  // A colleague's newer draft is taken over silently only when there is nothing here to lose.
  useEffect(() => {
    if (isBusy || isDirty || form.draftRevision === saved.revision) return
    setDefinition(form.draft as FormDefinition)
    setSaved({ json: serialize(form.draft as FormDefinition), revision: form.draftRevision })
  }, [form.draftRevision, form.draft, isBusy, isDirty, saved.revision])

  // "最新の内容を読み込む" after a conflict: once the page data is fresh, replace the local edits.
  useEffect(() => {
    if (!isReloadPending || revalidator.state !== 'idle') return
    setReloadPending(false)
    setDismissed(fetcher.data)
    setDefinition(form.draft as FormDefinition)
    setSaved({ json: serialize(form.draft as FormDefinition), revision: form.draftRevision })
    setRemote([])
    notifications.show({ message: t('forms.save.reloaded') })
  }, [isReloadPending, revalidator.state, form.draft, form.draftRevision, t, fetcher.data])

  const submit = (body: SaveBody | PublishBody) => {
    sentJson.current = body.definition === undefined ? null : serialize(definition)
    fetcher.submit(body as never, { method: 'post', encType: 'application/json' })
  }
  const save = () => {
    if (draftProblems.length > 0) return
    submit({ intent: 'save', expectedRevision: saved.revision, definition })
  }
  const askPublish = () => {
    setPublishChecking(true)
    if (draftProblems.length > 0 || definitionProblems(definition, 'publish').length > 0) {
      window.scrollTo({ top: 0, behavior: 'smooth' })
      return
    }
    setPublishOpen(true)
  }
  const publish = () => {
    setPublishOpen(false)
    submit({ intent: 'publish', expectedRevision: saved.revision, ...(isDirty ? { definition } : {}) })
  }

  // Leaving with unsaved changes: inside the app (links, tabs) and the browser (reload, close).
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => isDirty && currentLocation.pathname !== nextLocation.pathname,
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

  const savedLabel = isBusy
    ? t('forms.save.saving')
    : isDirty
      ? t('forms.save.unsaved')
      : t('forms.save.savedAt', {
          at: formatDateTime(form.draftUpdatedAt, i18n.language),
          by: form.draftUpdatedBy ?? t('forms.save.someone'),
        })

  const toolbar = (
    <Stack gap={6} mih={TOOLBAR_HEIGHT - 16} justify="center">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <LanguageTabs value={language} onChange={setLanguage} coverage={coverage} />
        <Group gap="xs" wrap="nowrap">
          <Button
            variant={isDirty ? 'filled' : 'default'}
            leftSection={<IconDeviceFloppy size={16} />}
            onClick={save}
            loading={
              isBusy && fetcher.json !== undefined && (fetcher.json as { intent?: string }).intent === 'save'
            }
            disabled={!isDirty || isBusy}
            data-testid="save-draft"
          >
            {t('forms.save.button')}
          </Button>
          <Button
            color="green"
            leftSection={<IconRocket size={16} />}
            onClick={askPublish}
            loading={
              isBusy &&
              fetcher.json !== undefined &&
              (fetcher.json as { intent?: string }).intent === 'publish'
            }
            disabled={isBusy || (!isDirty && !form.hasUnpublishedChanges && form.currentVersion !== null)}
            data-testid="publish"
          >
            {t('forms.publish.button')}
          </Button>
        </Group>
      </Group>
      <Group gap="xs">
        {isDirty ? (
          <Badge color="orange" variant="dot" size="sm" data-testid="unsaved-indicator">
            {savedLabel}
          </Badge>
        ) : (
          <Text size="xs" c="dimmed">
            {savedLabel}
          </Text>
        )}
        {draftProblems.length > 0 ? (
          <Text size="xs" c="red">
            {t('forms.save.blocked', { count: draftProblems.length })}
          </Text>
        ) : null}
      </Group>
    </Stack>
  )

  return (
    <>
      {conflict ? (
        <Alert
          color="red"
          title={t('forms.save.conflictTitle')}
          mb="md"
          role="alert"
          data-testid="draft-conflict"
        >
          <Stack gap="sm">
            <Text size="sm">
              {t('forms.save.conflict', {
                by: String(conflict.params?.by ?? t('forms.save.someone')),
                at: conflict.params?.at ? formatDateTime(String(conflict.params.at), i18n.language) : '',
              })}
            </Text>
            <Group gap="sm">
              <Button
                size="xs"
                color="red"
                leftSection={<IconRefresh size={14} />}
                loading={isReloadPending}
                onClick={() => {
                  setReloadPending(true)
                  revalidator.revalidate()
                }}
              >
                {t('forms.save.loadLatest')}
              </Button>
              <CopyButton value={JSON.stringify(definition, null, 2)}>
                {({ copied, copy }) => (
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                    onClick={copy}
                  >
                    {copied ? t('common.copied') : t('forms.save.copyMine')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {failure ? (
        <Alert color="red" mb="md" role="alert">
          {failure}
        </Alert>
      ) : null}
      <FormBuilder
        definition={definition}
        onChange={change}
        language={language}
        problems={problems}
        toolbar={toolbar}
        toolbarHeight={TOOLBAR_HEIGHT}
      />
      <PublishModal
        opened={isPublishOpen}
        onClose={() => setPublishOpen(false)}
        onConfirm={publish}
        form={form}
        isDirty={isDirty}
        definition={definition}
      />
      <ConfirmModal
        opened={blocker.state === 'blocked'}
        onClose={() => blocker.reset?.()}
        onConfirm={() => blocker.proceed?.()}
        title={t('forms.leave.title')}
        message={t('forms.leave.text')}
        confirmLabel={t('forms.leave.discard')}
        cancelLabel={t('forms.leave.stay')}
        isDanger
      />
    </>
  )
}

function PublishModal({
  opened,
  onClose,
  onConfirm,
  form,
  isDirty,
  definition,
}: {
  opened: boolean
  onClose: () => void
  onConfirm: () => void
  form: LoadedForm
  isDirty: boolean
  definition: FormDefinition
}) {
  const { t } = useTranslation()
  const current = form.currentVersion
  const next = (current?.version ?? 0) + 1
  const missing = (['en', 'ko', 'zh-Hans', 'zh-Hant', 'ja-easy'] as const)
    .map((language) => ({ language, count: opened ? missingTranslations(definition, language).length : 0 }))
    .filter(({ count }) => count > 0)
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('forms.publish.title', { version: next })}
      centered
      size="lg"
    >
      <Stack gap="sm">
        <Text size="sm">
          {current
            ? t('forms.publish.textNext', { version: next, current: current.version })
            : t('forms.publish.textFirst')}
        </Text>
        {current ? <Text size="sm">{t('forms.publish.answersKeep')}</Text> : null}
        {isDirty ? (
          <Alert color="blue" p="xs">
            <Text size="sm">{t('forms.publish.savesFirst')}</Text>
          </Alert>
        ) : null}
        {missing.length > 0 ? (
          <Alert color="yellow" p="xs" title={t('forms.publish.missingTitle')}>
            <List size="sm">
              {missing.map(({ language, count }) => (
                <List.Item key={language}>
                  {t('forms.publish.missingItem', { language: t(`forms.lang.names.${language}`), count })}
                </List.Item>
              ))}
            </List>
            <Text size="xs" mt={4}>
              {t('forms.publish.missingHelp')}
            </Text>
          </Alert>
        ) : null}
        <Text size="sm" c="dimmed">
          {t('forms.publish.scheduleNote')}{' '}
          <Link to={`/forms/${form.id}/settings`}>{t('forms.publish.scheduleLink')}</Link>
        </Text>
        <Group justify="flex-end" gap="sm" mt="sm">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button
            color="green"
            leftSection={<IconRocket size={16} />}
            onClick={onConfirm}
            data-testid="publish-confirm"
          >
            {t('forms.publish.confirm', { version: next })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
