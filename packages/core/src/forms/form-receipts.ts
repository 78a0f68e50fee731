import { createHash } from 'node:crypto'
import type { Db } from '@kairan/db'
import { citizens, formResponses, formVersions } from '@kairan/db/schema'
import type { LocalizedText } from '@kairan/forms'
import { LineApiError } from '@kairan/line'
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm'
import type { Logger } from 'pino'
import {
  type ChannelLine,
  defaultLineClientFactory,
  type LineClientFactory,
  loadChannelLine,
} from '../line/channel-line.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import { receiptText } from './receipt-messages.ts'

export type ReceiptDeps = { db: Db; secrets: SecretBox; lineClient?: LineClientFactory; log?: Logger }
export type ReceiptCounts = { sent: number; retrying: number; failed: number }

/** A receipt not delivered within a day is dropped: LINE keeps retry keys for 24 hours, and a late "received" helps nobody. */
export const RECEIPT_GIVE_UP_MS = 24 * 60 * 60 * 1000
/** While one sweep pushes a receipt, others leave it alone this long (then a crashed sweep's claim lapses). */
const CLAIM_MS = 5 * 60 * 1000
/** Back-off after a failed attempt: 30 s, 1 min, 2 min … capped at one hour. */
const RETRY_BASE_MS = 30_000
const RETRY_MAX_MS = 60 * 60 * 1000
/** Pushes under way at once in one sweep. */
const PARALLEL_PUSHES = 8

/**
 * `X-Line-Retry-Key` of a receipt: a UUID derived from the response and its edit count, so a push
 * repeated after a crash (or by a second worker) is the same request to LINE and delivered once,
 * while an edit gets a key, and a message, of its own.
 */
export function receiptRetryKey(responseId: string, editCount: number): string {
  const hex = createHash('sha256').update(`kairan:form-receipt:${responseId}:${editCount}`).digest('hex')
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/**
 * The worker's receipt sweep: pushes the "we received your answer" message of answers whose
 * receipt is due. Rows are claimed with SKIP LOCKED and a lease before anything is sent, so two
 * sweeps at once never push the same receipt; should a sweep die after LINE accepted a push, the
 * retry key makes the next attempt a no-op at LINE (409 "already accepted") that still marks it sent.
 */
export async function sendPendingReceipts(
  deps: ReceiptDeps,
  options: { limit?: number } = {},
): Promise<ReceiptCounts> {
  const counts: ReceiptCounts = { sent: 0, retrying: 0, failed: 0 }
  const claimed = await claimDueReceipts(deps.db, options.limit ?? 50)
  if (claimed.length === 0) return counts
  const rows = await deps.db
    .select({
      id: formResponses.id,
      editCount: formResponses.editCount,
      attempts: formResponses.receiptAttempts,
      language: formResponses.language,
      updatedAt: formResponses.updatedAt,
      channelId: formResponses.channelId,
      title: sql<LocalizedText>`${formVersions.definition} -> 'title'`,
      lineUserId: citizens.lineUserId,
      citizenStatus: citizens.status,
    })
    .from(formResponses)
    .innerJoin(formVersions, eq(formVersions.id, formResponses.formVersionId))
    .innerJoin(citizens, eq(citizens.id, formResponses.citizenId))
    .where(
      inArray(
        formResponses.id,
        claimed.map((c) => c.id),
      ),
    )
  const byId = new Map(claimed.map((c) => [c.id, c]))
  const channels = new Map<string, Promise<ChannelLine | null>>()
  const channelOf = (id: string) => {
    const cached = channels.get(id)
    if (cached) return cached
    const loading = loadChannelLine(deps.db, deps.secrets, id)
    channels.set(id, loading)
    return loading
  }
  for (let i = 0; i < rows.length; i += PARALLEL_PUSHES) {
    await Promise.all(
      rows.slice(i, i + PARALLEL_PUSHES).map(async (row) => {
        // The claim's own edit count: an edit since then is a new receipt, left for the next sweep.
        const outcome = await pushReceipt(deps, { ...row, editCount: byId.get(row.id)!.editCount }, channelOf)
        await recordOutcome(deps.db, row.id, byId.get(row.id)!.editCount, row.attempts, outcome)
        counts[outcome === 'sent' ? 'sent' : outcome === 'retry' ? 'retrying' : 'failed'] += 1
      }),
    )
  }
  return counts
}

async function claimDueReceipts(db: Db, limit: number) {
  const due = db
    .select({ id: formResponses.id })
    .from(formResponses)
    .where(
      and(
        eq(formResponses.receiptStatus, 'pending'),
        or(isNull(formResponses.receiptNextAttemptAt), lte(formResponses.receiptNextAttemptAt, sql`now()`)),
      ),
    )
    .orderBy(asc(formResponses.receiptNextAttemptAt))
    .limit(limit)
    .for('update', { skipLocked: true })
  return db
    .update(formResponses)
    .set({
      receiptAttempts: sql`${formResponses.receiptAttempts} + 1`,
      receiptNextAttemptAt: sql`now() + ${CLAIM_MS} * interval '1 millisecond'`,
      // Receipt bookkeeping is not a change of the answer.
      updatedAt: sql`${formResponses.updatedAt}`,
    })
    .where(inArray(formResponses.id, due))
    .returning({ id: formResponses.id, editCount: formResponses.editCount })
}

type Outcome = 'sent' | 'retry' | 'failed'
type DueReceipt = {
  id: string
  editCount: number
  language: string
  updatedAt: Date
  channelId: string
  title: LocalizedText
  lineUserId: string
  citizenStatus: string
}

async function pushReceipt(
  deps: ReceiptDeps,
  row: DueReceipt,
  channelOf: (id: string) => Promise<ChannelLine | null>,
): Promise<Outcome> {
  const log = deps.log?.child({ formResponse: row.id })
  if (Date.now() - row.updatedAt.getTime() > RECEIPT_GIVE_UP_MS) {
    log?.warn('form receipt not delivered within a day; giving up')
    return 'failed'
  }
  // LINE delivers pushes to friends only; someone who answered without adding the account gets none.
  if (row.citizenStatus !== 'following') return 'failed'
  const channel = await channelOf(row.channelId)
  const client = channel ? (deps.lineClient ?? defaultLineClientFactory)(channel) : null
  if (!client) {
    log?.warn('form receipt waits: the channel has no LINE access token')
    return 'retry'
  }
  try {
    const text = receiptText(row.title ?? {}, row.language, row.editCount > 0 ? 'changed' : 'received')
    await client.pushMessage(
      { to: row.lineUserId, messages: [{ type: 'text', text }] },
      { retryKey: receiptRetryKey(row.id, row.editCount) },
    )
    return 'sent'
  } catch (error) {
    const isRetryable =
      !(error instanceof LineApiError) ||
      error.code === 'rate_limited' ||
      error.code === 'server_error' ||
      error.code === 'timeout' ||
      error.code === 'network' ||
      // A rejected token is fixed by staff in the channel settings; keep trying until then.
      error.code === 'unauthorized'
    log?.warn({ err: error, willRetry: isRetryable }, 'form receipt push failed')
    return isRetryable ? 'retry' : 'failed'
  }
}

async function recordOutcome(db: Db, id: string, editCount: number, attempts: number, outcome: Outcome) {
  const backoffMs = Math.min(RETRY_BASE_MS * 2 ** Math.min(Math.max(attempts - 1, 0), 20), RETRY_MAX_MS)
  await db
    .update(formResponses)
    .set({
      receiptStatus: outcome === 'retry' ? 'pending' : outcome,
      receiptNextAttemptAt: outcome === 'retry' ? new Date(Date.now() + backoffMs) : null,
      updatedAt: sql`${formResponses.updatedAt}`,
    })
    // Only the receipt this sweep claimed: an edit in the meantime queued a new one.
    .where(
      and(
        eq(formResponses.id, id),
        eq(formResponses.editCount, editCount),
        eq(formResponses.receiptStatus, 'pending'),
      ),
    )
}
