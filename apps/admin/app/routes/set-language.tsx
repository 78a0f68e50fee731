import { isAdminLanguage } from '@kairan/i18n'
import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { languageCookie, safeRedirectPath } from '~/.server/i18n.server.ts'

/**
 * POST /set-language with `lang` (ja|en) and `redirectTo` (a path on this site): remembers the
 * language in the `kairan_lang` cookie and goes back to the page the switch was made on.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData()
  const lang = form.get('lang')
  if (!isAdminLanguage(lang)) {
    return new Response('Unsupported language', { status: 400, headers: { 'Content-Type': 'text/plain' } })
  }
  return redirect(safeRedirectPath(form.get('redirectTo')), {
    headers: { 'Set-Cookie': languageCookie(lang, request) },
  })
}

/** Nothing to show: someone opening the URL directly just goes home. */
export function loader() {
  return redirect('/')
}
