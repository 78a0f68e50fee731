import { createSecretBox } from '@kairan/core'
import pino from 'pino'
import { loadEnv } from './env.ts'
import { startLiffServer } from './server.ts'

/** `npm run start -w @kairan/liff`: the public LIFF/webhook server (see server.ts). */
async function main() {
  let env: ReturnType<typeof loadEnv>
  try {
    env = loadEnv()
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  }
  const log = pino({ level: env.LOG_LEVEL, base: { app: 'liff' } })
  const server = await startLiffServer({
    databaseUrl: env.DATABASE_URL,
    port: env.LIFF_PORT,
    host: env.LIFF_HOST,
    log,
    secrets: createSecretBox(env.KAIRAN_ENCRYPTION_KEYS),
    handleWebhooksInline: env.WEBHOOK_INLINE_HANDLING === 'on',
  })

  const shutDown = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'shutting down')
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  // `once`: a second Ctrl-C falls through to Node's default and kills the process at once.
  process.once('SIGTERM', shutDown)
  process.once('SIGINT', shutDown)
}

main().catch((error: unknown) => {
  console.error('apps/liff failed to start:', error)
  process.exit(1)
})
