import { randomBytes } from 'node:crypto'
import type { RequestHandler } from 'express'

/**
 * The Content-Security-Policy for a response. Scripts: our own files plus inline scripts that
 * carry this request's nonce — Remix's hydration data and module loader, React's streaming
 * scripts and Mantine's colour-scheme script are all rendered with it, so no 'unsafe-inline'.
 * Styles need 'unsafe-inline' because Mantine injects <style> elements and style attributes;
 * a nonce must not be added to style-src, as browsers then ignore 'unsafe-inline'.
 */
export function contentSecurityPolicy(nonce: string, options: { isDevelopment: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    // LINE's CDN serves residents' profile pictures and images the city sends.
    "img-src 'self' data: blob: https://profile.line-scdn.net https://obs.line-scdn.net",
    "font-src 'self' data:",
    // Vite's hot-reload websocket in development; older browsers do not match ws: with 'self'.
    options.isDevelopment ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Sets a fresh nonce in `res.locals.nonce` and the security headers on every response. */
export function securityHeaders(options: { isProduction: boolean }): RequestHandler {
  return (_req, res, next) => {
    const nonce = randomBytes(16).toString('base64')
    res.locals.nonce = nonce
    res.setHeader(
      'Content-Security-Policy',
      contentSecurityPolicy(nonce, { isDevelopment: !options.isProduction }),
    )
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'same-origin')
    // For browsers that predate frame-ancestors.
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()')
    // Production only: HSTS for localhost would stick in the developer's browser and break other local http apps.
    if (options.isProduction) res.setHeader('Strict-Transport-Security', 'max-age=31536000')
    next()
  }
}
