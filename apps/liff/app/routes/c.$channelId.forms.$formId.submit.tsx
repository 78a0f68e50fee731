import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { citizenCaller } from '~/.server/citizen.server.ts'
import { type FormFailure, requireResident, toFormFailure } from '~/.server/forms.server.ts'
import { pageLanguage } from '~/.server/i18n.server.ts'

/** Far above any real form's answers (texts are limited to 10,000 characters each). */
const MAX_BODY_BYTES = 1024 * 1024

export type SubmitResult =
  | { ok: true; responseId: string; submittedAt: string; edited: boolean }
  | FormFailure

const failure = (result: FormFailure) =>
  Response.json(result, { status: result.status, headers: { 'Cache-Control': 'no-store' } })

/**
 * POST `/c/:channelId/forms/:formId/submit` (JSON `{ versionId, responseId?, submissionKey?, answers, consent }`):
 * sends the resident's answers through the citizen router, which validates them again with the
 * same validator as the page, in the page's language. A plain JSON resource route rather than the
 * page's action, so a dropped connection on a phone leaves the page (and what was typed) as it
 * was, with a message, instead of replacing it with the error page. Answers `SubmitResult`;
 * refused answers come back with `fields` (question id → message) to show on the form.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { channel, citizen } = requireResident(context, params)
  if (!citizen) return failure({ ok: false, key: 'errors.unauthenticated', status: 401 })
  if (Number(request.headers.get('Content-Length') ?? '0') > MAX_BODY_BYTES) {
    return failure({ ok: false, key: 'errors.invalid_input', status: 413 })
  }
  let body: {
    versionId?: unknown
    responseId?: unknown
    submissionKey?: unknown
    answers?: unknown
    consent?: unknown
  }
  try {
    body = (await request.json()) as typeof body
  } catch {
    return failure({ ok: false, key: 'errors.invalid_input', status: 400 })
  }
  if (typeof body !== 'object' || body === null) {
    return failure({ ok: false, key: 'errors.invalid_input', status: 400 })
  }
  const language = await pageLanguage(request, context)
  try {
    const result = await citizenCaller(context, channel).forms.submit({
      formId: params.formId ?? '',
      versionId: typeof body.versionId === 'string' ? body.versionId : '',
      responseId: typeof body.responseId === 'string' ? body.responseId : undefined,
      submissionKey: typeof body.submissionKey === 'string' ? body.submissionKey : undefined,
      answers: (body.answers ?? {}) as Record<string, string | string[] | number | undefined>,
      consent: body.consent === true,
      language,
    })
    const ok: SubmitResult = {
      ok: true,
      responseId: result.responseId,
      submittedAt: new Date(result.submittedAt).toISOString(),
      edited: result.edited,
    }
    return Response.json(ok, { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    return failure(toFormFailure(error, context))
  }
}

/** Someone opening the address: the form itself. */
export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/c/${params.channelId}/forms/${params.formId}`)
}
