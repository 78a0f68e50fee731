import holidayJp from '@holiday-jp/holiday_jp'
import * as rruleModule from 'rrule'
import { describe, expect, it } from 'vitest'
import {
  describeRecurrence,
  firstOccurrenceFrom,
  isJapaneseHoliday,
  nextOccurrences,
  RecurrenceParseError,
  RecurrenceSpec,
  type RecurrenceSpecInput,
  specFromRRule,
  tokyoDate,
  tokyoTime,
  toRRule,
  WEEKDAYS,
} from './recurrence.ts'

// rrule is CommonJS: under Node's ESM loader its exports sit on `default`.
const { RRule, RRuleSet } = ((rruleModule as unknown as { default?: typeof rruleModule }).default ??
  rruleModule) as typeof rruleModule

const base = { excludedDates: [] as string[], skipHolidays: false }
const utc = (iso: string) => new Date(iso)
const iso = (dates: Date[]) => dates.map((d) => d.toISOString())
/** Tokyo `YYYY-MM-DD HH:mm` of each instant, for readable expectations. */
const tokyo = (dates: Date[]) => dates.map((d) => `${tokyoDate(d)} ${tokyoTime(d)}`)

describe('the holiday list', () => {
  it('knows the 2027 holidays used below (hand-checked against the 内閣府 calendar)', () => {
    expect(isJapaneseHoliday('2027-01-11')).toBe(true) // 成人の日, 2nd Monday of January
    expect(isJapaneseHoliday('2027-02-11')).toBe(true) // 建国記念の日
    expect(isJapaneseHoliday('2027-02-23')).toBe(true) // 天皇誕生日 (a Tuesday)
    expect(isJapaneseHoliday('2027-03-22')).toBe(true) // 春分の日 振替休日
    expect(isJapaneseHoliday('2027-05-03')).toBe(true)
    expect(isJapaneseHoliday('2027-01-12')).toBe(false)
    expect(holidayJp.isHoliday('2027-01-11')).toBe(true)
  })
})

describe('nextOccurrences', () => {
  it('weekly on Monday from 2027-01-01, skipping holidays and an excluded date', () => {
    const spec: RecurrenceSpecInput = {
      startDate: '2027-01-01',
      time: '09:00',
      rule: { kind: 'weekly', weekdays: ['MO'] },
      excludedDates: ['2027-01-25'],
      skipHolidays: true,
    }
    // Mondays: 1/4, 1/11 成人の日, 1/18, 1/25 excluded, 2/1, 2/8, 2/15, 2/22, 3/1, 3/8, 3/15, 3/22 振替休日, 3/29
    expect(tokyo(nextOccurrences(spec, utc('2026-12-01T00:00:00Z'), 10))).toEqual([
      '2027-01-04 09:00',
      '2027-01-18 09:00',
      '2027-02-01 09:00',
      '2027-02-08 09:00',
      '2027-02-15 09:00',
      '2027-02-22 09:00',
      '2027-03-01 09:00',
      '2027-03-08 09:00',
      '2027-03-15 09:00',
      '2027-03-29 09:00',
    ])
    // 9:00 in Tokyo is 0:00 UTC the same day
    expect(iso(nextOccurrences(spec, utc('2026-12-01T00:00:00Z'), 2))).toEqual([
      '2027-01-04T00:00:00.000Z',
      '2027-01-18T00:00:00.000Z',
    ])
    // without skipHolidays the holidays come back; the excluded date does not
    expect(
      tokyo(nextOccurrences({ ...spec, skipHolidays: false }, utc('2026-12-01T00:00:00Z'), 4)).map((d) =>
        d.slice(0, 10),
      ),
    ).toEqual(['2027-01-04', '2027-01-11', '2027-01-18', '2027-02-01'])
  })

  it('weekly on several days: Tuesday and Thursday in February 2027 without 2/11 and 2/23', () => {
    const spec = {
      ...base,
      startDate: '2027-02-01',
      time: '18:30',
      rule: { kind: 'weekly', weekdays: ['TH', 'TU'] },
      skipHolidays: true,
    } satisfies RecurrenceSpecInput
    expect(iso(nextOccurrences(spec, utc('2027-01-01T00:00:00Z'), 8))).toEqual([
      '2027-02-02T09:30:00.000Z',
      '2027-02-04T09:30:00.000Z',
      '2027-02-09T09:30:00.000Z',
      '2027-02-16T09:30:00.000Z',
      '2027-02-18T09:30:00.000Z',
      '2027-02-25T09:30:00.000Z',
      '2027-03-02T09:30:00.000Z',
      '2027-03-04T09:30:00.000Z',
    ])
  })

  it('Golden Week: Monday, Wednesday and Friday skip 5/3 and 5/5', () => {
    const spec = {
      ...base,
      startDate: '2027-04-26',
      time: '12:00',
      rule: { kind: 'weekly', weekdays: ['MO', 'WE', 'FR'] },
      skipHolidays: true,
    } satisfies RecurrenceSpecInput
    expect(tokyo(nextOccurrences(spec, utc('2027-04-01T00:00:00Z'), 6)).map((d) => d.slice(0, 10))).toEqual([
      '2027-04-26',
      '2027-04-28',
      '2027-04-30',
      '2027-05-07',
      '2027-05-10',
      '2027-05-12',
    ])
  })

  it('monthly on the second Tuesday', () => {
    const spec = {
      ...base,
      startDate: '2027-01-01',
      time: '10:00',
      rule: { kind: 'monthly_nth', nth: 2, weekday: 'TU' },
    } satisfies RecurrenceSpecInput
    expect(tokyo(nextOccurrences(spec, utc('2026-06-01T00:00:00Z'), 5))).toEqual([
      '2027-01-12 10:00',
      '2027-02-09 10:00',
      '2027-03-09 10:00',
      '2027-04-13 10:00',
      '2027-05-11 10:00',
    ])
  })

  it('monthly on the first Monday skips a holiday Monday (5/3) without moving it', () => {
    const spec = {
      ...base,
      startDate: '2027-01-01',
      time: '09:00',
      rule: { kind: 'monthly_nth', nth: 1, weekday: 'MO' },
      skipHolidays: true,
    } satisfies RecurrenceSpecInput
    expect(tokyo(nextOccurrences(spec, utc('2026-06-01T00:00:00Z'), 5)).map((d) => d.slice(0, 10))).toEqual([
      '2027-01-04',
      '2027-02-01',
      '2027-03-01',
      '2027-04-05',
      '2027-06-07',
    ])
  })

  it('monthly on the last Friday (four- and five-Friday months)', () => {
    const spec = {
      ...base,
      startDate: '2027-01-01',
      time: '18:00',
      rule: { kind: 'monthly_nth', nth: -1, weekday: 'FR' },
    } satisfies RecurrenceSpecInput
    expect(tokyo(nextOccurrences(spec, utc('2026-06-01T00:00:00Z'), 5)).map((d) => d.slice(0, 10))).toEqual([
      '2027-01-29',
      '2027-02-26',
      '2027-03-26',
      '2027-04-30',
      '2027-05-28',
    ])
    // March 2027 has 31 days and its last Thursday is the 25th (31 − 6): the edge of "last"
    const lastThursday = {
      ...spec,
      rule: { kind: 'monthly_nth', nth: -1, weekday: 'TH' },
    } satisfies RecurrenceSpecInput
    expect(
      tokyo(nextOccurrences(lastThursday, utc('2027-03-01T00:00:00Z'), 2)).map((d) => d.slice(0, 10)),
    ).toEqual(['2027-03-25', '2027-04-29'])
  })

  it('monthly on the 31st skips months without one; 8:30 Tokyo is the previous day in UTC', () => {
    const spec = {
      ...base,
      startDate: '2027-01-01',
      time: '08:30',
      rule: { kind: 'monthly_day', day: 31 },
    } satisfies RecurrenceSpecInput
    expect(iso(nextOccurrences(spec, utc('2026-06-01T00:00:00Z'), 4))).toEqual([
      '2027-01-30T23:30:00.000Z',
      '2027-03-30T23:30:00.000Z',
      '2027-05-30T23:30:00.000Z',
      '2027-07-30T23:30:00.000Z',
    ])
  })

  it('every 3 days keeps its cycle from the start date, across months', () => {
    const spec = {
      ...base,
      startDate: '2027-01-30',
      time: '07:00',
      rule: { kind: 'every_n_days', n: 3 },
    } satisfies RecurrenceSpecInput
    expect(tokyo(nextOccurrences(spec, utc('2027-01-01T00:00:00Z'), 3))).toEqual([
      '2027-01-30 07:00',
      '2027-02-02 07:00',
      '2027-02-05 07:00',
    ])
    // after 9:00 on 2/3 (Tokyo): 2/5, 2/8, 2/11 — at 22:00 UTC the day before
    expect(iso(nextOccurrences(spec, utc('2027-02-03T00:00:00Z'), 3))).toEqual([
      '2027-02-04T22:00:00.000Z',
      '2027-02-07T22:00:00.000Z',
      '2027-02-10T22:00:00.000Z',
    ])
    // 2/11 建国記念の日 skipped: the cycle continues with 2/14, not 2/12
    expect(
      tokyo(nextOccurrences({ ...spec, skipHolidays: true }, utc('2027-02-06T00:00:00Z'), 2)).map((d) =>
        d.slice(0, 10),
      ),
    ).toEqual(['2027-02-08', '2027-02-14'])
  })

  it('Tokyo around midnight: 0:30 on Monday is Sunday 15:30 UTC, and "after" is strict', () => {
    const spec = {
      ...base,
      startDate: '2027-01-04',
      time: '00:30',
      rule: { kind: 'weekly', weekdays: ['MO'] },
    } satisfies RecurrenceSpecInput
    expect(iso(nextOccurrences(spec, utc('2027-01-03T15:29:59.999Z'), 1))).toEqual([
      '2027-01-03T15:30:00.000Z',
    ])
    expect(iso(nextOccurrences(spec, utc('2027-01-03T15:30:00.000Z'), 1))).toEqual([
      '2027-01-10T15:30:00.000Z',
    ])
    // 23:59 on Monday in Tokyo is still Monday in UTC (14:59)
    expect(iso(nextOccurrences({ ...spec, time: '23:59' }, utc('2027-01-01T00:00:00Z'), 1))).toEqual([
      '2027-01-04T14:59:00.000Z',
    ])
    // a start date's occurrence that is already past (Tokyo 1/4 0:30 < now) is not returned
    expect(tokyo(nextOccurrences(spec, utc('2027-01-04T00:00:00Z'), 1))).toEqual(['2027-01-11 00:30'])
  })

  it('until is inclusive and ends the rule', () => {
    const spec = {
      ...base,
      startDate: '2027-03-29',
      time: '23:00',
      rule: { kind: 'every_n_days', n: 1 },
      until: '2027-03-31',
    } satisfies RecurrenceSpecInput
    expect(tokyo(nextOccurrences(spec, utc('2027-01-01T00:00:00Z'), 10))).toEqual([
      '2027-03-29 23:00',
      '2027-03-30 23:00',
      '2027-03-31 23:00',
    ])
    expect(nextOccurrences(spec, utc('2027-03-31T14:00:00Z'), 1)).toEqual([])
  })

  it('firstOccurrenceFrom includes an occurrence exactly at the given instant', () => {
    const spec = {
      ...base,
      startDate: '2027-01-04',
      time: '09:00',
      rule: { kind: 'weekly', weekdays: ['MO'] },
    } satisfies RecurrenceSpecInput
    expect(firstOccurrenceFrom(spec, utc('2027-01-04T00:00:00Z'))?.toISOString()).toBe(
      '2027-01-04T00:00:00.000Z',
    )
    expect(firstOccurrenceFrom({ ...spec, until: '2027-01-05' }, utc('2027-01-05T00:00:00Z'))).toBeNull()
  })
})

describe('RecurrenceSpec', () => {
  it('refuses impossible dates, times, empty weekdays and until before start', () => {
    const ok = { startDate: '2027-01-04', time: '09:00', rule: { kind: 'weekly', weekdays: ['MO'] } }
    expect(RecurrenceSpec.safeParse(ok).success).toBe(true)
    expect(RecurrenceSpec.safeParse({ ...ok, startDate: '2027-02-30' }).success).toBe(false)
    expect(RecurrenceSpec.safeParse({ ...ok, time: '24:00' }).success).toBe(false)
    expect(RecurrenceSpec.safeParse({ ...ok, time: '9:00' }).success).toBe(false)
    expect(RecurrenceSpec.safeParse({ ...ok, rule: { kind: 'weekly', weekdays: [] } }).success).toBe(false)
    expect(RecurrenceSpec.safeParse({ ...ok, rule: { kind: 'monthly_day', day: 32 } }).success).toBe(false)
    expect(
      RecurrenceSpec.safeParse({ ...ok, rule: { kind: 'monthly_nth', nth: 5, weekday: 'MO' } }).success,
    ).toBe(false)
    expect(RecurrenceSpec.safeParse({ ...ok, rule: { kind: 'every_n_days', n: 0 } }).success).toBe(false)
    expect(RecurrenceSpec.safeParse({ ...ok, until: '2027-01-03' }).success).toBe(false)
    expect(RecurrenceSpec.safeParse({ ...ok, until: '2027-01-04' }).success).toBe(true)
  })
})

describe('RFC 5545 text', () => {
  it('writes DTSTART with TZID, the RRULE with UNTIL in UTC, and EXDATE', () => {
    const spec = {
      startDate: '2027-01-04',
      time: '09:00',
      rule: { kind: 'weekly', weekdays: ['FR', 'MO'] },
      until: '2027-03-31',
      excludedDates: ['2027-01-25', '2027-01-18'],
      skipHolidays: true,
    } satisfies RecurrenceSpecInput
    const text = toRRule(spec)
    expect(text).toBe(
      [
        'DTSTART;TZID=Asia/Tokyo:20270104T090000',
        'RRULE:FREQ=WEEKLY;BYDAY=MO,FR;UNTIL=20270331T145959Z',
        'EXDATE;TZID=Asia/Tokyo:20270118T090000,20270125T090000',
      ].join('\n'),
    )
    expect(specFromRRule(text, true)).toEqual({
      ...spec,
      rule: { kind: 'weekly', weekdays: ['MO', 'FR'] },
      excludedDates: ['2027-01-18', '2027-01-25'],
    })
  })

  it('writes every rule kind and reads it back', () => {
    const specs: RecurrenceSpecInput[] = [
      { startDate: '2027-01-01', time: '10:00', rule: { kind: 'monthly_nth', nth: 2, weekday: 'TU' } },
      { startDate: '2027-01-01', time: '18:00', rule: { kind: 'monthly_nth', nth: -1, weekday: 'FR' } },
      { startDate: '2027-01-15', time: '08:30', rule: { kind: 'monthly_day', day: 15 } },
      { startDate: '2027-01-30', time: '07:00', rule: { kind: 'every_n_days', n: 3 }, until: '2027-12-31' },
    ]
    expect(specs.map(toRRule).map((t) => t.split('\n')[1])).toEqual([
      'RRULE:FREQ=MONTHLY;BYDAY=2TU',
      'RRULE:FREQ=MONTHLY;BYDAY=-1FR',
      'RRULE:FREQ=MONTHLY;BYMONTHDAY=15',
      'RRULE:FREQ=DAILY;INTERVAL=3;UNTIL=20271231T145959Z',
    ])
    for (const spec of specs) {
      expect(specFromRRule(toRRule(spec), false)).toEqual(RecurrenceSpec.parse(spec))
    }
  })

  it('refuses text it did not write', () => {
    expect(() => specFromRRule('RRULE:FREQ=WEEKLY;BYDAY=MO', false)).toThrow(RecurrenceParseError)
    expect(() => specFromRRule('DTSTART:20270104T090000Z\nRRULE:FREQ=WEEKLY;BYDAY=MO', false)).toThrow(
      RecurrenceParseError,
    )
    expect(() => specFromRRule('DTSTART;TZID=Asia/Tokyo:20270104T090000\nRRULE:FREQ=HOURLY', false)).toThrow(
      RecurrenceParseError,
    )
  })

  it('means in the rrule library what nextOccurrences computes (random specs)', () => {
    // mulberry32: a fixed seed, so a failure reproduces
    let seed = 20270111
    const random = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)
    }
    for (let i = 0; i < 150; i++) {
      const spec = randomSpec(random)
      const text = toRRule(spec)
      const after = new Date(Date.UTC(2026, 11, 20) + random(400) * 86_400_000 + random(1440) * 60_000)
      const ours = nextOccurrences(spec, after, 25)
      expect(iso(ours), text).toEqual(iso(viaRRuleLibrary(text, spec.skipHolidays, after, ours.length || 25)))
    }
  })
})

function randomSpec(random: (n: number) => number): RecurrenceSpec {
  const day = (offset: number) =>
    new Date(Date.UTC(2027, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10)
  const startOffset = random(200)
  const pick = <T>(items: readonly T[]) => items[random(items.length)]!
  const rules = [
    () => ({
      kind: 'weekly' as const,
      weekdays: WEEKDAYS.filter(() => random(3) === 0).concat(pick(WEEKDAYS)),
    }),
    () => ({ kind: 'monthly_day' as const, day: 1 + random(31) }),
    () => ({ kind: 'monthly_nth' as const, nth: pick([1, 2, 3, 4, -1] as const), weekday: pick(WEEKDAYS) }),
    () => ({ kind: 'every_n_days' as const, n: 1 + random(20) }),
  ]
  const rule = pick(rules)()
  if (rule.kind === 'weekly') rule.weekdays = [...new Set(rule.weekdays)]
  return RecurrenceSpec.parse({
    startDate: day(startOffset),
    time: `${String(random(24)).padStart(2, '0')}:${String(random(60)).padStart(2, '0')}`,
    rule,
    until: random(3) === 0 ? day(startOffset + random(500)) : null,
    excludedDates: Array.from({ length: random(6) }, () => day(startOffset + random(120))),
    skipHolidays: random(2) === 0,
  })
}

/**
 * The same occurrences through the rrule library, in its "floating" mode: Tokyo wall-clock times
 * as if they were UTC, then shifted by the fixed +9 h. UNTIL in the text is real UTC, so it is
 * shifted into floating time too.
 */
function viaRRuleLibrary(text: string, skipHolidays: boolean, after: Date, count: number): Date[] {
  const nineHours = 9 * 3_600_000
  const lines = text.split('\n')
  const [, y, mo, d, h, mi] = /(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})/.exec(lines[0]!)!.map(Number) as number[]
  const options = RRule.parseString(lines[1]!.slice('RRULE:'.length))
  const set = new RRuleSet()
  set.rrule(
    new RRule({
      ...options,
      dtstart: new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!)),
      until: options.until ? new Date(options.until.getTime() + nineHours) : null,
    }),
  )
  const exdates = lines[2]?.split(':')[1]?.split(',') ?? []
  for (const ex of exdates) {
    const [, ey, emo, ed, eh, emi] = /(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})/.exec(ex)!.map(Number) as number[]
    set.exdate(new Date(Date.UTC(ey!, emo! - 1, ed!, eh!, emi!)))
  }
  const result: Date[] = []
  let cursor = new Date(after.getTime() + nineHours)
  while (result.length < count) {
    const next = set.after(cursor, false)
    if (!next) break
    cursor = next
    if (skipHolidays && holidayJp.isHoliday(next.toISOString().slice(0, 10))) continue
    result.push(new Date(next.getTime() - nineHours))
  }
  return result
}

describe('describeRecurrence', () => {
  const cases: [RecurrenceSpecInput, string, string][] = [
    [
      {
        startDate: '2027-01-04',
        time: '09:00',
        rule: { kind: 'weekly', weekdays: ['MO'] },
        skipHolidays: true,
      },
      '毎週月曜日 9:00、祝日を除く',
      'Every Monday at 9:00, except public holidays',
    ],
    [
      { startDate: '2027-01-01', time: '10:00', rule: { kind: 'monthly_nth', nth: 2, weekday: 'TU' } },
      '毎月第2火曜日 10:00',
      'Monthly on the second Tuesday at 10:00',
    ],
    [
      { startDate: '2027-01-01', time: '18:00', rule: { kind: 'monthly_nth', nth: -1, weekday: 'FR' } },
      '毎月最終金曜日 18:00',
      'Monthly on the last Friday at 18:00',
    ],
    [
      { startDate: '2027-01-01', time: '08:30', rule: { kind: 'monthly_day', day: 15 } },
      '毎月15日 8:30',
      'Monthly on the 15th at 8:30',
    ],
    [
      { startDate: '2027-01-01', time: '08:30', rule: { kind: 'monthly_day', day: 22 } },
      '毎月22日 8:30',
      'Monthly on the 22nd at 8:30',
    ],
    [
      { startDate: '2027-01-01', time: '07:00', rule: { kind: 'every_n_days', n: 3 } },
      '3日ごと 7:00',
      'Every 3 days at 7:00',
    ],
    [
      { startDate: '2027-01-01', time: '07:05', rule: { kind: 'every_n_days', n: 1 } },
      '毎日 7:05',
      'Every day at 7:05',
    ],
    [
      {
        startDate: '2027-01-01',
        time: '09:00',
        rule: { kind: 'weekly', weekdays: ['FR', 'MO', 'WE'] },
        excludedDates: ['2027-01-08', '2027-01-15'],
        until: '2027-03-31',
      },
      '毎週月・水・金曜日 9:00、除外日 2 日、2027年3月31日まで',
      'Every Monday, Wednesday and Friday at 9:00, 2 dates excluded, until 2027-03-31',
    ],
    [
      {
        startDate: '2027-01-01',
        time: '21:00',
        rule: { kind: 'weekly', weekdays: ['SA', 'SU'] },
        excludedDates: ['2027-01-09'],
        skipHolidays: true,
      },
      '毎週土・日曜日 21:00、祝日を除く、除外日 1 日',
      'Every Saturday and Sunday at 21:00, except public holidays, 1 date excluded',
    ],
  ]
  it.each(cases)('%j', (spec, ja, en) => {
    expect(describeRecurrence(spec, 'ja')).toBe(ja)
    expect(describeRecurrence(spec, 'en')).toBe(en)
  })
})
