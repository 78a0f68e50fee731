import { useTranslation } from '@kairan/i18n'
import { PageHeader } from '@kairan/ui'
import { Alert, Anchor, Group } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { IconArrowLeft } from '@tabler/icons-react'
import { useEffect } from 'react'
import { z } from 'zod'
import {
  requirePagePermission,
  requireSignedIn,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import { composerAction, composerOptions } from '~/components/deliveries/composer.server.ts'
import { type ComposerBody, DeliveryComposer, type Target } from '~/components/deliveries/composer.tsx'
import { contentFromServer, deliveryImageUrl } from '~/components/deliveries/content.ts'
import { DeliveryStatusBadge } from '~/components/deliveries/status.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Kairan — ${data?.delivery.title ?? '配信 / Delivery'}` },
]

/** The composer for a draft or scheduled delivery; anything that has started goes to its detail page. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'deliveries.manage')
  const id = z.uuid().safeParse(params.deliveryId)
  if (!id.success) throw new Response(null, { status: 404 })
  const delivery = await staffCaller(context).deliveries.get({ id: id.data }).catch(throwAsResponse)
  if (!['draft', 'scheduled'].includes(delivery.status) || delivery.seriesId)
    throw redirect(`/deliveries/${delivery.id}`)
  const channel = auth.channels.find((c) => c.id === delivery.channelId)
  return {
    delivery: {
      id: delivery.id,
      revision: delivery.revision,
      status: delivery.status,
      title: delivery.title,
      content: delivery.content as unknown,
      target: delivery.target as Target,
      segmentId: delivery.segmentId,
      scheduledAt: delivery.scheduledAt ? new Date(delivery.scheduledAt).toISOString() : null,
      channelId: delivery.channelId,
    },
    accountName: channel?.name ?? '',
    options: await composerOptions(context, auth, delivery.channelId),
  }
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'deliveries.manage')
  const id = z.uuid().safeParse(params.deliveryId)
  if (!id.success) throw new Response(null, { status: 404 })
  const delivery = await staffCaller(context).deliveries.get({ id: id.data }).catch(throwAsResponse)
  const body = (await request.json()) as ComposerBody
  return composerAction(context, delivery.channelId, { ...body, id: delivery.id })
}

export default function EditDelivery() {
  const { delivery, accountName, options } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  // Arrived from the first save or from "複製": say so once, and drop the marker from the address.
  // biome-ignore lint/correctness/useExhaustiveDependencies: on arrival only.
  useEffect(() => {
    const saved = params.get('saved') === '1'
    const copied = params.get('copied') === '1'
    if (!saved && !copied) return
    notifications.show({
      color: 'green',
      message: saved ? t('deliveries.composer.saved') : t('deliveries.composer.copied'),
    })
    setParams(new URLSearchParams(), { replace: true, preventScrollReset: true })
  }, [])
  return (
    <>
      <Anchor component={Link} to="/deliveries" size="sm" mb="xs" display="inline-block">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} />
          {t('deliveries.composer.back')}
        </Group>
      </Anchor>
      <PageHeader
        title={t('deliveries.composer.editTitle')}
        description={<DeliveryStatusBadge status={delivery.status} />}
      />
      {delivery.status === 'scheduled' ? (
        <Alert color="blue" mb="md">
          {t('deliveries.composer.scheduledNote')}
        </Alert>
      ) : null}
      <DeliveryComposer
        key={delivery.id}
        initial={{ ...delivery, content: contentFromServer(delivery.content) }}
        segments={options.segments}
        forms={options.forms}
        accountName={accountName}
        channelId={delivery.channelId}
        canRecur={delivery.status === 'draft'}
        budget={options.budget}
        imageUrl={deliveryImageUrl}
      />
    </>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
