import { type StaffContext, staffRouter } from '@kairan/api'
import type { BlobStore, SecretBox } from '@kairan/core'
import type { Db } from '@kairan/db'
import { createExpressMiddleware } from '@trpc/server/adapters/express'
import type { RequestHandler } from 'express'

/** `/trpc`: the staff router over HTTP, behind the guard; the context comes from what it decided. */
export function trpcHandler({
  db,
  secrets,
  storage,
}: {
  db: Db
  secrets: SecretBox
  storage: BlobStore
}): RequestHandler {
  return createExpressMiddleware({
    router: staffRouter,
    createContext: ({ req, res }): StaffContext => ({
      db,
      secrets,
      storage,
      request: { ip: res.locals.clientIp, userAgent: req.get('user-agent') ?? null },
      sessionToken: res.locals.sessionToken,
      auth: res.locals.auth,
    }),
    onError: ({ error, path }) => {
      // Expected refusals (4xx) are not errors of ours (CONVENTIONS C9).
      if (error.code === 'INTERNAL_SERVER_ERROR')
        console.error(`tRPC ${path ?? '?'} failed`, error.cause ?? error)
    },
  })
}
