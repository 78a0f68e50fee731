import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import {
  requirePagePermission,
  requireSignedIn,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'

const Query = z.object({
  target: z.enum(['all', 'segment', 'test']),
  segmentId: z.uuid().optional(),
})

/**
 * GET /deliveries/recipients?target=all|segment|test&segmentId=… — the composer's live count:
 * `{ count, threshold, needsConfirmation }` for the current channel (counted in PostgreSQL by core).
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'deliveries.manage')
  if (!auth.channel) return Response.json({ ok: false }, { status: 400 })
  const query = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!query.success || (query.data.target === 'segment' && !query.data.segmentId))
    return Response.json({ ok: false }, { status: 400 })
  const result = await staffCaller(context)
    .deliveries.previewRecipients({ channelId: auth.channel.id, ...query.data })
    .catch(throwAsResponse)
  return Response.json(result, { headers: { 'cache-control': 'private, no-store' } })
}
