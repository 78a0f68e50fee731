import { formResponses } from '@kairan/db/schema'
import {
  type Answers,
  type AnswerValue,
  allQuestions,
  isChoiceQuestion,
  type LocalizedText,
  type QuestionType,
} from '@kairan/forms'
import { asc, sql } from 'drizzle-orm'
import { type Ctx, requirePermission } from '../../ctx.ts'
import type { SecretBox } from '../../shared/secret-box.ts'
import { compileAnswerFilters, matchesAll } from './answer-filters.ts'
import { loadFormForAnswers, responseWhere, scanResponses, tokyoDay, tokyoDayStart } from './answer-scope.ts'
import { FormResponseStatsInput } from './schemas.ts'

/** Up to this many days, the per-day series is continuous (days without answers count 0). */
const MAX_FILLED_DAYS = 366

export type ChoiceStats = {
  questionId: string
  label: LocalizedText
  type: QuestionType
  /** Answers in which the question was answered (the base of the percentages). */
  answered: number
  options: { optionId: string; label: LocalizedText; count: number }[]
}

function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined) return false
  return Array.isArray(value) ? value.length > 0 : String(value).trim() !== ''
}

/**
 * Counts for the answers page's charts, over the same scope as the table (period, version,
 * answer filters): answers per Japan-time day, and for each choice question of the current
 * version how many answers picked each option (over every version: option ids are stable).
 * Counts only: no personal data leaves, so this read is not access-logged.
 */
export async function formResponseStats({
  ctx,
  secrets,
  input,
}: {
  ctx: Ctx
  secrets: SecretBox
  input: FormResponseStatsInput
}) {
  requirePermission(ctx, 'form_answers.read')
  const f = FormResponseStatsInput.parse(input)
  const tenantId = ctx.actor.tenantId
  const form = await loadFormForAnswers(ctx.db, tenantId, f.formId)
  const matchers = compileAnswerFilters(f.filters, form.questions)
  const where = responseWhere(tenantId, form.id, f)

  const current = form.versions.find((v) => v.id === form.currentVersionId)
  const questions: ChoiceStats[] = (current ? allQuestions(current.definition) : [])
    .filter(isChoiceQuestion)
    .map((q) => ({
      questionId: q.id,
      label: q.label,
      type: q.type,
      answered: 0,
      options: q.options.map((o) => ({ optionId: o.id, label: o.label, count: 0 })),
    }))

  // Without answer filters the days are counted in SQL, and answers are opened only when there
  // are choice questions to count; with filters every answer in the scope must be opened anyway.
  let days: { date: string; count: number }[] = []
  if (matchers.length === 0) {
    const dayOf = sql<string>`to_char(${formResponses.submittedAt} at time zone 'Asia/Tokyo', 'YYYY-MM-DD')`
    days = await ctx.db
      .select({ date: dayOf, count: sql<number>`count(*)::int` })
      .from(formResponses)
      .where(where)
      .groupBy(dayOf)
      .orderBy(asc(dayOf))
  }
  const perDay = new Map<string, number>()
  if (matchers.length > 0 || (questions.length > 0 && days.length > 0)) {
    for await (const batch of scanResponses(ctx.db, secrets, where, 'asc')) {
      for (const row of batch) {
        if (!matchesAll(matchers, row.answers)) continue
        const date = tokyoDay(row.submittedAt)
        perDay.set(date, (perDay.get(date) ?? 0) + 1)
        countChoices(questions, row.answers)
      }
    }
    // Scanned in submission order, so the map's keys are already in date order.
    if (matchers.length > 0) days = [...perDay].map(([date, count]) => ({ date, count }))
  }
  const total = days.reduce((sum, d) => sum + d.count, 0)
  return { total, byDay: continuousDays(days, f.from, f.to), questions }
}

function countChoices(questions: ChoiceStats[], answers: Answers): void {
  for (const stats of questions) {
    const value = answers[stats.questionId]
    if (!isAnswered(value)) continue
    stats.answered++
    const picked = Array.isArray(value) ? value : [String(value)]
    for (const option of stats.options) if (picked.includes(option.optionId)) option.count++
  }
}
export type FormResponseStats = Awaited<ReturnType<typeof formResponseStats>>

/** Fills the days without answers with 0 between the period's (or the data's) first and last day. */
export function continuousDays(
  days: { date: string; count: number }[],
  from: string | undefined,
  to: string | undefined,
  today = tokyoDay(new Date()),
): { date: string; count: number }[] {
  const first = from ?? days[0]?.date
  const lastWanted = to ?? days[days.length - 1]?.date
  if (!first || !lastWanted) return days
  // Never draw days that have not happened yet, unless answers exist there (clock skew).
  const dataLast = days[days.length - 1]?.date ?? first
  const last = [lastWanted < today ? lastWanted : today, dataLast].sort().pop()!
  const start = tokyoDayStart(first).getTime()
  const span = Math.round((tokyoDayStart(last).getTime() - start) / 86_400_000) + 1
  if (span <= 0 || span > MAX_FILLED_DAYS) return days
  const counts = new Map(days.map((d) => [d.date, d.count]))
  return Array.from({ length: span }, (_, i) => {
    const date = tokyoDay(new Date(start + i * 86_400_000))
    return { date, count: counts.get(date) ?? 0 }
  })
}
