import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createLivePublisher, type LivePublisher, noLivePublisher, type SecretBox } from '@kairan/core'
import { createDatabase, isDatabaseReachable } from '@kairan/db'
import type { Logger } from 'pino'
import { createWebhookHandler } from './webhook.ts'

/** /readyz must answer quickly even when PostgreSQL hangs instead of refusing. */
const READINESS_TIMEOUT_MS = 2_000
/** After this long, requests still running at shutdown are cut off. */
const SHUTDOWN_GRACE_MS = 10_000

export type StartLiffServerOptions = {
  databaseUrl: string
  /** 0 picks a free port (tests). */
  port: number
  host?: string
  log: Logger
  secrets: SecretBox
  /** Handle webhook events in this process right after answering (default true). */
  handleWebhooksInline?: boolean
  /** Publish live events to staff (default: the Socket.IO Postgres emitter; tests may pass none). */
  live?: LivePublisher | 'none'
}

export type LiffServer = {
  port: number
  url: string
  /** Graceful: no new connections, running requests finish (10 s at most), database closed. */
  stop: () => Promise<void>
}

/**
 * The public LIFF app. For now only health checks; the LIFF pages (Remix), /trpc for citizens and
 * POST /webhook/:channelId come next and plug into this server.
 */
export async function startLiffServer(options: StartLiffServerOptions): Promise<LiffServer> {
  const { log } = options
  const database = createDatabase(options.databaseUrl, { max: 10 })
  const live =
    options.live === 'none'
      ? noLivePublisher
      : (options.live ?? createLivePublisher({ databaseUrl: options.databaseUrl, log }))
  const webhook = createWebhookHandler({
    deps: { db: database.db, secrets: options.secrets, live, log },
    secrets: options.secrets,
    log,
    handleInline: options.handleWebhooksInline ?? true,
  })
  let isStopping = false

  const isReady = async () => {
    if (isStopping) return false
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS)
    })
    try {
      return await Promise.race([isDatabaseReachable(database.sql), timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    const json = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      res.end(JSON.stringify(body))
    }
    const webhookMatch = /^\/webhook\/([^/]+)$/.exec(path)
    if (webhookMatch) {
      if (req.method !== 'POST') return json(405, { message: 'Use POST' })
      return webhook.handle(req, res, decodeURIComponent(webhookMatch[1]!))
    }
    if (path === '/healthz') return json(200, { ok: true })
    if (path === '/readyz') {
      isReady().then(
        (ok) => json(ok ? 200 : 503, { ok, database: ok ? 'up' : 'down' }),
        () => json(503, { ok: false, database: 'down' }),
      )
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
    res.end('Not found\n')
  })
  server.on('clientError', (_error, socket) => socket.destroy())

  server.listen(options.port, options.host ?? '0.0.0.0')
  try {
    await once(server, 'listening')
  } catch (error) {
    await database.close()
    throw error
  }
  const port = (server.address() as AddressInfo).port
  log.info({ port }, 'liff started')

  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      isStopping = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      const timer = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS)
      await closed
      clearTimeout(timer)
      await webhook.drain()
      await live.close()
      await database.close()
      log.info('liff stopped')
    })()
    return stopping
  }
  return { port, url: `http://127.0.0.1:${port}`, stop }
}
