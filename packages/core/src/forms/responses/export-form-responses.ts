import { formatAnswer, localize, type Question } from '@kairan/forms'
import { stripFurigana } from '@kairan/i18n'
import ExcelJS from 'exceljs'
import { toCsv } from '../../audit/list-access-logs.ts'
import { writeAccessLog } from '../../audit/write-access-log.ts'
import { type Ctx, requirePermission } from '../../ctx.ts'
import type { SecretBox } from '../../shared/secret-box.ts'
import { compileAnswerFilters, matchesAll } from './answer-filters.ts'
import { fileNames, loadFormForAnswers, responseWhere, scanResponses, uploadsOf } from './answer-scope.ts'
import { ExportFormResponsesInput, type ExportLanguage } from './schemas.ts'

/** Titles of the columns every export starts with, in the staff's language. */
const FIXED_HEADERS: Record<ExportLanguage, string[]> = {
  ja: ['回答ID', '回答日時', '更新日時', '友だち名', 'バージョン', '言語'],
  en: ['Answer ID', 'Answered at', 'Updated at', 'Friend name', 'Version', 'Language'],
}

/** The resident's answering language, named for the reader of the file (unknown tags stay as they are). */
const LANGUAGE_NAMES: Record<ExportLanguage, Record<string, string>> = {
  ja: {
    ja: '日本語',
    'ja-easy': 'やさしい日本語',
    en: '英語',
    ko: '韓国語',
    'zh-Hans': '中国語（簡体字）',
    'zh-Hant': '中国語（繁体字）',
  },
  en: {
    ja: 'Japanese',
    'ja-easy': 'Easy Japanese',
    en: 'English',
    ko: 'Korean',
    'zh-Hans': 'Chinese (Simplified)',
    'zh-Hant': 'Chinese (Traditional)',
  },
}

const FILE_WORD: Record<ExportLanguage, string> = { ja: '回答', en: 'answers' }
const SHEET_FALLBACK: Record<ExportLanguage, string> = { ja: '回答', en: 'Answers' }

const TOKYO_OFFSET_MS = 9 * 3_600_000

/** "2026-11-21 14:03" in Japan time. */
export function tokyoDateTime(moment: Date): string {
  return new Date(moment.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
}

/**
 * A moment as Excel shows it: Excel dates have no time zone, so the Japan wall-clock time is
 * written as if it were UTC (what exceljs converts to a serial number).
 */
function excelDate(moment: Date): Date {
  return new Date(moment.getTime() + TOKYO_OFFSET_MS)
}

type ExportRow = { fixed: [string, Date, Date | null, string, number | null, string]; answers: string[] }

/**
 * The answers of a form as a CSV (UTF-8 with BOM, CRLF, formula-safe; Excel in Japan opens it
 * as is) or an .xlsx workbook: one row per answer, oldest first, one column per question with its
 * label in the chosen language (FORM-2). The export is written to the access log
 * (`form_response.export`, SEC-5) before the file is handed out.
 */
export async function exportFormResponses({
  ctx,
  secrets,
  input,
}: {
  ctx: Ctx
  secrets: SecretBox
  input: ExportFormResponsesInput
}) {
  requirePermission(ctx, 'form_answers.export')
  const f = ExportFormResponsesInput.parse(input)
  const headerLanguage = f.headerLanguage ?? f.language
  const tenantId = ctx.actor.tenantId
  const form = await loadFormForAnswers(ctx.db, tenantId, f.formId)
  const matchers = compileAnswerFilters(f.filters, form.questions)
  const questions = [...form.questions.values()]
  const versionNumber = new Map(form.versions.map((v) => [v.id, v.version]))

  const rows: ExportRow[] = []
  for await (const batch of scanResponses(ctx.db, secrets, responseWhere(tenantId, form.id, f), 'asc')) {
    const matching = batch.filter((row) => matchesAll(matchers, row.answers))
    const files = await uploadsOf(
      ctx.db,
      secrets,
      tenantId,
      matching.map((r) => r.id),
    )
    for (const row of matching) {
      const names = fileNames(files.get(row.id))
      const version = versionNumber.get(row.formVersionId)
      rows.push({
        fixed: [
          row.id,
          row.submittedAt,
          // updatedAt also moves when the receipt message is sent: only an edit is an update here.
          row.editCount > 0 ? row.updatedAt : null,
          row.displayName ?? '',
          version ?? null,
          LANGUAGE_NAMES[headerLanguage][row.language] ?? row.language,
        ],
        answers: questions.map((q) => answerText(q, row.answers[q.id], f.language, names)),
      })
    }
  }

  const header = [
    ...FIXED_HEADERS[headerLanguage],
    ...questions.map((q) => stripFurigana(localize(q.label, f.language))),
  ]
  const title = stripFurigana(localize(form.title, f.language)) || SHEET_FALLBACK[headerLanguage]
  const body =
    f.format === 'csv'
      ? Buffer.from(toCsv(header, rows.map(csvRow)), 'utf8')
      : await workbook(header, rows, sheetName(title, SHEET_FALLBACK[headerLanguage]))

  await writeAccessLog(ctx.db, ctx, {
    tenantId,
    action: 'form_response.export',
    targetType: 'form',
    targetId: form.id,
    detail: {
      format: f.format,
      language: f.language,
      rowCount: rows.length,
      filters: { from: f.from, to: f.to, versionId: f.versionId, answers: f.filters },
    },
  })

  const stamp = tokyoDateTime(new Date()).replace(/[-: ]/g, '').slice(0, 12)
  return {
    fileName: `${fileSafe(title)}_${FILE_WORD[headerLanguage]}_${stamp}.${f.format}`,
    contentType:
      f.format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body,
    rowCount: rows.length,
  }
}
export type FormResponseExport = Awaited<ReturnType<typeof exportFormResponses>>

function answerText(
  question: Question,
  value: Parameters<typeof formatAnswer>[1],
  language: string,
  files: Record<string, { fileName: string | null }>,
): string {
  return value === undefined ? '' : formatAnswer(question, value, language, files)
}

function csvRow(row: ExportRow): string[] {
  const [id, submittedAt, updatedAt, name, version, language] = row.fixed
  return [
    id,
    tokyoDateTime(submittedAt),
    updatedAt ? tokyoDateTime(updatedAt) : '',
    name,
    version === null ? '' : String(version),
    language,
    ...row.answers,
  ]
}

/** Excel's rules for sheet names: at most 31 characters, none of []:*?/\, not starting or ending with '. */
export function sheetName(title: string, fallback: string): string {
  const cleaned = Array.from(
    title
      .replace(/[[\]:*?/\\\p{Cc}]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  )
    .slice(0, 31)
    .join('')
    .replace(/^'+|'+$/g, '')
    .trim()
  return cleaned || fallback
}

/** A title usable in a file name on Windows, macOS and Linux. */
function fileSafe(title: string): string {
  return (
    Array.from(title.replace(/[\\/:*?"<>|\p{Cc}\s]+/gu, '_'))
      .slice(0, 60)
      .join('')
      .replace(/^[._]+|[._]+$/g, '') || 'form'
  )
}

/** Display width in "characters": full-width (CJK, kana) counts double, as Excel shows it. */
function displayWidth(text: string): number {
  let width = 0
  for (const ch of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
        ? 2
        : 1
  return width
}

async function workbook(header: string[], rows: ExportRow[], name: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.created = new Date()
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.addRow(header)
  for (const row of rows) {
    const [id, submittedAt, updatedAt, ...rest] = row.fixed
    sheet.addRow([
      id,
      excelDate(submittedAt),
      updatedAt ? excelDate(updatedAt) : null,
      ...rest,
      ...row.answers,
    ])
  }
  header.forEach((title, i) => {
    const column = sheet.getColumn(i + 1)
    if (i === 1 || i === 2) {
      column.numFmt = 'yyyy-mm-dd hh:mm'
      column.width = 18
      return
    }
    // Wide enough for the longest line (sampled), but never a screen-wide column.
    let widest = displayWidth(title)
    for (const row of rows.slice(0, 500)) {
      const text = i < 6 ? String(row.fixed[i] ?? '') : (row.answers[i - 6] ?? '')
      for (const line of text.split('\n')) widest = Math.max(widest, displayWidth(line))
    }
    column.width = Math.min(Math.max(widest + 2, 10), 60)
    if (i >= 6) column.alignment = { vertical: 'top', wrapText: true }
  })
  // After the column styles, which exceljs also applies to the header cells.
  const headerRow = sheet.getRow(1)
  headerRow.font = { bold: true }
  headerRow.alignment = { vertical: 'middle', wrapText: true }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } }
  return Buffer.from(await book.xlsx.writeBuffer())
}
