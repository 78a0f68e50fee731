import { useTranslation } from '@kairan/i18n'
import { ConfirmModal, EmptyState, PageHeader } from '@kairan/ui'
import { Anchor, Card } from '@mantine/core'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useBeforeUnload, useBlocker, useFetcher, useLoaderData } from '@remix-run/react'
import { IconArrowLeft, IconBrandLine } from '@tabler/icons-react'
import { useCallback, useState } from 'react'
import {
  actionResponse,
  requirePagePermission,
  requireSignedIn,
  runAction,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import { loadBuilderData } from '~/components/segments/builder-data.server.ts'
import { formChoices } from '~/components/segments/form-choices.ts'
import { SegmentBuilder, type SegmentValues } from '~/components/segments/segment-builder.tsx'
import type { ActionError } from '~/lib/action-result.ts'
import { useActionMessage } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — セグメントを作成 / Create segment' }]

export async function loader({ context, request }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'segments.manage')
  const channel = auth.channel
  if (!channel) return { channel: null, attributes: [], forms: [] }
  const data = await loadBuilderData(context).catch(throwAsResponse)
  return { channel: { id: channel.id, name: channel.name }, ...data }
}

export type SaveSegmentResult = { ok: true } | ActionError

export async function action({ context, request }: ActionFunctionArgs) {
  const auth = requireSignedIn(context, request)
  const body = (await request.json()) as SegmentValues
  const channelId = auth.channel?.id ?? ''
  const result = await runAction(() =>
    staffCaller(context).segments.create({
      channelId,
      name: body.name,
      description: body.description.trim() || null,
      filter: body.filter as never,
    }),
  )
  if (result.ok) throw redirect(`/segments?saved=${result.data.id}`)
  return actionResponse(result)
}

/** セグメントを作成 (SEG-6): the builder, empty (every friend) until conditions are added. */
export default function NewSegmentPage() {
  const data = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const fetcher = useFetcher<SaveSegmentResult>()
  const [isDirty, setIsDirty] = useState(false)
  const isSaving = fetcher.state !== 'idle'
  const message = useActionMessage(fetcher.state === 'idle' ? fetcher.data : undefined)
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      isDirty && !isSaving && currentLocation.pathname !== nextLocation.pathname,
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
  const back = (
    <Anchor component={Link} to="/segments" size="sm">
      <IconArrowLeft size={14} style={{ verticalAlign: 'middle' }} /> {t('segments.builder.back')}
    </Anchor>
  )
  if (!data.channel) {
    return (
      <>
        <PageHeader title={t('segments.builder.newTitle')} />
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
  return (
    <>
      {back}
      <PageHeader title={t('segments.builder.newTitle')} description={t('segments.list.description')} />
      <SegmentBuilder
        channelId={data.channel.id}
        initial={{ name: '', description: '', filter: { version: 1, op: 'and', groups: [] } }}
        attributes={data.attributes}
        forms={formChoices(data.forms, i18n.language)}
        isSaving={isSaving}
        serverMessage={message}
        onDirtyChange={setIsDirty}
        onSave={(values) => fetcher.submit(values as never, { method: 'post', encType: 'application/json' })}
      />
      <ConfirmModal
        opened={blocker.state === 'blocked'}
        onClose={() => blocker.reset?.()}
        onConfirm={() => blocker.proceed?.()}
        title={t('segments.builder.unsaved')}
        message={t('segments.builder.leaveConfirm')}
        isDanger
      />
    </>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
