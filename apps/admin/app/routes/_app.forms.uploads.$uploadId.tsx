import { contentDisposition } from '@kairan/core'
import { IMAGE_TYPES, VIDEO_TYPES } from '@kairan/forms'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { requirePagePermission, requireSignedIn, staffCaller } from '~/.server/staff.server.ts'

/** Types a browser may show inline; anything else is only ever downloaded, as bytes. */
const INLINE_TYPES = new Set<string>([...IMAGE_TYPES, ...VIDEO_TYPES])

const STATUS: Partial<Record<TRPCError['code'], number>> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  BAD_REQUEST: 404,
}

/**
 * GET /forms/uploads/:uploadId — an image or video a resident attached to an answer, decrypted
 * for staff with `form_answers.read`. Every fetch is written to the access log by core
 * (`form_upload.view`), and the file is never cached: it is a resident's personal data.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'form_answers.read')
  const uploadId = z.uuid().safeParse(params.uploadId)
  const noStore = { 'cache-control': 'private, no-store' }
  if (!uploadId.success) return new Response(null, { status: 404, headers: noStore })
  let file: { contentType: string; fileName: string | null; data: Buffer }
  try {
    file = await staffCaller(context).formAnswers.file({ uploadId: uploadId.data })
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error
    return new Response(null, { status: STATUS[error.code] ?? 500, headers: noStore })
  }
  const type = file.contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  const isInline = INLINE_TYPES.has(type)
  const extension = type.split('/')[1]?.replace(/^quicktime$/, 'mov') ?? 'bin'
  const fileName = file.fileName ?? `${uploadId.data}.${extension}`
  return new Response(new Uint8Array(file.data), {
    headers: {
      'content-type': isInline ? type : 'application/octet-stream',
      'content-length': String(file.data.length),
      'content-disposition': contentDisposition(isInline ? 'inline' : 'attachment', fileName),
      ...noStore,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
      // Each fetch is decrypted and logged: players get the whole file in one response.
      'accept-ranges': 'none',
    },
  })
}
