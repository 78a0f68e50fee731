import { CITIZEN_SESSION_COOKIE, CITIZEN_SESSION_TTL_MS } from '@kairan/core'

/** The pre-sign-in language choice (the session's resident has their own, saved in core). */
export const LANGUAGE_COOKIE = 'kairan_resident_lang'
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60

/** One cookie's value from a Cookie header, or undefined; a malformed encoding counts as absent. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
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

/**
 * Cookies are scoped to one channel's pages, so two cities' LIFF apps on this host never share a
 * session. Each is set twice: `Path=/c/<id>` covers the pages and everything below them, but not
 * Remix's data request for the page `/c/<id>` itself, which is `/c/<id>.data` (a cookie path only
 * matches at a `/`); `Path=/c/<id>.data` covers exactly that one.
 */
const channelPaths = (channelId: string) => [`/c/${channelId}`, `/c/${channelId}.data`]

function cookies(name: string, value: string, channelId: string, maxAge: number, secure: boolean): string[] {
  return channelPaths(channelId).map((path) => {
    const attributes = [`${name}=${value}`, `Path=${path}`, 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAge}`]
    if (secure) attributes.push('Secure')
    return attributes.join('; ')
  })
}

/** The resident's session: httpOnly (scripts never see the token), SameSite=Lax, Secure when configured. */
export function citizenSessionCookies(token: string, channelId: string, secure: boolean): string[] {
  return cookies(CITIZEN_SESSION_COOKIE, token, channelId, Math.floor(CITIZEN_SESSION_TTL_MS / 1000), secure)
}

export function clearCitizenSessionCookies(channelId: string, secure: boolean): string[] {
  return cookies(CITIZEN_SESSION_COOKIE, '', channelId, 0, secure)
}

/** Remembers a language picked before signing in (not a secret; a plain value). */
export function languageCookies(language: string, channelId: string, secure: boolean): string[] {
  return cookies(LANGUAGE_COOKIE, language, channelId, ONE_YEAR_SECONDS, secure)
}

/** Several Set-Cookie headers for a Response. */
export function setCookieHeaders(values: string[]): [string, string][] {
  return values.map((value) => ['Set-Cookie', value])
}
