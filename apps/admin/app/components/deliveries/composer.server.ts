import { type FormDefinition, localize } from '@kairan/forms'
import { type AppLoadContext, redirect } from '@remix-run/node'
import { actionResponse, runAction, type SignedIn, staffCaller } from '~/.server/staff.server.ts'
import type { ComposerBody, SegmentChoice } from './composer.tsx'
import type { FormChoice } from './message-editor.tsx'

/**
 * Server side of the composer pages (new and edit): what the page needs besides the delivery,
 * and the one action behind "下書き保存", "テスト送信", "予約する／今すぐ配信" and "定期配信を開始".
 */
export async function composerOptions(context: AppLoadContext, auth: SignedIn, channelId: string) {
  const caller = staffCaller(context)
  const permissions = auth.actor.permissions
  const [segments, forms, budget] = await Promise.all([
    caller.segments
      .list({ channelId })
      .then((rows) =>
        rows.map((s): SegmentChoice => ({ id: s.id, name: s.name, lastCount: s.lastCount ?? null })),
      )
      .catch(() => [] as SegmentChoice[]),
    // Card buttons open forms that are accepting answers (needs the forms permission to list them).
    permissions.includes('forms.manage') || permissions.includes('form_answers.read')
      ? caller.forms
          .list({ status: 'open' })
          .then((rows) =>
            rows.map(
              (f): FormChoice => ({
                id: f.id,
                title: localize(f.title as FormDefinition['title'], 'ja') || f.id,
              }),
            ),
          )
          .catch(() => [] as FormChoice[])
      : Promise.resolve([] as FormChoice[]),
    caller.deliveries.budget({ channelId }).catch(() => null),
  ])
  return { segments, forms, budget }
}

/**
 * save: creates the draft (then the page moves to its edit address) or updates it.
 * test: saves, then sends a copy to the test devices only.
 * schedule: saves, then schedules now or at a time, with the count the staff member confirmed.
 * series: creates a recurring delivery from the content (a draft it came from is removed).
 */
export async function composerAction(context: AppLoadContext, channelId: string, body: ComposerBody) {
  const caller = staffCaller(context)
  const fields = {
    title: body.title,
    content: body.content as never,
    target: body.target,
    segmentId: body.target === 'segment' ? body.segmentId : null,
  }
  const fail = (
    error: Exclude<Awaited<ReturnType<typeof runAction>>, { ok: true }>,
    id: string | null,
    revision: number | null,
  ) => actionResponse({ ...error, intent: body.intent, id, revision })

  if (body.intent === 'series') {
    const created = await runAction(() =>
      caller.deliveries.series.create({
        channelId,
        ...fields,
        recurrence: body.recurrence as never,
        confirmedRecipientCount: body.confirmedRecipientCount ?? null,
      }),
    )
    if (!created.ok) return fail(created, body.id, body.revision)
    const draftId = body.id
    if (draftId) await runAction(() => caller.deliveries.deleteDraft({ id: draftId }))
    throw redirect(`/deliveries/series/${created.data.id}?started=1`)
  }

  // Save first: every other intent works on the saved revision.
  const saved = await runAction(async () => {
    if (body.id && body.revision !== null)
      return caller.deliveries.update({ id: body.id, revision: body.revision, ...fields })
    return caller.deliveries.create({ channelId, ...fields })
  })
  if (!saved.ok) return fail(saved, body.id, body.revision)
  const id = saved.data.id
  const revision = saved.data.revision

  if (body.intent === 'save') {
    if (!body.id) throw redirect(`/deliveries/${id}/edit?saved=1`)
    return actionResponse({ ok: true as const, intent: 'save' as const, id, revision })
  }
  if (body.intent === 'test') {
    const test = await runAction(() => caller.deliveries.sendTest({ id }))
    if (!test.ok) return fail(test, id, revision)
    return actionResponse({
      ok: true as const,
      intent: 'test' as const,
      id,
      revision,
      testDeliveryId: test.data.id,
    })
  }
  if (body.intent !== 'schedule' || !body.when) throw new Response(null, { status: 400 })
  const when = body.when
  const scheduled = await runAction(() =>
    caller.deliveries.schedule({
      id,
      revision,
      when,
      confirmedRecipientCount: body.confirmedRecipientCount ?? null,
    }),
  )
  if (!scheduled.ok) return fail(scheduled, id, revision)
  throw redirect(`/deliveries/${id}?scheduled=1`)
}
