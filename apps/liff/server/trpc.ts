import { type CitizenContext, citizenRouter } from '@kairan/api'
import type { BlobStore, SecretBox } from '@kairan/core'
import type { Db } from '@kairan/db'
import { createExpressMiddleware } from '@trpc/server/adapters/express'
import type { RequestHandler } from 'express'

/**
 * `/c/:channelId/trpc`: the citizen router over HTTP for the LIFF pages' scripts, behind the
 * citizen guard (which resolved the channel and the session). Signing in is not offered here:
 * it answers the session token, which only the Remix action may turn into the httpOnly cookie.
 */
export function citizenTrpcHandler({
  db,
  secrets,
  storage,
}: {
  db: Db
  secrets: SecretBox
  storage: BlobStore
}): RequestHandler {
  const handler = createExpressMiddleware({
    router: citizenRouter,
    createContext: ({ req, res }): CitizenContext => ({
      db,
      secrets,
      storage,
      request: { ip: res.locals.clientIp, userAgent: req.get('user-agent') ?? null },
      channelId: res.locals.channel!.id,
      actor: res.locals.citizen,
    }),
    onError: ({ error, path }) => {
      // Expected refusals (4xx) are not errors of ours (CONVENTIONS C9).
      if (error.code === 'INTERNAL_SERVER_ERROR')
        console.error(`tRPC ${path ?? '?'} failed`, error.cause ?? error)
    },
  })
  return (req, res, next) => {
    if (!res.locals.channel) {
      res.status(404).json({ message: 'Unknown channel' })
      return
    }
    // Batched calls name several procedures: `/me.get,session.signIn`.
    let procedures: string[]
    try {
      procedures = decodeURIComponent(req.path.slice(1)).split(',')
    } catch {
      res.status(400).json({ message: 'Malformed procedure path' })
      return
    }
    if (procedures.some((p) => p.startsWith('session.'))) {
      res.status(404).json({ message: 'Sign in through the page, not tRPC' })
      return
    }
    handler(req, res, next)
  }
}
