import { uploadDeliveryImage } from '@kairan/core'
import type { ActionFunctionArgs } from '@remix-run/node'
import { requirePagePermission, requireSignedIn, toActionError } from '~/.server/staff.server.ts'

/** What core accepts (10 MB); a little more for the multipart envelope. */
const MAX_BODY_BYTES = 10 * 1024 * 1024 + 64 * 1024

/**
 * POST /deliveries/images (multipart, field `file`) — an image for a delivery: core checks it is a
 * JPEG or PNG, resizes it for LINE with sharp and makes the preview. Answers
 * `{ ok: true, image: { id, width, height } }` or an action error with a message key.
 */
export async function action({ context, request }: ActionFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'deliveries.manage')
  if (request.method !== 'POST') throw new Response(null, { status: 405 })
  const channel = auth.channel
  if (!channel) return Response.json({ ok: false, status: 400, key: 'errors.invalid_input' }, { status: 400 })
  const length = Number(request.headers.get('content-length') ?? '0')
  if (length > MAX_BODY_BYTES)
    return Response.json({ ok: false, status: 413, key: 'deliveries.image.tooLarge' }, { status: 413 })
  const form = await request.formData().catch(() => null)
  const file = form?.get('file')
  if (!file || typeof file === 'string')
    return Response.json({ ok: false, status: 400, key: 'deliveries.image.wrongType' }, { status: 400 })
  try {
    const image = await uploadDeliveryImage({
      ctx: {
        db: context.db,
        request: { ip: context.clientIp, userAgent: context.userAgent },
        actor: auth.actor,
      },
      storage: context.storage,
      input: { channelId: channel.id, bytes: Buffer.from(await file.arrayBuffer()), fileName: file.name },
    })
    return Response.json({ ok: true, image: { id: image.id, width: image.width, height: image.height } })
  } catch (error) {
    const failure = toActionError(error)
    return Response.json(failure, { status: failure.status })
  }
}
