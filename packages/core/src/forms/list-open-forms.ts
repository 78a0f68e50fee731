import { formResponses, forms, formVersions } from '@kairan/db/schema'
import { and, count, eq, gt, isNotNull, isNull, lte, or } from 'drizzle-orm'
import { type Ctx, requireCitizen } from '../ctx.ts'
import { definitionTitle } from './form-drafts.ts'
import { residentFormStatus } from './form-scope.ts'

/**
 * "回答できるフォーム" on the resident's My page: published forms of the city that accept answers
 * now, and full single-answer forms the resident may still change their answer on.
 */
export async function listOpenForms({ ctx }: { ctx: Ctx }) {
  requireCitizen(ctx)
  const now = new Date()
  const rows = await ctx.db
    .select({ form: forms, definition: formVersions.definition })
    .from(forms)
    .innerJoin(formVersions, eq(formVersions.id, forms.currentVersionId))
    .where(
      and(
        eq(forms.tenantId, ctx.actor.tenantId),
        isNotNull(forms.currentVersionId),
        isNull(forms.archivedAt),
        eq(forms.isClosedManually, false),
        or(isNull(forms.opensAt), lte(forms.opensAt, now)),
        or(isNull(forms.closesAt), gt(forms.closesAt, now)),
      ),
    )
  if (rows.length === 0) return []
  const mine = await ctx.db
    .select({ formId: formResponses.formId, n: count() })
    .from(formResponses)
    .where(
      and(eq(formResponses.citizenId, ctx.actor.citizenId), eq(formResponses.tenantId, ctx.actor.tenantId)),
    )
    .groupBy(formResponses.formId)
  const myCounts = new Map(mine.map((m) => [m.formId, m.n]))
  return rows
    .map(({ form, definition }) => {
      const description = (definition as { description?: Record<string, string> }).description ?? {}
      return {
        id: form.id,
        title: definitionTitle(definition),
        description,
        closesAt: form.closesAt,
        answerMode: form.answerMode,
        myResponseCount: myCounts.get(form.id) ?? 0,
        status: residentFormStatus(form, now),
      }
    })
    .filter((f) => f.status === 'open' || (f.answerMode === 'single' && f.myResponseCount > 0))
    .map(({ status: _, ...f }) => f)
    .sort(
      (a, b) =>
        (a.closesAt?.getTime() ?? Number.POSITIVE_INFINITY) -
        (b.closesAt?.getTime() ?? Number.POSITIVE_INFINITY),
    )
}
export type OpenFormRow = Awaited<ReturnType<typeof listOpenForms>>[number]
