import type { AppLoadContext } from '@remix-run/node'
import { staffCaller } from '~/.server/staff.server.ts'
import type { AttributeRow } from './labels.ts'

export type BuilderForm = {
  id: string
  title: Record<string, string>
  status: string
  currentVersion: number | null
}

/**
 * What the segment builder offers: the tenant's attributes (deleted ones too, so an old condition
 * still reads) and the forms residents answer (only for staff who may list forms; others simply
 * get no "form answered" choices).
 */
export async function loadBuilderData(context: AppLoadContext) {
  const caller = staffCaller(context)
  const [attributes, forms] = await Promise.all([
    caller.attributes.list({ includeDeleted: true }),
    caller.forms.list({}).catch(() => []),
  ])
  return {
    attributes: attributes as unknown as AttributeRow[],
    forms: forms
      .filter((f) => f.currentVersion !== null)
      .map(
        (f): BuilderForm => ({
          id: f.id,
          title: f.title as Record<string, string>,
          status: f.status,
          currentVersion: f.currentVersion,
        }),
      ),
  }
}
