import { lookupPostalCode } from '@kairan/core'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireResident } from '~/.server/forms.server.ts'

/** Longer than any way of writing a postal code (`〒１０４－００６１`). */
const MAX_CODE_LENGTH = 20

/**
 * GET `/c/:channelId/postal/:code` → `{ address }` (prefecture, city and town of a Japanese postal
 * code, from Japan Post's data bundled with the server) or 404 `{ address: null }`. For the form's
 * postal-code questions, so only for signed-in residents. Public data, so the browser may keep it
 * a day; `private` all the same, because these responses refresh the session cookie and a shared
 * cache must never keep one.
 */
export async function loader({ context, params }: LoaderFunctionArgs) {
  const { citizen } = requireResident(context, params)
  if (!citizen) {
    return Response.json({ address: null }, { status: 401, headers: { 'Cache-Control': 'no-store' } })
  }
  const code = params.code ?? ''
  const found = code.length <= MAX_CODE_LENGTH ? await lookupPostalCode({ input: { code } }) : null
  if (!found) {
    return Response.json(
      { address: null },
      { status: 404, headers: { 'Cache-Control': 'private, max-age=3600' } },
    )
  }
  return Response.json({ address: found.address }, { headers: { 'Cache-Control': 'private, max-age=86400' } })
}
