import { contentDisposition, readFormUpload } from '@kairan/core'
import { IMAGE_TYPES, VIDEO_TYPES } from '@kairan/forms'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { toActionFailure } from '~/.server/citizen.server.ts'
import { byteRange, citizenCoreCtx, jsonError, requireResident } from '~/.server/forms.server.ts'
import { pageLanguage } from '~/.server/i18n.server.ts'

const INLINE_TYPES: readonly string[] = [...IMAGE_TYPES, ...VIDEO_TYPES]

/** The bytes as a response body, without copying them. */
function body(data: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength)
}

/**
 * GET `/c/:channelId/uploads/:uploadId`: a file the signed-in resident uploaded to a form (their
 * own only; core decrypts it), for the form's thumbnails and players. Never cached anywhere
 * (personal data), never sniffed into another type, and shown inline only when it is an image or
 * video of the allowed types. Byte ranges are answered, since phones' video players ask for them.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { citizen } = requireResident(context, params)
  const language = () => pageLanguage(request, context)
  if (!citizen) return jsonError(401, 'errors.unauthenticated', await language())
  let file: Awaited<ReturnType<typeof readFormUpload>>
  try {
    file = await readFormUpload({
      ctx: citizenCoreCtx(context, citizen),
      secrets: context.secrets,
      storage: context.storage,
      input: { uploadId: params.uploadId ?? '' },
    })
  } catch (error) {
    const failure = toActionFailure(error, context)
    // Someone else's file or a made-up id look the same: not found.
    const isMissing = failure.status === 404 || failure.status === 400 || failure.status === 403
    return jsonError(
      isMissing ? 404 : failure.status,
      isMissing ? 'errors.upload_not_found' : failure.key,
      await language(),
    )
  }
  const isInline = INLINE_TYPES.includes(file.contentType)
  const headers = new Headers({
    'Content-Type': isInline ? file.contentType : 'application/octet-stream',
    'Content-Disposition': file.fileName
      ? contentDisposition(isInline ? 'inline' : 'attachment', file.fileName)
      : isInline
        ? 'inline'
        : 'attachment',
    'Cache-Control': 'private, no-store',
    // `X-Content-Type-Options: nosniff` is on every response already (server/security-headers.ts).
    'Accept-Ranges': 'bytes',
    // Nothing in an uploaded file may run as a page of ours, even if opened directly.
    'Content-Security-Policy': "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
  })
  const size = file.data.byteLength
  const range = byteRange(request.headers.get('Range'), size)
  if (range === 'invalid') {
    headers.set('Content-Range', `bytes */${size}`)
    return new Response(null, { status: 416, headers })
  }
  if (range) {
    headers.set('Content-Range', `bytes ${range.start}-${range.end}/${size}`)
    headers.set('Content-Length', String(range.end - range.start + 1))
    return new Response(body(file.data).subarray(range.start, range.end + 1), { status: 206, headers })
  }
  headers.set('Content-Length', String(size))
  return new Response(body(file.data), { status: 200, headers })
}
