import type { DbOrTx } from '@kairan/db'
import { accessLogs } from '@kairan/db/schema'
import { and, asc, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm'
import { type Ctx, requirePermission } from '../ctx.ts'
import { AccessLogFilterInput } from '../schemas.ts'
import { writeAccessLog } from './write-access-log.ts'

/** Start of a YYYY-MM-DD day in Japan (UTC+9, no daylight saving). */
function tokyoDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+09:00`)
}

function filters(tenantId: string, f: AccessLogFilterInput): SQL[] {
  const where: SQL[] = [eq(accessLogs.tenantId, tenantId)]
  if (f.staffUserId) where.push(eq(accessLogs.staffUserId, f.staffUserId))
  if (f.action) where.push(eq(accessLogs.action, f.action))
  if (f.from) where.push(gte(accessLogs.createdAt, tokyoDayStart(f.from)))
  if (f.to) where.push(lt(accessLogs.createdAt, new Date(tokyoDayStart(f.to).getTime() + 86_400_000)))
  return where
}

const columns = {
  id: accessLogs.id,
  createdAt: accessLogs.createdAt,
  staffUserId: accessLogs.staffUserId,
  staffEmail: accessLogs.staffEmail,
  action: accessLogs.action,
  targetType: accessLogs.targetType,
  targetId: accessLogs.targetId,
  detail: accessLogs.detail,
  ip: accessLogs.ip,
  userAgent: accessLogs.userAgent,
}

/** SEC-5: the tenant's access log, newest first, with filters. */
export async function listAccessLogs({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx, 'audit.read')
  const f = AccessLogFilterInput.parse(input ?? {})
  const where = and(...filters(ctx.actor.tenantId, f))
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select(columns)
      .from(accessLogs)
      .where(where)
      .orderBy(desc(accessLogs.createdAt), desc(accessLogs.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    ctx.db.select({ n: count() }).from(accessLogs).where(where),
  ])
  return { rows, total: total?.n ?? 0, page: f.page, pageSize: f.pageSize }
}
export type AccessLogRow = Awaited<ReturnType<typeof listAccessLogs>>['rows'][number]

/** The actions and people that appear in a tenant's log, for the filter menus. */
export async function accessLogFacets({ ctx }: { ctx: Ctx }) {
  requirePermission(ctx, 'audit.read')
  const base = eq(accessLogs.tenantId, ctx.actor.tenantId)
  const [actions, staff] = await Promise.all([
    ctx.db
      .selectDistinct({ action: accessLogs.action })
      .from(accessLogs)
      .where(base)
      .orderBy(asc(accessLogs.action)),
    ctx.db
      .selectDistinct({ staffUserId: accessLogs.staffUserId, staffEmail: accessLogs.staffEmail })
      .from(accessLogs)
      .where(base)
      .orderBy(asc(accessLogs.staffEmail)),
  ])
  return {
    actions: actions.map((a) => a.action),
    staff: staff.filter(
      (s): s is { staffUserId: string; staffEmail: string } => !!s.staffUserId && !!s.staffEmail,
    ),
  }
}

const MAX_EXPORT_ROWS = 500_000

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value)
  // Spreadsheet formula injection: a cell starting with = + - @ is read as text.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(header: string[], rows: unknown[][]): string {
  // UTF-8 with BOM and CRLF, so Excel in Japan opens it as is.
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`
}

/** Exports the filtered log as CSV; the export itself is logged (SEC-5, SEC-7). */
export async function exportAccessLogsCsv({
  ctx,
  input,
  header,
}: {
  ctx: Ctx
  input: unknown
  /** Column titles in the staff's language. */
  header: [string, string, string, string, string, string, string, string]
}) {
  requirePermission(ctx, 'audit.read')
  const f = AccessLogFilterInput.parse(input ?? {})
  const rows = await exportRows(ctx.db, ctx.actor.tenantId, f)
  await writeAccessLog(ctx.db, ctx, {
    tenantId: ctx.actor.tenantId,
    action: 'audit.export',
    targetType: 'access_log',
    detail: { filters: { ...f, page: undefined, pageSize: undefined }, rows: rows.length },
  })
  return toCsv(
    header,
    rows.map((r) => [
      r.createdAt,
      r.staffEmail,
      r.action,
      r.targetType,
      r.targetId,
      r.detail,
      r.ip,
      r.userAgent,
    ]),
  )
}

function exportRows(db: DbOrTx, tenantId: string, f: AccessLogFilterInput) {
  return db
    .select(columns)
    .from(accessLogs)
    .where(and(...filters(tenantId, f)))
    .orderBy(desc(accessLogs.createdAt), desc(accessLogs.id))
    .limit(MAX_EXPORT_ROWS)
}
