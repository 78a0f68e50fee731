import { useTranslation } from '@kairan/i18n'
import { ConfirmModal, PageHeader } from '@kairan/ui'
import { Anchor } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useBeforeUnload, useBlocker, useFetcher, useLoaderData } from '@remix-run/react'
import { IconArrowLeft } from '@tabler/icons-react'
import { useCallback, useEffect, useState } from 'react'
import {
  actionResponse,
  requirePagePermission,
  requireSignedIn,
  runAction,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import { loadBuilderData } from '~/components/segments/builder-data.server.ts'
import type { DraftFilter } from '~/components/segments/filter-model.ts'
import { formChoices } from '~/components/segments/form-choices.ts'
import { SegmentBuilder, type SegmentValues } from '~/components/segments/segment-builder.tsx'
import type { ActionError } from '~/lib/action-result.ts'
import { useActionMessage } from '~/lib/use-zod-form.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — セグメントを編集 / Edit segment' }]

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requirePagePermission(requireSignedIn(context, request), 'segments.manage')
  const id = params.segmentId ?? ''
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Response(null, { status: 404 })
  const [segment, data] = await Promise.all([
    staffCaller(context).segments.get({ id }),
    loadBuilderData(context),
  ]).catch(throwAsResponse)
  return {
    segment: {
      id: segment.id,
      channelId: segment.channelId,
      name: segment.name,
      description: segment.description ?? '',
      filter: segment.filter as DraftFilter,
      updatedAt: segment.updatedAt,
    },
    ...data,
  }
}

export type UpdateSegmentResult = { ok: true } | ActionError

export async function action({ context, request, params }: ActionFunctionArgs) {
  requireSignedIn(context, request)
  const body = (await request.json()) as SegmentValues
  const result = await runAction(() =>
    staffCaller(context).segments.update({
      id: params.segmentId ?? '',
      name: body.name,
      description: body.description.trim() || null,
      filter: body.filter as never,
    }),
  )
  return actionResponse(result.ok ? { ok: true as const } : result)
}

/** セグメントを編集 (SEG-6): the builder with the saved conditions; saving recounts. */
export default function EditSegmentPage() {
  const { segment, attributes, forms } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const fetcher = useFetcher<UpdateSegmentResult>()
  const [isDirty, setIsDirty] = useState(false)
  const isSaving = fetcher.state !== 'idle'
  const result = fetcher.state === 'idle' ? fetcher.data : undefined
  const message = useActionMessage(result)
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per result.
  useEffect(() => {
    if (result?.ok) notifications.show({ color: 'green', message: t('segments.builder.saved') })
  }, [result])
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
  const initial: SegmentValues = {
    name: segment.name,
    description: segment.description,
    filter: segment.filter,
  }
  return (
    <>
      <Anchor component={Link} to="/segments" size="sm">
        <IconArrowLeft size={14} style={{ verticalAlign: 'middle' }} /> {t('segments.builder.back')}
      </Anchor>
      <PageHeader title={t('segments.builder.editTitle')} description={segment.name} />
      <SegmentBuilder
        // A save reloads the segment: the builder starts again from what was saved.
        key={`${segment.id}:${String(segment.updatedAt)}`}
        channelId={segment.channelId}
        initial={initial}
        attributes={attributes}
        forms={formChoices(forms, i18n.language)}
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
