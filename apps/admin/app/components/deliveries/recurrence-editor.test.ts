import type { RecurrenceSpec } from '@kairan/core/recurrence'
import { createI18n, I18nextProvider } from '@kairan/i18n'
import { MantineProvider } from '@mantine/core'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { RecurrenceEditor } from './recurrence-editor.tsx'

/** Server-rendered editor: the summary and the next five dates come from core's recurrence code. */
function render(value: RecurrenceSpec, language: 'ja' | 'en') {
  const html = renderToString(
    createElement(
      I18nextProvider,
      { i18n: createI18n(language) },
      createElement(
        MantineProvider,
        null,
        createElement(RecurrenceEditor, { value, onChange: () => {}, language }),
      ),
    ),
  )
  return html.replace(/<!-- -->/g, '')
}

// 2049 is covered by the holiday list; 2049-01-11 (Monday) is 成人の日.
const mondays: RecurrenceSpec = {
  startDate: '2049-01-01',
  time: '09:00',
  rule: { kind: 'weekly', weekdays: ['MO'] },
  until: null,
  excludedDates: ['2049-01-25'],
  skipHolidays: true,
}

describe('RecurrenceEditor', () => {
  it('shows the summary and the next five deliveries in Japanese', () => {
    const html = render(mondays, 'ja')
    expect(html).toContain('毎週月曜日 9:00、祝日を除く、除外日 1 日')
    const next = [...html.matchAll(/<li[^>]*>.*?<\/li>/g)].map((m) => m[0].replace(/<[^>]+>/g, ''))
    expect(next).toEqual([
      '2049年1月4日(月) 9:00',
      '2049年1月18日(月) 9:00',
      '2049年2月1日(月) 9:00',
      '2049年2月8日(月) 9:00',
      '2049年2月15日(月) 9:00',
    ])
  })

  it('shows them in English', () => {
    const html = render(
      { ...mondays, rule: { kind: 'monthly_nth', nth: 2, weekday: 'TU' }, time: '10:00' },
      'en',
    )
    expect(html).toContain('Monthly on the second Tuesday at 10:00, except public holidays, 1 date excluded')
    expect(html).toContain('Tue, 12 Jan 2049, 10:00')
  })

  it('explains what to fix instead of showing dates when the setting is incomplete', () => {
    const html = render({ ...mondays, rule: { kind: 'weekly', weekdays: [] } }, 'ja')
    expect(html).toContain('曜日を1つ以上選んでください。')
    expect(html).toContain('設定を直すと、配信予定が表示されます。')
    expect(html).not.toContain('<li')
  })

  it('says so when the rule has no dates left', () => {
    const html = render({ ...mondays, startDate: '2049-01-12', until: '2049-01-17' }, 'ja')
    expect(html).toContain('この設定では配信日がありません。')
  })
})
