import type { LoaderFunctionArgs } from '@remix-run/node'
import { TRPCError } from '@trpc/server'
import { requirePagePermission, requireSignedIn, staffCaller } from '~/.server/staff.server.ts'

/** Types a browser may show inline; anything else a resident sent is only ever downloaded. */
const INLINE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp'])

const STATUS: Partial<Record<TRPCError['code'], number>> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  CONFLICT: 409,
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * GET /friends/:citizenId/content/:messageId — the image (or file) a resident sent, fetched from
 * LINE on demand (LINE keeps it for a limited time). Never cached: it is a resident's personal data.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'friends.read')
  const messageId = params.messageId ?? ''
  if (!UUID.test(messageId)) throw new Response(null, { status: 404 })
  let content: { contentType: string; body: Buffer }
  try {
    content = await staffCaller(context).friends.messageContent({ messageId })
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error
    const status = STATUS[error.code] ?? 400
    return new Response(null, { status, headers: { 'cache-control': 'private, no-store' } })
  }
  const type = content.contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  const isInline = INLINE_TYPES.has(type)
  return new Response(new Uint8Array(content.body), {
    headers: {
      'content-type': isInline ? type : 'application/octet-stream',
      'content-length': String(content.body.length),
      'content-disposition': isInline ? 'inline' : `attachment; filename="line-${messageId}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; img-src 'self'; sandbox",
    },
  })
}
