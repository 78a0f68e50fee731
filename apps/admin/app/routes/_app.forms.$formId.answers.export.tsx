import { contentDisposition } from '@kairan/core'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { languageFromRequest } from '~/.server/i18n.server.ts'
import {
  requirePagePermission,
  requireSignedIn,
  staffCaller,
  throwAsResponse,
} from '~/.server/staff.server.ts'
import { answerFiltersFromSearch, answerScopeInput } from '~/components/form-answers/answer-filters.ts'

/**
 * GET /forms/:formId/answers/export?format=csv|xlsx&lang=ja|en&<the page's filters> — the answers
 * as a CSV (UTF-8 with BOM) or .xlsx download. Core writes the export to the access log (SEC-5);
 * the fixed columns' titles follow the staff's UI language, questions and options `lang`.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const auth = requireSignedIn(context, request)
  requirePagePermission(auth, 'form_answers.export')
  const formId = z.uuid().safeParse(params.formId)
  if (!formId.success) throw new Response(null, { status: 404 })
  const search = new URL(request.url).searchParams
  const format = search.get('format') === 'csv' ? 'csv' : 'xlsx'
  const language = search.get('lang') === 'en' ? 'en' : 'ja'
  const filters = answerFiltersFromSearch(search)
  const file = await staffCaller(context)
    .formAnswers.export({
      formId: formId.data,
      ...answerScopeInput(filters),
      format,
      language,
      headerLanguage: languageFromRequest(request),
    })
    .catch(throwAsResponse)
  return new Response(new Uint8Array(file.body), {
    headers: {
      'content-type': file.contentType,
      'content-length': String(file.body.length),
      'content-disposition': contentDisposition('attachment', file.fileName),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  })
}
