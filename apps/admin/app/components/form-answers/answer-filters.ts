/**
 * The answers page's filters, kept in the URL so a filtered view can be bookmarked, shared with a
 * colleague and exported as shown: `from`, `to` (Asia/Tokyo days), `v` (version id), `f`
 * (repeated, "questionId:value"), `page` and `view` (table or charts).
 */

export const ANSWERS_PAGE_SIZE = 50
/** The same limit as the server's (`MAX_ANSWER_FILTERS`). */
export const MAX_FILTERS = 10

export type AnswerFilterEntry = { questionId: string; value: string }

export type AnswersView = 'table' | 'charts'

export type AnswerPageFilters = {
  from: string | null
  to: string | null
  versionId: string | null
  filters: AnswerFilterEntry[]
  page: number
  view: AnswersView
}

const DAY = /^\d{4}-\d{2}-\d{2}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const QUESTION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/

function day(value: string | null): string | null {
  return value && DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : null
}

/** Anything malformed (a hand-edited URL) is dropped rather than refused, so the page still opens. */
export function answerFiltersFromSearch(search: URLSearchParams): AnswerPageFilters {
  const filters: AnswerFilterEntry[] = []
  for (const raw of search.getAll('f')) {
    const colon = raw.indexOf(':')
    const questionId = raw.slice(0, colon)
    const value = raw
      .slice(colon + 1)
      .trim()
      .slice(0, 200)
    if (colon > 0 && QUESTION_ID.test(questionId) && value !== '' && filters.length < MAX_FILTERS) {
      filters.push({ questionId, value })
    }
  }
  let from = day(search.get('from'))
  let to = day(search.get('to'))
  if (from && to && from > to) [from, to] = [to, from]
  const versionId = search.get('v') ?? ''
  const page = Number(search.get('page') ?? '1')
  return {
    from,
    to,
    versionId: UUID.test(versionId) ? versionId : null,
    filters,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
    view: search.get('view') === 'charts' ? 'charts' : 'table',
  }
}

/** The filters as query parameters (for the export link and for changing one filter). */
export function answerFiltersToSearch(
  f: Pick<AnswerPageFilters, 'from' | 'to' | 'versionId' | 'filters'>,
): URLSearchParams {
  const search = new URLSearchParams()
  if (f.from) search.set('from', f.from)
  if (f.to) search.set('to', f.to)
  if (f.versionId) search.set('v', f.versionId)
  for (const filter of f.filters) search.append('f', `${filter.questionId}:${filter.value}`)
  return search
}

export function hasAnswerFilters(
  f: Pick<AnswerPageFilters, 'from' | 'to' | 'versionId' | 'filters'>,
): boolean {
  return Boolean(f.from || f.to || f.versionId || f.filters.length > 0)
}

/** The scope to send to the server (`undefined` rather than null for what is not set). */
export function answerScopeInput(f: AnswerPageFilters) {
  return {
    from: f.from ?? undefined,
    to: f.to ?? undefined,
    versionId: f.versionId ?? undefined,
    filters: f.filters,
  }
}
