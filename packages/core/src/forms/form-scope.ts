import type { DbOrTx } from '@kairan/db'
import { forms } from '@kairan/db/schema'
import { and, eq } from 'drizzle-orm'
import type { ZodError } from 'zod'
import { NotFound } from '../errors.ts'
import type { FormStatus } from '../schemas.ts'

export type FormRow = typeof forms.$inferSelect

/** A form of this tenant (optionally locked for the rest of the transaction), or form_not_found. */
export async function requireTenantForm(
  db: DbOrTx,
  tenantId: string,
  formId: string,
  options: { lock?: boolean } = {},
): Promise<FormRow> {
  const query = db
    .select()
    .from(forms)
    .where(and(eq(forms.id, formId), eq(forms.tenantId, tenantId)))
  const [form] = options.lock ? await query.for('update') : await query
  if (!form) throw new NotFound('errors.form_not_found')
  return form
}

type StatusFields = Pick<
  FormRow,
  | 'archivedAt'
  | 'currentVersionId'
  | 'isClosedManually'
  | 'opensAt'
  | 'closesAt'
  | 'responseLimit'
  | 'responseCount'
>

export function isLimitReached(form: Pick<FormRow, 'responseLimit' | 'responseCount'>): boolean {
  return form.responseLimit !== null && form.responseCount >= form.responseLimit
}

/** The status staff see in the list (one word per form, in this order of precedence). */
export function formStatus(form: StatusFields, now = new Date()): FormStatus {
  if (form.archivedAt) return 'archived'
  if (!form.currentVersionId) return 'draft'
  if (form.isClosedManually || (form.closesAt && form.closesAt <= now) || isLimitReached(form))
    return 'closed'
  if (form.opensAt && form.opensAt > now) return 'scheduled'
  return 'open'
}

export type ResidentFormStatus = 'open' | 'not_open_yet' | 'closed' | 'limit_reached'

/** Whether a resident may answer now, and if not, why (the LIFF page words it). */
export function residentFormStatus(form: StatusFields, now = new Date()): ResidentFormStatus {
  if (form.archivedAt || !form.currentVersionId || form.isClosedManually) return 'closed'
  if (form.closesAt && form.closesAt <= now) return 'closed'
  if (form.opensAt && form.opensAt > now) return 'not_open_yet'
  if (isLimitReached(form)) return 'limit_reached'
  return 'open'
}

/**
 * A definition's problems as `fields` for `Invalid`: path ("sections.0.questions.2.label") → a
 * stable issue key. The definition's own refinements already use keys (`ja_required`,
 * `duplicate_id`…); zod's built-in checks are reported by their code (`too_small`, `invalid_type`…).
 */
export function definitionFields(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || 'definition'
    fields[path] ??= /^[a-z][a-z_]*$/.test(issue.message) ? issue.message : issue.code
  }
  return fields
}
