import { NotFound, readDeliveryImage } from '@kairan/core'
import type { LoaderFunctionArgs } from '@remix-run/node'

/**
 * GET `/media/delivery-images/:imageId/:variant` (`original`, `preview` or `card`): an image of a
 * delivery message (SEG-12). LINE's servers and residents' phones fetch it without any session, so
 * it is public; a message's image is public to everyone it was sent to. An id never gets other
 * bytes, so it is cached for a year, immutable. Nothing in it may run as a page of ours.
 */
export async function loader({ context, params }: LoaderFunctionArgs) {
  try {
    const image = await readDeliveryImage({
      db: context.db,
      storage: context.storage,
      imageId: params.imageId ?? '',
      variant: params.variant ?? '',
    })
    const bytes = new Uint8Array(
      image.data.buffer as ArrayBuffer,
      image.data.byteOffset,
      image.data.byteLength,
    )
    return new Response(bytes, {
      status: 200,
      headers: {
        'Content-Type': image.contentType,
        'Content-Length': String(image.data.byteLength),
        'Cache-Control': image.cacheControl,
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cross-Origin-Resource-Policy': 'cross-origin',
      },
    })
  } catch (error) {
    if (!(error instanceof NotFound)) throw error
    return new Response('Not found\n', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=60' },
    })
  }
}
