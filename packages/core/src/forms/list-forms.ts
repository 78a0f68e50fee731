import { forms, formVersions } from '@kairan/db/schema'
import type { LocalizedText } from '@kairan/forms'
import { desc, eq, sql } from 'drizzle-orm'
import { type Ctx, requireAnyPermission } from '../ctx.ts'
import { ListFormsInput } from '../schemas.ts'
import { definitionTitle } from './form-drafts.ts'
import { formStatus } from './form-scope.ts'

/** The forms page: every form of the tenant, newest change first, with its status. */
export async function listForms({ ctx, input }: { ctx: Ctx; input?: ListFormsInput }) {
  // Answer readers find their forms here too; building needs forms.manage (the other verbs).
  requireAnyPermission(ctx, ['forms.manage', 'form_answers.read'])
  const { status, q } = ListFormsInput.parse(input)
  const rows = await ctx.db
    .select({
      form: forms,
      currentVersion: formVersions.version,
      // jsonb equality ignores key order: true only when the draft really differs.
      hasUnpublishedChanges: sql<boolean>`${forms.draftDefinition} is distinct from ${formVersions.definition}`,
    })
    .from(forms)
    .leftJoin(formVersions, eq(formVersions.id, forms.currentVersionId))
    .where(eq(forms.tenantId, ctx.actor.tenantId))
    .orderBy(desc(forms.updatedAt))
  const now = new Date()
  const needle = q?.toLowerCase()
  return rows
    .map(({ form, currentVersion, hasUnpublishedChanges }) => ({
      id: form.id,
      title: definitionTitle(form.draftDefinition) as LocalizedText,
      status: formStatus(form, now),
      answerMode: form.answerMode,
      opensAt: form.opensAt,
      closesAt: form.closesAt,
      responseLimit: form.responseLimit,
      responseCount: form.responseCount,
      currentVersion: currentVersion ?? null,
      hasUnpublishedChanges: currentVersion === null ? true : hasUnpublishedChanges,
      updatedAt: form.updatedAt,
    }))
    .filter((row) => !status || row.status === status)
    .filter((row) => !needle || Object.values(row.title).some((t) => t.toLowerCase().includes(needle)))
}
export type FormListRow = Awaited<ReturnType<typeof listForms>>[number]
