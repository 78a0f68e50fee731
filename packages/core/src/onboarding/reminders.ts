import { createHash } from 'node:crypto'
import type { Db } from '@kairan/db'
import { LineApiError } from '@kairan/line'
import { sql } from 'drizzle-orm'
import type { Logger } from 'pino'
import {
  type ChannelLine,
  defaultLineClientFactory,
  type LineClientFactory,
  loadChannelLine,
} from '../line/channel-line.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import { profileFormCard, profileFormUrl } from './greeting.ts'
import { DEFAULT_REMINDER_TEXT, onboardingText } from './texts.ts'

export type ReminderDeps = {
  db: Db
  secrets: SecretBox
  lineClient?: LineClientFactory
  now?: Date
  log?: Logger
}
export type ReminderCounts = { sent: number; retrying: number; failed: number }

/** Pushes under way at once. */
const PARALLEL_PUSHES = 8

/**
 * `X-Line-Retry-Key` of a resident's profile reminder: a UUID derived from the resident, so the
 * one reminder pushed again after a crash (or by a second worker) is the same request to LINE.
 */
export function reminderRetryKey(citizenId: string): string {
  const hex = createHash('sha256').update(`kairan:profile-reminder:${citizenId}`).digest('hex')
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

type Due = {
  id: string
  channel_id: string
  line_user_id: string
  language: string
  profile_form_id: string
  reminder_text: Record<string, string> | null
}

/**
 * SEG-2: the worker's reminder sweep. Friends of a channel with the reminder on who followed at
 * least `reminderAfterDays` ago, have not answered the profile form and were never reminded get
 * one push. Rows are locked (SKIP LOCKED) while pushing, so two workers never push the same one;
 * the mark is written only after LINE accepted, and a push repeated after a crash carries the same
 * retry key (LINE answers 409, which counts as sent). A resident is reminded exactly once.
 */
export async function sendProfileReminders(
  deps: ReminderDeps,
  options: { limit?: number } = {},
): Promise<ReminderCounts> {
  const counts: ReminderCounts = { sent: 0, retrying: 0, failed: 0 }
  const now = deps.now ?? new Date()
  const limit = options.limit ?? 50
  await deps.db.transaction(async (tx) => {
    const due = (await tx.execute(sql`
      select c.id, c.channel_id, c.line_user_id, c.language, s.profile_form_id, s.reminder_text
      from channel_delivery_settings s
      join citizens c on c.channel_id = s.channel_id
      where s.reminder_enabled
        and s.profile_form_id is not null
        and c.status = 'following'
        and c.profile_reminder_sent_at is null
        and c.followed_at <= ${now.toISOString()}::timestamptz - make_interval(days => s.reminder_after_days)
        and not exists (
          select 1 from form_responses r where r.form_id = s.profile_form_id and r.citizen_id = c.id
        )
      order by c.followed_at
      limit ${limit}
      for update of c skip locked
    `)) as unknown as Due[]
    if (due.length === 0) return
    const channels = new Map<string, Promise<ChannelLine | null>>()
    const channelOf = (id: string) => {
      let loading = channels.get(id)
      if (!loading) {
        loading = loadChannelLine(tx, deps.secrets, id)
        channels.set(id, loading)
      }
      return loading
    }
    const done: string[] = []
    let next = 0
    const work = async () => {
      while (next < due.length) {
        const row = due[next++]!
        const outcome = await pushOne(deps, row, await channelOf(row.channel_id))
        counts[outcome === 'sent' ? 'sent' : outcome === 'retry' ? 'retrying' : 'failed'] += 1
        // A refused push (not a friend any more, bad request) is not tried again either.
        if (outcome !== 'retry') done.push(row.id)
      }
    }
    await Promise.all(Array.from({ length: Math.min(PARALLEL_PUSHES, due.length) }, work))
    if (done.length > 0) {
      await tx.execute(
        sql`update citizens set profile_reminder_sent_at = ${now.toISOString()}::timestamptz where id in (${sql.join(
          done.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      )
    }
  })
  return counts
}

async function pushOne(
  deps: ReminderDeps,
  row: Due,
  channel: ChannelLine | null,
): Promise<'sent' | 'retry' | 'failed'> {
  const client = channel ? (deps.lineClient ?? defaultLineClientFactory)(channel) : null
  if (!client || !channel) return 'retry'
  const text = onboardingText(row.reminder_text, DEFAULT_REMINDER_TEXT, row.language)
  const messages: Parameters<typeof client.pushMessage>[0]['messages'] = [{ type: 'text', text }]
  if (channel.liffId)
    messages.push(profileFormCard(row.language, profileFormUrl(channel.liffId, row.profile_form_id)))
  try {
    await client.pushMessage({ to: row.line_user_id, messages }, { retryKey: reminderRetryKey(row.id) })
    return 'sent'
  } catch (error) {
    const isRetryable =
      !(error instanceof LineApiError) ||
      error.code === 'rate_limited' ||
      error.code === 'server_error' ||
      error.code === 'timeout' ||
      error.code === 'network' ||
      error.code === 'unauthorized'
    deps.log?.warn({ err: error, willRetry: isRetryable }, 'profile reminder push failed')
    return isRetryable ? 'retry' : 'failed'
  }
}
