import type { AccessLogFilterInput } from '@kairan/core/schemas'
import type { TFunction } from '@kairan/i18n'

/** The log filters in the page's query string (`staff`, `action`, `from`, `to`, `page`). */
export function filtersFromSearch(search: URLSearchParams): AccessLogFilterInput {
  const get = (name: string) => search.get(name) || undefined
  const page = Number(search.get('page') ?? '1')
  return {
    staffUserId: get('staff'),
    action: get('action'),
    from: get('from'),
    to: get('to'),
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: 50,
  }
}

/** A readable name for an action key such as `staff.create`; unknown keys show as they are. */
export function actionLabel(t: TFunction, action: string): string {
  const key = `actions.${action.replace('.', '_')}`
  const label = t(key)
  return label === key ? action : label
}
