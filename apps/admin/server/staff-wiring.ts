import { blobStoreFromConfig, createSecretBox } from '@kairan/core'
import type { Database } from '@kairan/db'
import type { StartAdminServerOptions } from './app.ts'
import type { Env } from './env.ts'
import { staffGuard } from './guard.ts'
import { trpcHandler } from './trpc.ts'

/**
 * The staff side of the admin server: the guard in front of everything, tRPC at /trpc behind it,
 * and what loaders get from the guard. Used by the start script and by the tests alike.
 */
export function staffServerOptions(
  env: Env,
  database: Database,
): Omit<StartAdminServerOptions, 'port' | 'host'> {
  const secrets = createSecretBox(env.KAIRAN_ENCRYPTION_KEYS)
  const storage = blobStoreFromConfig(env.STORAGE)
  return {
    env,
    db: database,
    guard: staffGuard({ db: database.db }),
    beforeRemix: (app) => {
      app.use('/trpc', trpcHandler({ db: database.db, secrets, storage }))
    },
    loadContext: (_req, res) => ({
      auth: res.locals.auth,
      sessionToken: res.locals.sessionToken,
      secrets,
      storage,
      isCookieSecure: env.SESSION_COOKIE_SECURE,
      liffPublicUrl: env.LIFF_PUBLIC_URL,
      lineEmulatorUrl: env.LINE_EMULATOR_URL ?? null,
    }),
  }
}
