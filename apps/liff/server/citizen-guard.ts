import { authenticateCitizen, CITIZEN_SESSION_COOKIE } from '@kairan/core'
import type { Db } from '@kairan/db'
import type { RequestHandler } from 'express'
import { citizenSessionCookies, readCookie } from '../app/.server/cookies.server.ts'
import type { ChannelDirectory } from './channels.ts'
import { contentSecurityPolicy } from './security-headers.ts'

/**
 * A write from another site: an Origin naming another host, or `null` (a sandboxed or opaque
 * document — which could otherwise sign a resident in as someone else). No Origin at all is not a
 * browser's cross-site form, so it passes (scripts, tests).
 */
function isCrossSite(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return false
  try {
    return new URL(origin).host !== host
  } catch {
    return true
  }
}

/**
 * In front of everything under `/c/:channelId` (pages, their data requests, tRPC):
 * - refuses cross-site writes (a browser sends Origin on POST; it must be this host) — CSRF,
 *   including signing a resident in with someone else's ID token (login CSRF);
 * - resolves the channel (cached) and the resident of the session cookie, for that channel only,
 *   into `res.locals.channel` / `res.locals.citizen` for Remix and tRPC;
 * - gives the channel's pages the LIFF CSP (LINE's hosts, or the emulator), and slides the
 *   session cookie's lifetime along with the session's.
 * An unknown channel is left to the routes, which answer 404 in the resident's language.
 */
export function citizenGuard(options: {
  db: Db
  channels: ChannelDirectory
  isDevelopment: boolean
  frameAncestors: readonly string[]
  isCookieSecure: boolean
}): RequestHandler {
  return async (req, res, next) => {
    try {
      if (
        !['GET', 'HEAD', 'OPTIONS'].includes(req.method) &&
        isCrossSite(req.get('origin'), req.get('host'))
      ) {
        res.status(403).type('text/plain').send('Cross-site request refused')
        return
      }
      // `/c/<id>.data` is Remix's data request for the page `/c/<id>`.
      const channelId = String(req.params.channelId ?? '').replace(/\.data$/, '')
      const channel = await options.channels.get(channelId)
      res.locals.channel = channel
      if (!channel) return next()
      res.setHeader(
        'Content-Security-Policy',
        contentSecurityPolicy(res.locals.nonce, {
          isDevelopment: options.isDevelopment,
          frameAncestors: options.frameAncestors,
          liff: { emulatorOrigin: channel.emulatorOrigin },
        }),
      )
      const token = readCookie(req.get('cookie'), CITIZEN_SESSION_COOKIE)
      if (token) {
        const citizen = await authenticateCitizen(options.db, { token, channelId: channel.id })
        res.locals.citizen = citizen
        if (citizen)
          res.append('Set-Cookie', citizenSessionCookies(token, channel.id, options.isCookieSecure))
      }
      next()
    } catch (error) {
      next(error)
    }
  }
}
