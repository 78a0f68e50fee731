import { describe, expect, it } from 'vitest'
import { answerFiltersFromSearch, answerFiltersToSearch, hasAnswerFilters } from './answer-filters.ts'

const VERSION = '0b6c2f4e-3d52-4a8e-9a57-1f0a3b4c5d6e'

describe('answer page filters in the URL', () => {
  it('reads period, version, question filters, page and view', () => {
    const f = answerFiltersFromSearch(
      new URLSearchParams(
        `from=2026-11-01&to=2026-11-30&v=${VERSION}&f=q_color:red&f=q_name:${encodeURIComponent(' 山田:太郎 ')}&page=3&view=charts`,
      ),
    )
    expect(f).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      versionId: VERSION,
      filters: [
        { questionId: 'q_color', value: 'red' },
        { questionId: 'q_name', value: '山田:太郎' },
      ],
      page: 3,
      view: 'charts',
    })
    expect(hasAnswerFilters(f)).toBe(true)
  })

  it('drops what a hand-edited URL got wrong, and swaps a reversed period', () => {
    const f = answerFiltersFromSearch(
      new URLSearchParams(
        'from=2026-12-01&to=2026-11-01&v=nope&f=:x&f=bad id:x&f=q_a:%20%20&f=q_b&page=-2&view=pie',
      ),
    )
    expect(f).toEqual({
      from: '2026-11-01',
      to: '2026-12-01',
      versionId: null,
      filters: [],
      page: 1,
      view: 'table',
    })
    expect(hasAnswerFilters({ from: null, to: null, versionId: null, filters: [] })).toBe(false)
  })

  it('writes back what it reads', () => {
    const search = `from=2026-11-01&v=${VERSION}&f=q_color%3Ared&f=q_name%3A%E5%B1%B1`
    const f = answerFiltersFromSearch(new URLSearchParams(search))
    expect(answerFiltersToSearch(f).toString()).toBe(search)
  })
})
