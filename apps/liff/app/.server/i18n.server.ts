import { pickResidentLanguage, type ResidentLanguage } from '@kairan/i18n'
import type { AppLoadContext } from '@remix-run/node'
import { myProfile } from './citizen.server.ts'
import { LANGUAGE_COOKIE, readCookie } from './cookies.server.ts'

/** Before sign-in: a language picked on the page (cookie), else the browser's (inside LINE, the app's). */
export function requestLanguage(request: Request): ResidentLanguage {
  return pickResidentLanguage(
    readCookie(request.headers.get('Cookie'), LANGUAGE_COOKIE),
    request.headers.get('Accept-Language'),
  )
}

/**
 * The page language: a signed-in resident's own (their choice, else their LINE profile's, as core
 * decides), else the request's. A failing profile lookup must not take the page down with it.
 */
export async function pageLanguage(request: Request, context: AppLoadContext): Promise<ResidentLanguage> {
  try {
    const profile = await myProfile(context)
    if (profile) return profile.language
  } catch (error) {
    context.log.error({ err: error }, 'profile lookup for the page language failed')
  }
  return requestLanguage(request)
}

/**
 * A path under this channel's pages to send the browser back to, or the channel's My page.
 * Only `/c/<channelId>` and below: never another host (`//evil.example`, `/\evil`), never control
 * characters that could split headers, never another channel's pages.
 */
export function safeReturnPath(value: unknown, channelId: string): string {
  const home = `/c/${channelId}`
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return home
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return home
  const base = 'http://kairan.invalid'
  const url = new URL(value, base)
  if (url.origin !== base) return home
  if (url.pathname !== home && !url.pathname.startsWith(`${home}/`)) return home
  return `${url.pathname}${url.search}`
}

/**
 * LINE opens `https://liff.line.me/<liffId>/path?x` as the endpoint URL with
 * `?liff.state=%2Fpath%3Fx`; the LIFF SDK would then go to `<endpoint>/path?x`. A signed-in page
 * does not load the SDK, so the server goes there itself. Null when there is no such parameter.
 */
export function liffStateTarget(requestUrl: string, channelId: string): string | null {
  const url = new URL(requestUrl)
  const state = url.searchParams.get('liff.state')
  if (state === null) return null
  url.searchParams.delete('liff.state')
  const rest = url.searchParams.toString()
  const target = new URL(state.startsWith('/') ? state : `/${state}`, 'http://kairan.invalid')
  for (const [key, value] of new URLSearchParams(rest)) target.searchParams.append(key, value)
  const path = target.pathname === '/' ? '' : target.pathname
  return safeReturnPath(`/c/${channelId}${path}${target.search}`, channelId)
}
