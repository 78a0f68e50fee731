import { CITIZEN_STATUSES } from '@kairan/core/schemas'
import type { I18n, TFunction } from '@kairan/i18n'

export type CitizenStatus = (typeof CITIZEN_STATUSES)[number]

export const FRIENDS_PAGE_SIZE = 50

export type FriendFilters = {
  query: string
  status: CitizenStatus | null
  language: string | null
  /** yyyy-mm-dd, a day in Asia/Tokyo */
  addedSince: string | null
  page: number
}

/**
 * The Friends page's filters from its query string (`q`, `status`, `lang`, `since`, `page`).
 * Anything malformed (a hand-edited URL) is dropped rather than refused, so the page still opens.
 */
export function friendFiltersFromSearch(search: URLSearchParams): FriendFilters {
  const status = search.get('status') ?? ''
  const since = search.get('since') ?? ''
  const page = Number(search.get('page') ?? '1')
  return {
    query: (search.get('q') ?? '').trim().slice(0, 100),
    status: (CITIZEN_STATUSES as readonly string[]).includes(status) ? (status as CitizenStatus) : null,
    language: (search.get('lang') ?? '').trim().slice(0, 20) || null,
    addedSince: /^\d{4}-\d{2}-\d{2}$/.test(since) && !Number.isNaN(Date.parse(since)) ? since : null,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  }
}

export function hasFriendFilters(filters: FriendFilters): boolean {
  return Boolean(filters.query || filters.status || filters.language || filters.addedSince)
}

const TIME_ZONE = 'Asia/Tokyo'
const locale = (lang: string) => (lang === 'ja' ? 'ja-JP' : 'en-GB')

/** 2025/04/01 09:30 — a moment in Japan time, whatever the browser's zone. */
export function formatDateTime(value: Date | string, lang: string): string {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(value))
}

/** 2025/04/01 */
export function formatDate(value: Date | string, lang: string): string {
  return new Intl.DateTimeFormat(locale(lang), { timeZone: TIME_ZONE, dateStyle: 'medium' }).format(
    new Date(value),
  )
}

/** 09:30 */
export function formatTime(value: Date | string, lang: string): string {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(value))
}

/** 2025年4月1日(火) — the heading of one day in a conversation. */
export function formatDay(value: Date | string, lang: string): string {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
  }).format(new Date(value))
}

/** yyyy-mm-dd of the Japan-time day, to group messages by day. */
export function tokyoDayKey(value: Date | string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date(value))
}

/**
 * A readable name for a language code from LINE or the LIFF pages (ja → 日本語, en → 英語…);
 * codes we have no name for are shown as they are.
 */
export function languageName(t: TFunction, i18n: I18n, code: string | null | undefined): string | null {
  if (!code) return null
  const key = `friends.languageNames.${code}`
  return i18n.exists(key) ? t(key) : code
}
