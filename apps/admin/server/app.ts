import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createDatabase, type Database, isDatabaseReachable } from '@kairan/db'
import { createRequestHandler, type GetLoadContextFunction } from '@remix-run/express'
import type { AppLoadContext, ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express'
import type { ViteDevServer } from 'vite'
import { type Env, loadEnv } from './env.ts'
import { createLogger, type Logger } from './logger.ts'
import { requestContext } from './request-context.ts'
import { securityHeaders } from './security-headers.ts'

const appRoot = fileURLToPath(new URL('..', import.meta.url))
const clientBuildDir = fileURLToPath(new URL('../build/client', import.meta.url))
const serverBuildFile = fileURLToPath(new URL('../build/server/index.js', import.meta.url))

/** /readyz must answer quickly even when PostgreSQL hangs instead of refusing. */
const READINESS_TIMEOUT_MS = 2_000
/** After this long, requests still running at shutdown are cut off. */
const SHUTDOWN_GRACE_MS = 10_000

/** The part of AppLoadContext this file fills in itself (see app/load-context.ts). */
export type BaseLoadContext = Pick<
  AppLoadContext,
  'nonce' | 'db' | 'clientIp' | 'userAgent' | 'requestId' | 'log'
>
/** Whatever other code adds to AppLoadContext by augmenting it (the session, secrets…). */
export type ExtraLoadContext = Omit<AppLoadContext, keyof BaseLoadContext>

export type AdminAppOptions = {
  env: Env
  db: Database
  /**
   * THE request guard (IP allow-list + staff session). Mounted before everything except
   * /healthz and /readyz — static files, Vite, tRPC and Remix all sit behind it. It can read
   * `res.locals.clientIp`, `res.locals.log` and `res.locals.requestId`.
   */
  guard: RequestHandler
  /** Mounts routes that need the guard but are not Remix (e.g. tRPC at /trpc), after the guard. */
  beforeRemix?: (app: Express, deps: { env: Env; db: Database; logger: Logger }) => void
  /**
   * The rest of every loader's `context`, typically what the guard left in `res.locals`. Needed
   * as soon as AppLoadContext is augmented beyond BaseLoadContext.
   */
  loadContext?: (req: express.Request, res: express.Response) => ExtraLoadContext
  logger?: Logger
  /** Development: Vite's hot-reload websocket shares this server instead of opening port 24678. */
  httpServer?: Server
}

export type AdminApp = {
  app: Express
  /** Releases what the app holds besides the HTTP server (the Vite dev server in development). */
  close: () => Promise<void>
}

async function isReady(db: Database): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS)
  })
  try {
    return await Promise.race([isDatabaseReachable(db.sql), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** The Remix build: Vite compiles on demand in development, the built files run in production. */
async function remixBuild(
  env: Env,
  httpServer: Server | undefined,
): Promise<{
  build: ServerBuild | (() => Promise<ServerBuild>)
  assets: RequestHandler
  vite?: ViteDevServer
}> {
  if (env.NODE_ENV === 'production') {
    if (!existsSync(serverBuildFile)) {
      throw new Error(`No admin build at ${serverBuildFile}: run \`npm run build -w @kairan/admin\` first.`)
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
    server: { middlewareMode: true, hmr: httpServer ? { server: httpServer } : true },
  })
  return {
    build: () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>,
    assets: vite.middlewares as unknown as RequestHandler,
    vite,
  }
}

/**
 * The admin HTTP app. Order matters: request id and security headers for every response,
 * health checks (open, for the orchestrator), then the guard, then everything it protects.
 */
export async function createAdminApp(options: AdminAppOptions): Promise<AdminApp> {
  const { env, db, guard } = options
  const logger = options.logger ?? createLogger(env)
  const isProduction = env.NODE_ENV === 'production'
  const app = express()
  app.disable('x-powered-by')
  // Lets req.protocol/hostname (used for Remix's request URL) follow X-Forwarded-Proto/-Host under
  // exactly the same trust rule as clientIp(); never when no proxy of ours is in front.
  app.set('trust proxy', env.TRUST_PROXY ? env.TRUSTED_PROXY_HOPS : false)

  app.use(requestContext({ logger, trustProxy: env.TRUST_PROXY, hops: env.TRUSTED_PROXY_HOPS }))
  app.use(securityHeaders({ isProduction }))
  app.use(compression())

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ ok: true })
  })
  app.get('/readyz', async (_req, res) => {
    const isDatabaseUp = await isReady(db)
    res
      .status(isDatabaseUp ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ ok: isDatabaseUp, database: isDatabaseUp ? 'up' : 'down' })
  })

  app.use(guard)
  options.beforeRemix?.(app, { env, db, logger })

  const { build, assets, vite } = await remixBuild(env, options.httpServer)
  app.use(assets)

  const getLoadContext: GetLoadContextFunction = (req, res): AppLoadContext => {
    const base: BaseLoadContext = {
      nonce: res.locals.nonce,
      db: db.db,
      clientIp: res.locals.clientIp,
      userAgent: req.get('user-agent') ?? '',
      requestId: res.locals.requestId,
      log: res.locals.log,
    }
    // The cast covers augmentations without a `loadContext` option; see its doc comment.
    return { ...options.loadContext?.(req, res), ...base } as AppLoadContext
  }
  app.all('*', createRequestHandler({ build, mode: env.NODE_ENV, getLoadContext }))

  const onError: ErrorRequestHandler = (error, _req, res, next) => {
    const log = res.locals.log ?? logger
    log.error({ err: error }, 'unhandled error')
    if (res.headersSent) return next(error)
    res.status(500).type('text/plain').send('Internal Server Error')
  }
  app.use(onError)

  return { app, close: async () => vite?.close() }
}

export type AdminServer = {
  server: Server
  /** The port actually bound (useful with port 0). */
  port: number
  url: string
  logger: Logger
  /** Graceful stop: no new connections, in-flight requests finish (10 s at most), database closed. */
  close: () => Promise<void>
}

/** Something else answering on the HTTP server (Socket.IO, see socket.ts), closed with it. */
export type AttachedService = { close: () => Promise<void> }

export type StartAdminServerOptions = Pick<AdminAppOptions, 'guard' | 'beforeRemix' | 'loadContext'> & {
  /** Defaults to the parsed process environment. */
  env?: Env
  /** Defaults to ADMIN_PORT; 0 picks a free port. */
  port?: number
  host?: string
  /** Defaults to a new client for DATABASE_URL. Pass one when the guard needs it too; `close()` closes it either way. */
  db?: Database
  logger?: Logger
  /**
   * Attaches live updates to the server before it listens. Whatever it attaches answers its own
   * paths ahead of Express, so it must do its own guarding (socket.ts does).
   */
  attachSockets?: (deps: { httpServer: Server; env: Env; db: Database; logger: Logger }) => AttachedService
}

/** Creates the database client and the app, and listens. Signal handling is left to the caller. */
export async function startAdminServer(options: StartAdminServerOptions): Promise<AdminServer> {
  const env = options.env ?? loadEnv()
  const logger = options.logger ?? createLogger(env)
  const db = options.db ?? createDatabase(env.DATABASE_URL)
  const server = createServer()
  const adminApp = await createAdminApp({
    env,
    db,
    guard: options.guard,
    beforeRemix: options.beforeRemix,
    loadContext: options.loadContext,
    logger,
    httpServer: server,
  })
  server.on('request', adminApp.app)
  // After Express is a listener: Socket.IO wraps the listeners already there.
  const sockets = options.attachSockets?.({ httpServer: server, env, db, logger })

  const host = options.host ?? env.ADMIN_HOST
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? env.ADMIN_PORT, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    await sockets?.close()
    throw error
  }
  const { port } = server.address() as AddressInfo
  const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`
  logger.info({ port, mode: env.NODE_ENV }, 'admin listening')

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // Keep-alive sockets with no request in flight would hold server.close() open until they
      // time out, including those whose last request finishes during the grace period: sweep.
      server.closeIdleConnections()
      const sweep = setInterval(() => server.closeIdleConnections(), 100)
      const cutOff = setTimeout(() => {
        logger.warn('requests still running after the grace period: closing their connections')
        server.closeAllConnections()
      }, SHUTDOWN_GRACE_MS)
      // Vite's websocket is an upgraded connection server.close() would wait for; in development
      // nobody needs a request finished more than a quick exit. Live sockets (upgraded or long
      // polls) likewise: they are disconnected now, and the browsers reconnect to another process.
      await Promise.all([adminApp.close(), sockets?.close()])
      await closed
      clearInterval(sweep)
      clearTimeout(cutOff)
      await db.close()
      logger.info('admin stopped')
    })()
    return closing
  }
  return { server, port, url, logger, close }
}
