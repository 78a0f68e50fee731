import { contentDisposition } from '@kairan/core'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { languageFromRequest } from '~/.server/i18n.server.ts'
import {
  requirePagePermission,
  requireSignedIn,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import { historyFiltersFromSearch, tokyoDayStart } from '~/components/deliveries/content.ts'

/**
 * GET /deliveries/export?format=csv|xlsx&<the history page's filters> — the delivery history as
 * CSV (UTF-8 with BOM, opens in Excel) or .xlsx. Core writes the export to the access log.
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'deliveries.export')
  if (!auth.channel) throw new Response(null, { status: 404 })
  const search = new URL(request.url).searchParams
  const filters = historyFiltersFromSearch(search)
  const file = await staffCaller(context)
    .deliveries.export({
      channelId: auth.channel.id,
      from: filters.from ? tokyoDayStart(filters.from) : undefined,
      to: filters.to ? tokyoDayStart(filters.to, true) : undefined,
      status: filters.statuses.length > 0 ? filters.statuses : undefined,
      format: search.get('format') === 'csv' ? 'csv' : 'xlsx',
      language: languageFromRequest(request) === 'en' ? 'en' : 'ja',
    })
    .catch(throwAsResponse)
  const bytes = new Uint8Array(file.bytes)
  return new Response(bytes, {
    headers: {
      'content-type': file.contentType,
      'content-length': String(bytes.length),
      'content-disposition': contentDisposition('attachment', file.fileName),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  })
}
