import { readDeliveryImage } from '@kairan/core'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { requirePagePermission, requireSignedIn } from '~/.server/staff.server.ts'

/**
 * GET /deliveries/images/:imageId — the preview rendition of a delivery image, for the composer
 * and the detail page (the admin's CSP allows images from itself only). The same public bytes
 * residents get from apps/liff's route (delivery images are not personal data).
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requirePagePermission(requireSignedIn(context, request), 'deliveries.manage')
  const imageId = z.uuid().safeParse(params.imageId)
  if (!imageId.success) return new Response(null, { status: 404 })
  const image = await readDeliveryImage({
    db: context.db,
    storage: context.storage,
    imageId: imageId.data,
    variant: 'preview',
  }).catch(() => null)
  if (!image) return new Response(null, { status: 404 })
  const bytes = new Uint8Array(image.data)
  return new Response(bytes, {
    headers: {
      'content-type': image.contentType,
      'content-length': String(bytes.length),
      'cache-control': 'private, max-age=86400, immutable',
      'x-content-type-options': 'nosniff',
    },
  })
}
