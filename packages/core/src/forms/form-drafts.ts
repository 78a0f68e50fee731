import { randomBytes } from 'node:crypto'
import type { DbOrTx } from '@kairan/db'
import { staffUsers } from '@kairan/db/schema'
import { FORM_SCHEMA_VERSION, type FormDefinition, type LocalizedText } from '@kairan/forms'
import { eq } from 'drizzle-orm'
import { Conflict } from '../errors.ts'
import type { FormRow } from './form-scope.ts'

/** A builder-style item id ("s_3k9x2a7b"). */
export function newFormItemId(prefix: 's' | 'q' | 'o'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`
}

/** What "新しいフォーム" starts with: the title and one empty section. */
export function emptyFormDefinition(title: string): FormDefinition {
  return {
    schemaVersion: FORM_SCHEMA_VERSION,
    title: { ja: title },
    sections: [{ id: newFormItemId('s'), questions: [] }],
  }
}

/** The title of a stored definition without parsing the rest (lists show hundreds of forms). */
export function definitionTitle(json: unknown): LocalizedText {
  const title = (json as { title?: unknown } | null)?.title
  if (!title || typeof title !== 'object') return {}
  return Object.fromEntries(Object.entries(title).filter(([, v]) => typeof v === 'string')) as LocalizedText
}

const tokyoTime = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
})

/** Who saved the draft last, for the "a colleague saved in between" message. */
export async function draftEditorName(db: DbOrTx, form: FormRow): Promise<string | null> {
  if (!form.draftUpdatedByStaffUserId) return null
  const [user] = await db
    .select({ displayName: staffUsers.displayName, email: staffUsers.email })
    .from(staffUsers)
    .where(eq(staffUsers.id, form.draftUpdatedByStaffUserId))
  return user ? user.displayName || user.email : null
}

/**
 * The refusal of a save or publish based on an older revision: never a silent overwrite (issue 4,
 * item 5). `at` is ISO 8601; `atText` the same moment as Japan time for the message.
 */
export async function draftConflict(db: DbOrTx, form: FormRow): Promise<Conflict> {
  return new Conflict('errors.form_draft_conflict', {
    by: (await draftEditorName(db, form)) ?? '—',
    at: form.draftUpdatedAt.toISOString(),
    atText: tokyoTime.format(form.draftUpdatedAt),
    revision: form.draftRevision,
  })
}
