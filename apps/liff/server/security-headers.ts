import { randomBytes } from 'node:crypto'
import type { RequestHandler } from 'express'

/** Where the LIFF SDK talks to LINE (init, login, token checks, its own files). */
export const LINE_CONNECT_SOURCES = [
  'https://api.line.me',
  'https://access.line.me',
  'https://liffsdk.line-scdn.net',
] as const

export type CspOptions = {
  isDevelopment: boolean
  /** Origins allowed to frame the pages besides the app itself (the emulator's phone page). */
  frameAncestors: readonly string[]
  /**
   * Set on a channel's LIFF pages: the LIFF SDK may talk to LINE, and with the emulator (the
   * channel's API base URL) also to it.
   */
  liff?: { emulatorOrigin: string | null }
}

/**
 * The Content-Security-Policy for a response. Scripts: our own files plus inline scripts carrying
 * this request's nonce (Remix's hydration data and module loader, React's streaming scripts), no
 * 'unsafe-inline'. Styles need 'unsafe-inline' because Mantine injects style elements and
 * attributes; a nonce in style-src would switch that off. Residents' LINE profile pictures live on
 * LINE's CDN (and anywhere in the emulator), so images may come from any https origin.
 */
export function contentSecurityPolicy(nonce: string, options: CspOptions): string {
  const connect = ["'self'"]
  const images = ["'self'", 'data:', 'https:']
  if (options.liff) {
    connect.push(...LINE_CONNECT_SOURCES)
    if (options.liff.emulatorOrigin) {
      connect.push(options.liff.emulatorOrigin)
      images.push(options.liff.emulatorOrigin)
    }
  }
  // Vite's hot-reload websocket in development; older browsers do not match ws: with 'self'.
  if (options.isDevelopment) connect.push('ws:', 'wss:')
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    `img-src ${images.join(' ')}`,
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${["'self'", ...options.frameAncestors].join(' ')}`,
  ].join('; ')
}

/**
 * Sets a fresh nonce in `res.locals.nonce` and the security headers on every response. The CSP
 * set here is the general one; a channel's LIFF pages replace it (see citizen-guard.ts).
 * No X-Frame-Options: it cannot list the emulator's origin, and frame-ancestors supersedes it.
 */
export function securityHeaders(options: {
  isProduction: boolean
  frameAncestors: readonly string[]
}): RequestHandler {
  return (_req, res, next) => {
    const nonce = randomBytes(16).toString('base64')
    res.locals.nonce = nonce
    res.setHeader(
      'Content-Security-Policy',
      contentSecurityPolicy(nonce, {
        isDevelopment: !options.isProduction,
        frameAncestors: options.frameAncestors,
      }),
    )
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'same-origin')
    // Popups stay linked: LIFF's share target picker and login talk back to this window.
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin-allow-popups')
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()')
    // Production only: HSTS for localhost would stick in the developer's browser.
    if (options.isProduction) res.setHeader('Strict-Transport-Security', 'max-age=31536000')
    next()
  }
}
