import { randomUUID } from 'node:crypto'
import type { CitizenActor } from '@kairan/core'
import { clientIp } from '@kairan/core'
import type { RequestHandler } from 'express'
import type { Logger } from 'pino'
import type { LiffChannel } from './channels.ts'

declare global {
  namespace Express {
    // biome-ignore lint/style/useConsistentTypeDefinitions: declaration merging needs an interface.
    interface Locals {
      /** Also sent back as `X-Request-Id`, so a report can be found in the logs. */
      requestId: string
      /** Per-request CSP nonce; every inline script must carry it (see security-headers.ts). */
      nonce: string
      /** From `clientIp()`; null when unknown. */
      clientIp: string | null
      log: Logger
      /** Under /c/:channelId: that channel (null when unknown), see citizen-guard.ts. */
      channel: LiffChannel | null
      /** Under /c/:channelId: the resident of a valid session cookie for that channel, or null. */
      citizen: CitizenActor | null
    }
  }
}

// Asset and polling requests would drown the interesting lines at `info`.
const QUIET_PATHS = /^\/(__manifest|assets\/|favicon\.ico|@|node_modules\/|app\/)/

/**
 * Gives every request an id, a child logger and its client address, and logs one line when the
 * response is done: the path without the query string (which may carry tokens), no IP, no user
 * agent (personal data). Webhooks and health checks never come here (see app.ts).
 */
export function requestContext(options: {
  logger: Logger
  trustProxy: boolean
  hops: number
}): RequestHandler {
  return (req, res, next) => {
    const requestId = randomUUID()
    res.locals.requestId = requestId
    res.locals.clientIp = clientIp(req, { trustProxy: options.trustProxy, hops: options.hops })
    res.locals.log = options.logger.child({ reqId: requestId })
    res.locals.channel = null
    res.locals.citizen = null
    res.setHeader('X-Request-Id', requestId)
    const started = performance.now()
    const { method, path } = req
    res.on('finish', () => {
      const line = { method, path, status: res.statusCode, ms: Math.round(performance.now() - started) }
      if (res.statusCode >= 500) res.locals.log.error(line, 'request failed')
      else if (QUIET_PATHS.test(path)) res.locals.log.debug(line, 'request')
      else res.locals.log.info(line, 'request')
    })
    next()
  }
}
