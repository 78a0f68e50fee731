import { type AdminLanguage, pickLanguage } from '@kairan/i18n'

export const LANGUAGE_COOKIE = 'kairan_lang'
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60

/** One cookie's value from a Cookie header, or undefined; a malformed encoding counts as absent. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const separator = part.indexOf('=')
    if (separator === -1 || part.slice(0, separator).trim() !== name) continue
    try {
      return decodeURIComponent(part.slice(separator + 1).trim())
    } catch {
      return undefined
    }
  }
  return undefined
}

/** The admin UI language: the `kairan_lang` cookie, else Accept-Language, else Japanese. */
export function languageFromRequest(request: Request): AdminLanguage {
  return pickLanguage(
    readCookie(request.headers.get('Cookie'), LANGUAGE_COOKIE),
    request.headers.get('Accept-Language'),
  )
}

/**
 * The Set-Cookie value remembering a language for a year. A plain value rather than Remix's
 * signed JSON cookie: it is not a secret, and tests and tools can set `kairan_lang=en` directly.
 * Secure when the request came over HTTPS (as seen through a trusted proxy, see server/app.ts).
 */
export function languageCookie(lang: AdminLanguage, request: Request): string {
  const attributes = [
    `${LANGUAGE_COOKIE}=${lang}`,
    `Max-Age=${ONE_YEAR_SECONDS}`,
    'Path=/',
    'SameSite=Lax',
    'HttpOnly',
  ]
  if (new URL(request.url).protocol === 'https:') attributes.push('Secure')
  return attributes.join('; ')
}

/**
 * A path on this site to send the browser back to, or `/`. Only a relative path starting with a
 * single `/` is accepted: `//evil.example` and `/\evil.example` are read by browsers as other
 * hosts, and control characters could split headers.
 */
export function safeRedirectPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return '/'
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return '/'
  const base = 'http://kairan.invalid'
  const url = new URL(value, base)
  if (url.origin !== base) return '/'
  return `${url.pathname}${url.search}${url.hash}`
}
