import { type AttributeDef, describeSegment, type SegmentFilter } from '@kairan/core'
import type { ActionFunctionArgs } from '@remix-run/node'
import { requireSignedIn, runAction, staffCaller } from '~/.server/staff.server.ts'

export type SegmentCountResult =
  | { ok: true; data: { count: number; followers: number; summary: { ja: string; en: string } } }
  | { ok: false; status: number; key: string }

/**
 * POST `/segments/count` with `{ channelId, filter }`: the builder's live count (`segments.count`)
 * and the filter in plain words (core's describeSegment with the tenant's attributes, deleted ones
 * too, and the form titles when a condition names a form).
 */
export async function action({ context, request }: ActionFunctionArgs) {
  requireSignedIn(context, request)
  const caller = staffCaller(context)
  const body = (await request.json()) as { channelId: string; filter: SegmentFilter }
  const result = await runAction(async () => {
    const hasFormCondition = (body.filter?.groups ?? []).some((g) =>
      g.conditions.some((c) => c.kind === 'form'),
    )
    const [count, attributes, forms] = await Promise.all([
      caller.segments.count({ channelId: body.channelId, filter: body.filter }),
      caller.attributes.list({ includeDeleted: true }),
      // Those who may not list forms still get a description (titles then read "deleted form").
      hasFormCondition ? caller.forms.list({}).catch(() => []) : Promise.resolve([]),
    ])
    const formRefs = forms.map((f) => ({ id: f.id, title: f.title as Record<string, string> }))
    const filter = body.filter
    const defs = attributes as AttributeDef[]
    return {
      ...count,
      summary: {
        ja: describeSegment(filter, defs, 'ja', formRefs),
        en: describeSegment(filter, defs, 'en', formRefs),
      },
    }
  })
  if (result.ok) return Response.json(result)
  return Response.json({ ok: false, status: result.status, key: result.key })
}
