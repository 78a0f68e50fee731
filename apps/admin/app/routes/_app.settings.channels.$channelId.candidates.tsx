import { ChannelIdInput } from '@kairan/core/schemas'
import type { LoaderFunctionArgs } from '@remix-run/node'
import {
  requirePagePermission,
  requireSignedIn,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'

export type TestDeviceCandidate = {
  id: string
  displayName: string | null
  pictureUrl: string | null
  testDeviceLabel: string | null
}

const LIMIT = 20

/**
 * GET /settings/channels/:channelId/candidates?q= — friends of the channel who could become a
 * test device (following), searched by name, for the test-device picker.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'test_devices.manage')
  requirePagePermission(auth, 'friends.read')
  const parsed = ChannelIdInput.safeParse({ channelId: params.channelId })
  if (!parsed.success) throw new Response(null, { status: 404 })
  const query = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 100)
  const list = await staffCaller(context)
    .friends.list({
      channelId: parsed.data.channelId,
      query: query || undefined,
      status: 'following',
      page: 1,
      pageSize: LIMIT,
    })
    .catch(throwAsResponse)
  const rows: TestDeviceCandidate[] = list.rows.map((r) => ({
    id: r.id,
    displayName: r.displayName,
    pictureUrl: r.pictureUrl,
    testDeviceLabel: r.testDeviceLabel,
  }))
  return Response.json(
    { query, rows, total: list.total },
    { headers: { 'cache-control': 'private, no-store' } },
  )
}
