import { once } from 'node:events'
import { existsSync } from 'node:fs'
import http, { type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import {
  type BlobStore,
  createLivePublisher,
  type LivePublisher,
  noLivePublisher,
  type SecretBox,
} from '@kairan/core'
import { createDatabase, type Database, isDatabaseReachable } from '@kairan/db'
import { createRequestHandler, type GetLoadContextFunction } from '@remix-run/express'
import type { AppLoadContext, ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express'
import type { Logger } from 'pino'
import type { ViteDevServer } from 'vite'
import { type ChannelDirectory, createChannelDirectory } from './channels.ts'
import { citizenGuard } from './citizen-guard.ts'
import { requestContext } from './request-context.ts'
import { securityHeaders } from './security-headers.ts'
import { citizenTrpcHandler } from './trpc.ts'
import { createWebhookHandler } from './webhook.ts'

const appRoot = fileURLToPath(new URL('..', import.meta.url))
const clientBuildDir = fileURLToPath(new URL('../build/client', import.meta.url))
const serverBuildFile = fileURLToPath(new URL('../build/server/index.js', import.meta.url))

/** /readyz must answer quickly even when PostgreSQL hangs instead of refusing. */
const READINESS_TIMEOUT_MS = 2_000
/** After this long, requests still running at shutdown are cut off. */
const SHUTDOWN_GRACE_MS = 10_000
/**
 * How long one request may take to arrive in full. Node's default (5 minutes) would cut off a
 * resident sending a 100 MB video from a phone on a slow uplink (~2.5 Mbit/s); headers still have
 * to arrive within Node's 60 s `headersTimeout`, so slow-header attacks gain nothing from this.
 */
const REQUEST_TIMEOUT_MS = 20 * 60_000
/** The emulator's phone page on a laptop (see LIFF_FRAME_ANCESTORS in env.ts). */
const DEFAULT_FRAME_ANCESTORS = ['http://127.0.0.1:3300', 'http://localhost:3300']

export type StartLiffServerOptions = {
  databaseUrl: string
  /** 0 picks a free port (tests). */
  port: number
  host?: string
  log: Logger
  secrets: SecretBox
  /** Where form uploads live (UPLOADS_DIR or S3): the same store as admin and worker. */
  storage: BlobStore
  /** Handle webhook events in this process right after answering (default true). */
  handleWebhooksInline?: boolean
  /** Publish live events to staff (default: the Socket.IO Postgres emitter; tests may pass none). */
  live?: LivePublisher | 'none'
  /**
   * 'production' serves the built pages (`npm run build -w @kairan/liff` first); otherwise Vite
   * compiles them on demand: started with the server in 'development' (the default), so its
   * dependency scan is done before a browser asks; at the first page request in 'test'.
   */
  mode?: 'development' | 'production' | 'test'
  /** Believe X-Forwarded-* from this many proxies of ours (TRUST_PROXY / TRUSTED_PROXY_HOPS). */
  trustProxy?: boolean
  trustedProxyHops?: number
  /** Secure flag on the resident session cookie (default: in production). */
  isCookieSecure?: boolean
  /** Origins allowed to frame the pages besides the app itself (default: the emulator on a laptop). */
  frameAncestors?: readonly string[]
}

export type LiffServer = {
  port: number
  url: string
  /** Graceful: no new connections, running requests finish (10 s at most), database closed. */
  stop: () => Promise<void>
}

/** The part of AppLoadContext the server fills in (see app/load-context.ts). */
type LoadContextDeps = { database: Database; secrets: SecretBox; storage: BlobStore; isCookieSecure: boolean }

type RemixParts = {
  build: ServerBuild | (() => Promise<ServerBuild>)
  assets: RequestHandler
  vite?: ViteDevServer
}

/** The Remix build: Vite compiles on demand in development, the built files run in production. */
async function remixParts(isProduction: boolean, httpServer: Server): Promise<RemixParts> {
  if (isProduction) {
    if (!existsSync(serverBuildFile)) {
      throw new Error(`No LIFF build at ${serverBuildFile}: run \`npm run build -w @kairan/liff\` first.`)
    }
    const build = (await import(serverBuildFile)) as ServerBuild
    const assets = express.Router()
    // Vite fingerprints everything under /assets, so browsers may keep it forever.
    assets.use(
      '/assets',
      express.static(`${clientBuildDir}/assets`, { immutable: true, maxAge: '1y', index: false }),
    )
    assets.use(express.static(clientBuildDir, { maxAge: '1h', index: false }))
    return { build, assets }
  }
  const { createServer: createViteServer } = await import('vite')
  const vite = await createViteServer({
    root: appRoot,
    configFile: `${appRoot}/vite.config.ts`,
    server: { middlewareMode: true, hmr: { server: httpServer } },
  })
  return {
    build: () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>,
    assets: vite.middlewares as unknown as RequestHandler,
    vite,
  }
}

/**
 * Everything but the webhook and the health checks: resident pages (Remix) under /c/:channelId,
 * their tRPC, and the assets. Order: request id and security headers, compression, assets, the
 * citizen guard for /c/:channelId, tRPC, Remix, and a plain 404 for anything else.
 */
function createPagesApp(options: {
  deps: LoadContextDeps
  channels: ChannelDirectory
  log: Logger
  isProduction: boolean
  trustProxy: boolean
  hops: number
  frameAncestors: readonly string[]
  remix: () => Promise<RemixParts>
  remixIfStarted: () => Promise<RemixParts> | undefined
}): Express {
  const { deps, isProduction } = options
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', options.trustProxy ? options.hops : false)

  app.use(requestContext({ logger: options.log, trustProxy: options.trustProxy, hops: options.hops }))
  app.use(securityHeaders({ isProduction, frameAncestors: options.frameAncestors }))
  app.use(compression())
  // Nothing to serve until the Remix build is loaded (production: at start; development: started
  // with the server; tests: at the first page request, so a stray request never starts Vite).
  app.use((req, res, next) => {
    const started = options.remixIfStarted()
    if (!started) return next()
    started.then((remix) => remix.assets(req, res, next), next)
  })

  app.use(
    '/c/:channelId',
    citizenGuard({
      db: deps.database.db,
      channels: options.channels,
      isDevelopment: !isProduction,
      frameAncestors: options.frameAncestors,
      isCookieSecure: deps.isCookieSecure,
    }),
  )
  app.use(
    '/c/:channelId/trpc',
    citizenTrpcHandler({ db: deps.database.db, secrets: deps.secrets, storage: deps.storage }),
  )

  const getLoadContext: GetLoadContextFunction = (req, res): AppLoadContext => ({
    nonce: res.locals.nonce,
    db: deps.database.db,
    secrets: deps.secrets,
    storage: deps.storage,
    clientIp: res.locals.clientIp,
    userAgent: req.get('user-agent') ?? '',
    requestId: res.locals.requestId,
    log: res.locals.log,
    channel: res.locals.channel,
    citizen: res.locals.citizen,
    isCookieSecure: deps.isCookieSecure,
  })
  let remixHandler: RequestHandler | undefined
  const pages: RequestHandler = (req, res, next) => {
    options.remix().then((remix) => {
      remixHandler ??= createRequestHandler({
        build: remix.build,
        mode: isProduction ? 'production' : 'development',
        getLoadContext,
      })
      return remixHandler(req, res, next)
    }, next)
  }
  // Remix answers the resident pages, the public images of deliveries (/media) and, with lazy
  // route discovery, its route manifest.
  app.all(['/c/*', '/__manifest', '/media/*'], pages)

  app.use((_req, res) => {
    res.status(404).set('Cache-Control', 'no-store').type('text/plain').send('Not found\n')
  })
  const onError: ErrorRequestHandler = (error, _req, res, next) => {
    const log = res.locals.log ?? options.log
    log.error({ err: error }, 'unhandled error')
    if (res.headersSent) return next(error)
    res.status(500).type('text/plain').send('Internal Server Error')
  }
  app.use(onError)
  return app
}

/**
 * The public LIFF app: `POST /webhook/:channelId` (LINE), `/healthz` and `/readyz` straight on the
 * node:http listener — no Express, no body parser, no compression, so the webhook stays a fast
 * path — and everything else through Express (resident pages, tRPC, assets).
 */
export async function startLiffServer(options: StartLiffServerOptions): Promise<LiffServer> {
  const { log } = options
  const isProduction = options.mode === 'production'
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

  const server = http.createServer({ requestTimeout: REQUEST_TIMEOUT_MS })
  // Production loads the build now, so a missing one fails the start rather than the first page.
  let remix: Promise<RemixParts> | undefined
  const loadRemix = () => {
    remix ??= remixParts(isProduction, server)
    return remix
  }
  if (isProduction) {
    try {
      await loadRemix()
    } catch (error) {
      await live.close()
      await database.close()
      throw error
    }
  }
  const pages = createPagesApp({
    deps: {
      database,
      secrets: options.secrets,
      storage: options.storage,
      isCookieSecure: options.isCookieSecure ?? isProduction,
    },
    channels: createChannelDirectory({ db: database.db, secrets: options.secrets }),
    log,
    isProduction,
    trustProxy: options.trustProxy ?? false,
    hops: options.trustedProxyHops ?? 1,
    frameAncestors: options.frameAncestors ?? DEFAULT_FRAME_ANCESTORS,
    remix: loadRemix,
    remixIfStarted: () => remix,
  })

  server.on('request', (req, res) => {
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
    pages(req, res)
  })
  server.on('clientError', (_error, socket) => socket.destroy())

  server.listen(options.port, options.host ?? '0.0.0.0')
  try {
    await once(server, 'listening')
  } catch (error) {
    await live.close()
    await database.close()
    throw error
  }
  const port = (server.address() as AddressInfo).port
  const mode = options.mode ?? 'development'
  log.info({ port, mode }, 'liff started')
  if (mode === 'development') {
    loadRemix().catch((error: unknown) => log.error({ err: error }, 'Vite failed to start'))
  }

  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      isStopping = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // Keep-alive sockets with no request in flight would hold server.close() open: sweep them.
      server.closeIdleConnections()
      const sweep = setInterval(() => server.closeIdleConnections(), 100)
      const cutOff = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS)
      // Vite's hot-reload websocket is an upgraded connection server.close() would wait for.
      const parts = await remix?.catch(() => undefined)
      await parts?.vite?.close()
      await closed
      clearInterval(sweep)
      clearTimeout(cutOff)
      await webhook.drain()
      await live.close()
      await database.close()
      log.info('liff stopped')
    })()
    return stopping
  }
  const host = options.host ?? '0.0.0.0'
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  return { port, url: `http://${shownHost}:${port}`, stop }
}
