import { blobStoreFromConfig, createSecretBox } from '@kairan/core'
import { startLiffServer } from './app.ts'
import { EnvError, loadEnv } from './env.ts'
import { createLogger } from './logger.ts'

/** `npm run start -w @kairan/liff` (built pages) or `npm run dev` (Vite): the public LIFF/webhook server. */
async function main() {
  let env: ReturnType<typeof loadEnv>
  try {
    env = loadEnv()
  } catch (error) {
    if (!(error instanceof EnvError)) throw error
    console.error(error.message)
    process.exit(1)
  }
  const log = createLogger(env)
  const server = await startLiffServer({
    databaseUrl: env.DATABASE_URL,
    port: env.LIFF_PORT,
    host: env.LIFF_HOST,
    log,
    secrets: createSecretBox(env.KAIRAN_ENCRYPTION_KEYS),
    storage: blobStoreFromConfig(env.STORAGE),
    handleWebhooksInline: env.WEBHOOK_INLINE_HANDLING === 'on',
    mode: env.NODE_ENV,
    trustProxy: env.TRUST_PROXY,
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    isCookieSecure: env.SESSION_COOKIE_SECURE,
    frameAncestors: env.LIFF_FRAME_ANCESTORS,
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
