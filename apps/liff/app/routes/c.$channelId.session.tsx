import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import {
  type ActionFailure,
  citizenCaller,
  failureResponse,
  requireChannel,
  toActionFailure,
} from '~/.server/citizen.server.ts'
import { citizenSessionCookies, setCookieHeaders } from '~/.server/cookies.server.ts'
import { safeReturnPath } from '~/.server/i18n.server.ts'

export type SessionActionData = ActionFailure

/**
 * POST `/c/:channelId/session` with `idToken` (from LIFF) and `redirectTo` (the page the resident
 * opened): the citizen router verifies the token with LINE (or the emulator) and starts a session;
 * the token goes into the httpOnly cookie and the browser back to that page. A refusal answers
 * `{ ok: false, key }` with its status (401 bad token, 409 LIFF not configured…) and no cookie.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const channel = requireChannel(context, params)
  const form = await request.formData()
  const idToken = form.get('idToken')
  const redirectTo = safeReturnPath(form.get('redirectTo'), channel.id)
  try {
    const session = await citizenCaller(context, channel).session.signIn({
      idToken: typeof idToken === 'string' ? idToken : '',
    })
    return redirect(redirectTo, {
      headers: setCookieHeaders(citizenSessionCookies(session.token, channel.id, context.isCookieSecure)),
    })
  } catch (error) {
    return failureResponse(toActionFailure(error, context))
  }
}

/** Nothing to show here: someone opening the URL goes to the channel's My page. */
export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/c/${params.channelId}`)
}
