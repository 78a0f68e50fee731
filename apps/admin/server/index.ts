import { createDatabase } from '@kairan/db'
import { startAdminServer } from './app.ts'
import { EnvError, loadEnv } from './env.ts'
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
  const admin = await startAdminServer(staffServerOptions(env, createDatabase(env.DATABASE_URL)))

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
