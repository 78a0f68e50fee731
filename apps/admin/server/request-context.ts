import { randomUUID } from 'node:crypto'
import { clientIp } from '@kairan/core'
import type { RequestHandler } from 'express'
import type { Logger } from './logger.ts'

declare global {
  namespace Express {
    // biome-ignore lint/style/useConsistentTypeDefinitions: declaration merging needs an interface.
    interface Locals {
      /** Also sent back as `X-Request-Id`, so a staff member's report can be found in the logs. */
      requestId: string
      /** Per-request CSP nonce; every inline script must carry it (see security-headers.ts). */
      nonce: string
      /** From `clientIp()`; null when unknown, which an allow-list must treat as "not allowed". */
      clientIp: string | null
      log: Logger
    }
  }
}

// Polling and asset requests would drown the interesting lines at `info`.
const QUIET_PATHS = /^\/(healthz|readyz|__manifest|assets\/|favicon\.ico|@|node_modules\/|app\/)/

/**
 * Gives every request an id, a child logger and its client address (in `res.locals`, for the
 * guard, tRPC and Remix alike), and logs one line when the response is done. The line has the
 * path but not the query string, which may carry tokens, and no IP or user agent (personal data).
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
    res.setHeader('X-Request-Id', requestId)
    const started = performance.now()
    // Read now: routers mounted on a prefix (e.g. /assets) rewrite req.path while handling.
    const { method, path } = req
    res.on('finish', () => {
      const line = {
        method,
        path,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      }
      if (res.statusCode >= 500) res.locals.log.error(line, 'request failed')
      else if (QUIET_PATHS.test(path)) res.locals.log.debug(line, 'request')
      else res.locals.log.info(line, 'request')
    })
    next()
  }
}
