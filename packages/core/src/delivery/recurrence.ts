import holidayJp from '@holiday-jp/holiday_jp'
import { z } from 'zod'

/**
 * SEG-9: recurring deliveries. A `RecurrenceSpec` is what staff pick in the editor; it is stored as
 * RFC 5545 text (`delivery_series.rrule`) plus `excluded_dates` and `skip_holidays`.
 *
 * Everything is Asia/Tokyo wall-clock time. Japan has had no daylight saving time since 1951, so a
 * Tokyo time is always UTC+9 and the conversion is a fixed offset: no time-zone database needed,
 * and the same code runs in the browser (the editor's preview) and in the worker.
 *
 * The occurrences are computed here (not with the `rrule` package at run time: it is CommonJS and
 * works in "floating" UTC dates). `recurrence.test.ts` checks that the RRULE text we write gives
 * the same dates in `rrule`, so the stored text means what we compute.
 *
 * This module imports only zod and the holiday list: it is bundled into the admin.
 */

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const
export const Weekday = z.enum(WEEKDAYS)
export type Weekday = z.infer<typeof Weekday>

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'errors.invalid_date' })
  .refine(isRealDate, { error: 'errors.invalid_date' })

export const RecurrenceRule = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('weekly'),
    weekdays: z
      .array(Weekday)
      .min(1, { error: 'deliveries.recurrence.errors.weekdaysRequired' })
      .max(7)
      .refine((days) => new Set(days).size === days.length, {
        error: 'deliveries.recurrence.errors.duplicateWeekday',
      }),
  }),
  /** The same day every month; months without that day (31st, 30 Feb…) have no delivery, as in RFC 5545. */
  z.object({ kind: z.literal('monthly_day'), day: z.number().int().min(1).max(31) }),
  /** The nth weekday of the month; -1 is the last one. */
  z.object({
    kind: z.literal('monthly_nth'),
    nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]),
    weekday: Weekday,
  }),
  z.object({ kind: z.literal('every_n_days'), n: z.number().int().min(1).max(365) }),
])
export type RecurrenceRule = z.infer<typeof RecurrenceRule>

export const RecurrenceSpec = z
  .object({
    /** First possible date (Asia/Tokyo), `YYYY-MM-DD`. */
    startDate: isoDate,
    /** Time of day (Asia/Tokyo), `HH:mm`. */
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'deliveries.recurrence.errors.invalidTime' }),
    rule: RecurrenceRule,
    /** Last possible date (inclusive, Asia/Tokyo). */
    until: isoDate.nullable().default(null),
    /** Dates with no delivery (Asia/Tokyo). */
    excludedDates: z.array(isoDate).max(366).default([]),
    /** Skip Japanese public holidays (内閣府's list, via @holiday-jp/holiday_jp). */
    skipHolidays: z.boolean().default(false),
  })
  .refine((s) => !s.until || s.until >= s.startDate, {
    error: 'deliveries.recurrence.errors.untilBeforeStart',
    path: ['until'],
  })
export type RecurrenceSpec = z.infer<typeof RecurrenceSpec>
export type RecurrenceSpecInput = z.input<typeof RecurrenceSpec>

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
/** How far ahead `nextOccurrences` looks before deciding the rule has no more dates. */
const HORIZON_DAYS = 366 * 10

function isRealDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (a plain calendar day, no zone). */
function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d) / DAY_MS
}

function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number]
  return h * 60 + m
}

/** The UTC instant of a Tokyo wall-clock date and time. */
export function tokyoInstant(date: string, time: string): Date {
  return new Date(dayNumber(date) * DAY_MS + minutesOf(time) * 60_000 - TOKYO_OFFSET_MS)
}

/** The Tokyo calendar date (`YYYY-MM-DD`) of an instant. */
export function tokyoDate(instant: Date): string {
  return new Date(instant.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10)
}

/** The Tokyo wall-clock time (`HH:mm`) of an instant. */
export function tokyoTime(instant: Date): string {
  return new Date(instant.getTime() + TOKYO_OFFSET_MS).toISOString().slice(11, 16)
}

/** True for a Japanese public holiday (including substitute and citizens' holidays). */
export function isJapaneseHoliday(date: string): boolean {
  return Object.hasOwn(holidayJp.holidays, date)
}

/** 0 = Monday … 6 = Sunday, as in WEEKDAYS. */
function weekdayIndex(day: number): number {
  // 1970-01-01 was a Thursday (index 3).
  return (((day + 3) % 7) + 7) % 7
}

function matchesRule(rule: RecurrenceRule, day: number, startDay: number): boolean {
  switch (rule.kind) {
    case 'weekly':
      return rule.weekdays.includes(WEEKDAYS[weekdayIndex(day)]!)
    case 'monthly_day':
      return new Date(day * DAY_MS).getUTCDate() === rule.day
    case 'monthly_nth': {
      if (WEEKDAYS[weekdayIndex(day)] !== rule.weekday) return false
      const date = new Date(day * DAY_MS)
      const dom = date.getUTCDate()
      if (rule.nth > 0) return Math.ceil(dom / 7) === rule.nth
      const daysInMonth = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate()
      return dom + 7 > daysInMonth
    }
    case 'every_n_days':
      return (day - startDay) % rule.n === 0
  }
}

/**
 * The next `count` occurrences strictly after `after`, as UTC instants of the Tokyo times, with
 * excluded dates and (when `skipHolidays`) Japanese public holidays left out. Fewer when the rule
 * ends (`until`) or nothing matches within ten years.
 */
export function nextOccurrences(spec: RecurrenceSpecInput, after: Date, count: number): Date[] {
  const s = RecurrenceSpec.parse(spec)
  const startDay = dayNumber(s.startDate)
  const lastDay = s.until ? dayNumber(s.until) : Number.POSITIVE_INFINITY
  const excluded = new Set(s.excludedDates)
  const fromDay = Math.max(startDay, dayNumber(tokyoDate(after)))
  const horizon = Math.min(lastDay, fromDay + HORIZON_DAYS)
  // every_n_days: jump straight to the first date of the cycle on or after fromDay.
  const step = s.rule.kind === 'every_n_days' ? s.rule.n : 1
  const firstDay =
    s.rule.kind === 'every_n_days' ? startDay + Math.ceil((fromDay - startDay) / step) * step : fromDay
  const result: Date[] = []
  for (let day = firstDay; day <= horizon && result.length < count; day += step) {
    if (!matchesRule(s.rule, day, startDay)) continue
    const date = dateOfDayNumber(day)
    if (excluded.has(date) || (s.skipHolidays && isJapaneseHoliday(date))) continue
    const instant = tokyoInstant(date, s.time)
    if (instant.getTime() > after.getTime()) result.push(instant)
  }
  return result
}

/** The first occurrence at or after `from` (a series' first `next_run_at`), or null. */
export function firstOccurrenceFrom(spec: RecurrenceSpecInput, from: Date): Date | null {
  return nextOccurrences(spec, new Date(from.getTime() - 1), 1)[0] ?? null
}

// --- RFC 5545 text --------------------------------------------------------------------------

const compactDate = (date: string) => date.replaceAll('-', '')
const compactTime = (time: string) => `${time.replace(':', '')}00`

/**
 * RFC 5545 text: `DTSTART;TZID=Asia/Tokyo:20270104T090000`, the `RRULE` and, when there are
 * excluded dates, `EXDATE;TZID=Asia/Tokyo:…`. `UNTIL` is the end of the last day in Tokyo, in UTC
 * (RFC 5545 requires UTC when DTSTART has a TZID). Holidays are not expressible in RFC 5545: the
 * series row keeps `skip_holidays` beside the text.
 */
export function toRRule(spec: RecurrenceSpecInput): string {
  const s = RecurrenceSpec.parse(spec)
  const parts: string[] = []
  const rule = s.rule
  switch (rule.kind) {
    case 'weekly':
      parts.push('FREQ=WEEKLY', `BYDAY=${WEEKDAYS.filter((d) => rule.weekdays.includes(d)).join(',')}`)
      break
    case 'monthly_day':
      parts.push('FREQ=MONTHLY', `BYMONTHDAY=${rule.day}`)
      break
    case 'monthly_nth':
      parts.push('FREQ=MONTHLY', `BYDAY=${rule.nth}${rule.weekday}`)
      break
    case 'every_n_days':
      parts.push('FREQ=DAILY', `INTERVAL=${rule.n}`)
      break
  }
  if (s.until) {
    const endOfDay = new Date(tokyoInstant(s.until, '00:00').getTime() + DAY_MS - 1000)
    parts.push(
      `UNTIL=${endOfDay
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '')}`,
    )
  }
  const lines = [
    `DTSTART;TZID=Asia/Tokyo:${compactDate(s.startDate)}T${compactTime(s.time)}`,
    `RRULE:${parts.join(';')}`,
  ]
  const excluded = [...new Set(s.excludedDates)].sort()
  if (excluded.length > 0) {
    lines.push(
      `EXDATE;TZID=Asia/Tokyo:${excluded.map((d) => `${compactDate(d)}T${compactTime(s.time)}`).join(',')}`,
    )
  }
  return lines.join('\n')
}

export class RecurrenceParseError extends Error {
  override name = 'RecurrenceParseError'
}

const fail = (why: string): never => {
  throw new RecurrenceParseError(`not a recurrence this app writes: ${why}`)
}

const expandDate = (compact: string) => `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`

/** Reads the text `toRRule` writes back into a spec (the inverse of `toRRule`). */
export function specFromRRule(text: string, skipHolidays: boolean): RecurrenceSpec {
  let startDate: string | undefined
  let time: string | undefined
  let rule: Record<string, string> | undefined
  const excludedDates: string[] = []
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim()
    if (!line) continue
    const dtstart = /^DTSTART;TZID=Asia\/Tokyo:(\d{8})T(\d{2})(\d{2})(\d{2})$/.exec(line)
    const exdate = /^EXDATE;TZID=Asia\/Tokyo:(.+)$/.exec(line)
    if (dtstart) {
      startDate = expandDate(dtstart[1]!)
      time = `${dtstart[2]}:${dtstart[3]}`
    } else if (line.startsWith('RRULE:')) {
      rule = Object.fromEntries(
        line
          .slice('RRULE:'.length)
          .split(';')
          .map((pair) => pair.split('=') as [string, string]),
      )
    } else if (exdate) {
      for (const value of exdate[1]!.split(',')) {
        const m = /^(\d{8})(T\d{6})?$/.exec(value.trim()) ?? fail(`EXDATE ${value}`)
        excludedDates.push(expandDate(m[1]!))
      }
    } else {
      fail(line)
    }
  }
  if (!startDate || !time) return fail('no DTSTART;TZID=Asia/Tokyo')
  if (!rule) return fail('no RRULE')
  let until: string | null = null
  if (rule.UNTIL) {
    const m = /^(\d{8})T(\d{2})(\d{2})(\d{2})Z$/.exec(rule.UNTIL) ?? fail(`UNTIL ${rule.UNTIL}`)
    const instant = new Date(`${expandDate(m[1]!)}T${m[2]}:${m[3]}:${m[4]}Z`)
    until = tokyoDate(instant)
  }
  const parsed = RecurrenceSpec.safeParse({
    startDate,
    time,
    rule: ruleFromParts(rule),
    until,
    excludedDates,
    skipHolidays,
  })
  return parsed.success ? parsed.data : fail(parsed.error.message)
}

function ruleFromParts(rule: Record<string, string>): RecurrenceRule {
  const byday = rule.BYDAY
  switch (rule.FREQ) {
    case 'WEEKLY':
      return { kind: 'weekly', weekdays: (byday ?? fail('weekly without BYDAY')).split(',') as Weekday[] }
    case 'MONTHLY': {
      if (rule.BYMONTHDAY) return { kind: 'monthly_day', day: Number(rule.BYMONTHDAY) }
      const m = /^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.exec(byday ?? '') ?? fail(`monthly BYDAY ${byday}`)
      return { kind: 'monthly_nth', nth: Number(m[1]) as 1 | 2 | 3 | 4 | -1, weekday: m[2] as Weekday }
    }
    case 'DAILY':
      return { kind: 'every_n_days', n: Number(rule.INTERVAL ?? '1') }
    default:
      return fail(`FREQ ${rule.FREQ}`)
  }
}

// --- Words ----------------------------------------------------------------------------------

const JA_WEEKDAY: Record<Weekday, string> = {
  MO: '月',
  TU: '火',
  WE: '水',
  TH: '木',
  FR: '金',
  SA: '土',
  SU: '日',
}
const EN_WEEKDAY: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
}
const EN_NTH: Record<1 | 2 | 3 | 4 | -1, string> = {
  1: 'first',
  2: 'second',
  3: 'third',
  4: 'fourth',
  [-1]: 'last',
}

/** `09:05` → `9:05` (how times are written on notices). */
const clock = (time: string) => time.replace(/^0(\d)/, '$1')

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th')
  return `${n}${suffix}`
}

function englishList(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}

function jaDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

function describeRuleJa(rule: RecurrenceRule): string {
  switch (rule.kind) {
    case 'weekly': {
      const days = WEEKDAYS.filter((d) => rule.weekdays.includes(d))
      return days.length === 7 ? '毎日' : `毎週${days.map((d) => JA_WEEKDAY[d]).join('・')}曜日`
    }
    case 'monthly_day':
      return `毎月${rule.day}日`
    case 'monthly_nth':
      return `毎月${rule.nth === -1 ? '最終' : `第${rule.nth}`}${JA_WEEKDAY[rule.weekday]}曜日`
    case 'every_n_days':
      return rule.n === 1 ? '毎日' : `${rule.n}日ごと`
  }
}

function describeRuleEn(rule: RecurrenceRule): string {
  switch (rule.kind) {
    case 'weekly': {
      const days = WEEKDAYS.filter((d) => rule.weekdays.includes(d))
      return days.length === 7 ? 'Every day' : `Every ${englishList(days.map((d) => EN_WEEKDAY[d]))}`
    }
    case 'monthly_day':
      return `Monthly on the ${ordinal(rule.day)}`
    case 'monthly_nth':
      return `Monthly on the ${EN_NTH[rule.nth]} ${EN_WEEKDAY[rule.weekday]}`
    case 'every_n_days':
      return rule.n === 1 ? 'Every day' : `Every ${rule.n} days`
  }
}

/**
 * A plain-language summary for staff: 「毎週月曜日 9:00、祝日を除く」 /
 * "Every Monday at 9:00, except public holidays".
 */
export function describeRecurrence(spec: RecurrenceSpecInput, language: 'ja' | 'en'): string {
  const s = RecurrenceSpec.parse(spec)
  const excludedCount = new Set(s.excludedDates).size
  if (language === 'ja') {
    const parts = [`${describeRuleJa(s.rule)} ${clock(s.time)}`]
    if (s.skipHolidays) parts.push('祝日を除く')
    if (excludedCount > 0) parts.push(`除外日 ${excludedCount} 日`)
    if (s.until) parts.push(`${jaDate(s.until)}まで`)
    return parts.join('、')
  }
  const parts = [`${describeRuleEn(s.rule)} at ${clock(s.time)}`]
  if (s.skipHolidays) parts.push('except public holidays')
  if (excludedCount > 0) parts.push(`${excludedCount} ${excludedCount === 1 ? 'date' : 'dates'} excluded`)
  if (s.until) parts.push(`until ${s.until}`)
  return parts.join(', ')
}
