import { createDatabase } from '@kairan/db'
import { startAdminServer } from './app.ts'
import { EnvError, loadEnv } from './env.ts'
import { attachSocketServer } from './socket.ts'
import { staffServerOptions } from './staff-wiring.ts'

async function main() {
  let env: ReturnType<typeof loadEnv>
  try {
    env = loadEnv()
  } catch (error) {
    if (!(error instanceof EnvError)) throw error
    console.error(error.message)
    process.exit(1)
  }
  const database = createDatabase(env.DATABASE_URL)
  const admin = await startAdminServer({
    ...staffServerOptions(env, database),
    attachSockets: ({ httpServer, logger }) =>
      attachSocketServer({
        httpServer,
        databaseUrl: env.DATABASE_URL,
        db: database.db,
        trustProxy: env.TRUST_PROXY,
        hops: env.TRUSTED_PROXY_HOPS,
        logger,
      }),
  })

  const shutDown = (signal: NodeJS.Signals) => {
    admin.logger.info({ signal }, 'shutting down')
    admin.close().then(
      () => process.exit(0),
      (error: unknown) => {
        admin.logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  // `once`: a second Ctrl-C falls through to Node's default and kills the process at once.
  process.once('SIGTERM', shutDown)
  process.once('SIGINT', shutDown)
}

main().catch((error: unknown) => {
  console.error('apps/admin failed to start:', error)
  process.exit(1)
})
