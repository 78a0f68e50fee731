import { Conflict, DomainError, Forbidden, getMessageContent, NotFound } from '@kairan/core'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePagePermission, requireSignedIn } from '~/.server/staff.server.ts'

/** Types a browser may show inline; anything else a resident sent is only ever downloaded. */
const INLINE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp'])

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
    content = await getMessageContent({
      ctx: {
        db: context.db,
        actor: auth.actor,
        request: { ip: context.clientIp, userAgent: context.userAgent },
        log: context.log,
      },
      secrets: context.secrets,
      input: { messageId },
    })
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    const status =
      error instanceof NotFound
        ? 404
        : error instanceof Forbidden
          ? 403
          : error instanceof Conflict
            ? 409
            : 400
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
