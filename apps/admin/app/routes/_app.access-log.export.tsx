import { createI18n } from '@kairan/i18n'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { languageFromRequest } from '~/.server/i18n.server.ts'
import { requireSignedIn, staffCaller, throwAsResponse } from '~/.server/staff.server.ts'
import { filtersFromSearch } from '~/lib/access-log.ts'

/** GET /access-log/export: the filtered log as a CSV download (UTF-8 with BOM); the export is logged. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  requireSignedIn(context, request)
  const { t } = createI18n(languageFromRequest(request))
  const filters = filtersFromSearch(new URL(request.url).searchParams)
  const header = ['time', 'staff', 'action', 'targetType', 'target', 'detail', 'ip', 'userAgent'].map((k) =>
    t(`accessLog.csv.${k}`),
  ) as [string, string, string, string, string, string, string, string]
  const csv = await staffCaller(context)
    .auditLog.exportCsv({ filters: { ...filters, page: 1 }, header })
    .catch(throwAsResponse)
  const stamp = new Date().toISOString().slice(0, 10)
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="access-log-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
