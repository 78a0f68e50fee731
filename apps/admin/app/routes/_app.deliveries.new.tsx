import { useTranslation } from '@kairan/i18n'
import { EmptyState, PageHeader } from '@kairan/ui'
import { Anchor, Card, Group } from '@mantine/core'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { IconArrowLeft, IconBrandLine } from '@tabler/icons-react'
import { requirePagePermission, requireSignedIn } from '~/.server/staff.server.ts'
import { composerAction, composerOptions } from '~/components/deliveries/composer.server.ts'
import { type ComposerBody, DeliveryComposer } from '~/components/deliveries/composer.tsx'
import { deliveryImageUrl, emptyContent } from '~/components/deliveries/content.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — 新しい配信 / New delivery' }]

export async function loader({ context, request }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'deliveries.manage')
  const channel = auth.channel
  if (!channel) return { channel: null, options: null }
  return {
    channel: { id: channel.id, name: channel.name },
    options: await composerOptions(context, auth, channel.id),
  }
}

export async function action({ context, request }: ActionFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'deliveries.manage')
  if (!auth.channel) throw new Response(null, { status: 400 })
  return composerAction(context, auth.channel.id, (await request.json()) as ComposerBody)
}

export default function NewDelivery() {
  const { channel, options } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <Anchor component={Link} to="/deliveries" size="sm" mb="xs" display="inline-block">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} />
          {t('deliveries.composer.back')}
        </Group>
      </Anchor>
      <PageHeader title={t('deliveries.composer.newTitle')} />
      {!channel || !options ? (
        <Card withBorder>
          <EmptyState
            icon={<IconBrandLine size={32} />}
            title={t('deliveries.noChannelTitle')}
            description={t('deliveries.noChannelText')}
          />
        </Card>
      ) : (
        <DeliveryComposer
          initial={{
            id: null,
            revision: null,
            status: 'draft',
            title: '',
            content: emptyContent(),
            target: 'all',
            segmentId: null,
            scheduledAt: null,
          }}
          segments={options.segments}
          forms={options.forms}
          accountName={channel.name}
          channelId={channel.id}
          canRecur
          budget={options.budget}
          imageUrl={deliveryImageUrl}
        />
      )}
    </>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
