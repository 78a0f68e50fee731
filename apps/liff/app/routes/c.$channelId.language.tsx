import { isResidentLanguage } from '@kairan/i18n'
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import {
  type ActionFailure,
  citizenCaller,
  failureResponse,
  requireChannel,
  toActionFailure,
} from '~/.server/citizen.server.ts'
import { languageCookies, setCookieHeaders } from '~/.server/cookies.server.ts'

export type LanguageActionData = { ok: true; language: string } | ActionFailure

/**
 * POST `/c/:channelId/language` with `language`: saved for a signed-in resident (`me.setLanguage`),
 * and remembered in a cookie for this channel's pages before sign-in. The loaders then run again
 * and the page re-renders in that language.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const channel = requireChannel(context, params)
  const language = (await request.formData()).get('language')
  if (!isResidentLanguage(language)) {
    return failureResponse({ ok: false, key: 'errors.invalid_input', status: 400 })
  }
  if (context.citizen) {
    try {
      await citizenCaller(context, channel).me.setLanguage({ language })
    } catch (error) {
      return failureResponse(toActionFailure(error, context))
    }
  }
  return Response.json(
    { ok: true, language },
    { headers: setCookieHeaders(languageCookies(language, channel.id, context.isCookieSecure)) },
  )
}

export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/c/${params.channelId}`)
}
