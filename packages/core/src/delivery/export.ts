import { en, ja } from '@kairan/i18n'
import ExcelJS from 'exceljs'
import { z } from 'zod'
import { toCsv } from '../audit/list-access-logs.ts'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { requireTenantChannel } from '../channels/channel-scope.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { tokyoDateTime } from '../forms/responses/export-form-responses.ts'
import { DeliveryHistoryFilter, type DeliveryHistoryRow, historyRows } from './history.ts'

/**
 * SEG-11: the delivery history as CSV (UTF-8 with BOM, CRLF, formula-safe cells, as the forms
 * export) or .xlsx. The export is written to the access log (`delivery.export`, SEC-5).
 */

export const ExportDeliveriesInput = DeliveryHistoryFilter.extend({
  format: z.enum(['csv', 'xlsx']),
  language: z.enum(['ja', 'en']).default('ja'),
})
export type ExportDeliveriesInput = z.input<typeof ExportDeliveriesInput>

/** An export is one file in memory; a city sends a few deliveries a day, so this is years of them. */
const MAX_ROWS = 50_000
const TOKYO_OFFSET_MS = 9 * 3_600_000

type Lang = 'ja' | 'en'

const HEADERS: Record<Lang, string[]> = {
  ja: [
    '配信ID',
    'タイトル',
    '状態',
    '配信先',
    '予約日時',
    '送信開始',
    '送信完了',
    '対象人数',
    '送信済み',
    '送信失敗',
    '配信数',
    '開封数',
    '開封率',
    'クリック数',
    'クリック率',
    'テスト送信',
    '定期配信ID',
  ],
  en: [
    'Delivery ID',
    'Title',
    'Status',
    'Target',
    'Scheduled at',
    'Started at',
    'Finished at',
    'Recipients',
    'Sent',
    'Failed',
    'Delivered',
    'Opens',
    'Open rate',
    'Clicks',
    'Click rate',
    'Test send',
    'Series ID',
  ],
}

/** The admin's own status names, so the file says what the screen says. */
const STATUS_NAMES: Record<Lang, Record<DeliveryHistoryRow['status'], string>> = {
  ja: ja.deliveries.status,
  en: en.deliveries.status,
}

const YES: Record<Lang, string> = { ja: 'はい', en: 'Yes' }
const FILE_WORD: Record<Lang, string> = { ja: '配信履歴', en: 'delivery_history' }

/** The cells of a row: dates as Date, counts as numbers, rates as fractions (0.25 = 25 %). */
function cells(row: DeliveryHistoryRow, language: Lang): (string | number | Date | null)[] {
  return [
    row.id,
    row.title,
    STATUS_NAMES[language][row.status],
    row.targetLabel,
    row.scheduledAt,
    row.startedAt,
    row.finishedAt,
    row.recipientCount,
    row.sentCount,
    row.failedCount,
    row.stats?.delivered ?? null,
    row.stats?.uniqueImpression ?? null,
    row.stats?.openRate ?? null,
    row.stats?.uniqueClick ?? null,
    row.stats?.clickRate ?? null,
    row.isTest ? YES[language] : '',
    row.seriesId ?? '',
  ]
}

const DATE_COLUMNS = new Set([4, 5, 6])
const RATE_COLUMNS = new Set([12, 14])

function csvCell(value: string | number | Date | null, column: number): string {
  if (value === null) return ''
  if (value instanceof Date) return tokyoDateTime(value)
  if (typeof value === 'number' && RATE_COLUMNS.has(column)) return `${(value * 100).toFixed(1)}%`
  return String(value)
}

async function workbook(
  header: string[],
  rows: (string | number | Date | null)[][],
  name: string,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.created = new Date()
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.addRow(header)
  for (const row of rows) {
    // Excel dates have no time zone: write Japan wall-clock time as if it were UTC.
    sheet.addRow(row.map((v) => (v instanceof Date ? new Date(v.getTime() + TOKYO_OFFSET_MS) : v)))
  }
  header.forEach((title, i) => {
    const column = sheet.getColumn(i + 1)
    if (DATE_COLUMNS.has(i)) {
      column.numFmt = 'yyyy-mm-dd hh:mm'
      column.width = 18
    } else if (RATE_COLUMNS.has(i)) {
      column.numFmt = '0.0%'
      column.width = 12
    } else {
      column.width = i === 1 ? 40 : i === 0 || i === 16 ? 38 : Math.max(12, title.length + 4)
    }
  })
  const headerRow = sheet.getRow(1)
  headerRow.font = { bold: true }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } }
  return Buffer.from(await book.xlsx.writeBuffer())
}

export async function exportDeliveries({ ctx, input }: { ctx: Ctx; input: ExportDeliveriesInput }) {
  requirePermission(ctx, 'deliveries.export')
  const f = ExportDeliveriesInput.parse(input)
  const tenantId = ctx.actor.tenantId
  const channel = await requireTenantChannel(ctx.db, tenantId, f.channelId)
  const rows = await historyRows(ctx.db, tenantId, f, f.language, { limit: MAX_ROWS, offset: 0 })
  const header = HEADERS[f.language]
  const table = rows.map((r) => cells(r, f.language))
  const bytes =
    f.format === 'csv'
      ? Buffer.from(
          toCsv(
            header,
            table.map((r) => r.map(csvCell)),
          ),
          'utf8',
        )
      : await workbook(header, table, FILE_WORD[f.language].slice(0, 31))

  await writeAccessLog(ctx.db, ctx, {
    tenantId,
    action: 'delivery.export',
    targetType: 'channel',
    targetId: channel.id,
    detail: {
      format: f.format,
      language: f.language,
      rowCount: rows.length,
      filters: {
        from: f.from ?? null,
        to: f.to ?? null,
        status: f.status ?? null,
        includeTests: !!f.includeTests,
      },
    },
  })

  const stamp = tokyoDateTime(new Date()).replace(/[-: ]/g, '').slice(0, 12)
  return {
    fileName: `${FILE_WORD[f.language]}_${stamp}.${f.format}`,
    contentType:
      f.format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes,
    rowCount: rows.length,
  }
}
export type DeliveryExport = Awaited<ReturnType<typeof exportDeliveries>>
