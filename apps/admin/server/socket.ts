import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http'
import {
  authenticateStaffRequest,
  type ChannelAck,
  channelRoom,
  clientIp,
  isLiveSessionValid,
  JOIN_CHANNEL_EVENT,
  LEAVE_CHANNEL_EVENT,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
  listTenantChannels,
  SESSION_COOKIE,
  tenantRoom,
} from '@kairan/core'
import type { Db } from '@kairan/db'
import { createAdapter } from '@socket.io/postgres-adapter'
import pg from 'pg'
import { Server, type Socket } from 'socket.io'
import { readCookie } from '../app/.server/i18n.server.ts'
import type { Logger } from './logger.ts'

/** Where the browser hook connects (apps/admin/app/lib/use-live-events.ts). */
export const SOCKET_PATH = '/socket.io'
/** How often each process re-checks the sessions behind its open sockets. */
const SESSION_CHECK_INTERVAL_MS = 60_000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type SocketServerOptions = {
  httpServer: HttpServer
  /** For the adapter's own pool (LISTEN needs a dedicated connection). */
  databaseUrl: string
  /** For the session and allow-list checks, the same as the HTTP guard's. */
  db: Db
  /** TRUST_PROXY and TRUSTED_PROXY_HOPS: the client address is found exactly as for HTTP requests. */
  trustProxy: boolean
  hops: number
  logger: Logger
  /** Tests shorten it. */
  sessionCheckIntervalMs?: number
}

export type SocketServer = {
  io: Server<LiveClientToServerEvents, LiveServerToClientEvents, Record<string, never>, SocketData>
  /** Disconnects every socket, stops listening for events and closes the adapter's pool. */
  close: () => Promise<void>
}

/** What other admin processes may see of a socket (fetchSockets): no token, no address. */
type SocketData = { tenantId: string; userId: string }

/** What the handshake established, kept in this process only. */
type Handshake = { token: string; sessionId: string; tenantId: string; userId: string; ip: string | null }

type EngineOnce = (event: 'close', listener: () => void) => void

type LiveSocket = Socket<
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  Record<string, never>,
  SocketData
>

/**
 * Live updates for staff (issue 3): Socket.IO on the admin's HTTP server, with the Postgres
 * adapter so that an event published anywhere (apps/liff and apps/worker use createLivePublisher,
 * other admin processes their own adapter) reaches every process's sockets.
 *
 * Socket.IO answers /socket.io/ itself, before Express — and websocket `upgrade` requests never
 * reach Express at all — so the staff guard does not see these requests. The same checks are
 * therefore applied here, with the guard's own functions:
 * - `allowRequest` (every handshake, polling or a direct websocket): the Origin, when sent, must be
 *   this host (cross-site websocket hijacking); the session cookie must resolve, through
 *   authenticateStaffRequest, to a fully signed-in member whose tenant's allow-list admits the
 *   client address — found by clientIp() under the same TRUST_PROXY rule. Anything else: 403.
 * - an engine middleware on every later request of a connection (polling requests and the
 *   polling → websocket upgrade, which carry a `sid` and skip `allowRequest`): same origin rule,
 *   and the same session cookie and client address as its handshake, or it is refused.
 * A socket joins exactly its tenant's room; channel rooms only for that tenant's channels.
 * Every 60 s each process re-checks the sessions behind its sockets (read-only, without sliding
 * the session's expiry) and drops those that ended, changed tenant or left the allow-list.
 */
export function attachSocketServer(options: SocketServerOptions): SocketServer {
  const { db, logger } = options
  const log = logger.child({ component: 'live' })
  const handshakes = new WeakMap<IncomingMessage, Handshake>()

  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 3, connectionTimeoutMillis: 5_000 })
  pool.on('error', (error) => log.warn({ err: error }, 'adapter: idle connection lost'))
  // The adapter keeps one client checked out for LISTEN and only listens for its `end`; without
  // this, that client's `error` when PostgreSQL restarts would be unhandled and end the process.
  pool.on('connect', (client) => {
    client.on('error', (error) => log.warn({ err: error }, 'adapter: connection lost'))
  })

  const requestIp = (req: IncomingMessage) =>
    clientIp(req, { trustProxy: options.trustProxy, hops: options.hops })
  const requestToken = (req: IncomingMessage) =>
    readCookie(req.headers.cookie ?? null, SESSION_COOKIE) ?? null

  async function authorize(req: IncomingMessage): Promise<Handshake | null> {
    if (!isSameOrigin(req)) return null
    const token = requestToken(req)
    if (!token) return null
    const ip = requestIp(req)
    const auth = await authenticateStaffRequest(db, {
      token,
      request: { ip, userAgent: req.headers['user-agent'] ?? null },
    })
    if (auth.status !== 'ok') return null
    const { sessionId, tenantId, userId } = auth.actor
    return { token, sessionId, tenantId, userId, ip }
  }

  const io: SocketServer['io'] = new Server(options.httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    // Vite's hot-reload websocket shares this server in development: leave other upgrades alone.
    destroyUpgrade: false,
    // Clients only send channel ids.
    maxHttpBufferSize: 16 * 1024,
    adapter: createAdapter(pool, {
      errorHandler: (error) => log.warn({ err: error }, 'adapter error'),
    }),
    allowRequest: (req, callback) => {
      authorize(req).then(
        (handshake) => {
          if (!handshake) return callback('Forbidden', false)
          handshakes.set(req, handshake)
          callback(null, true)
        },
        (error: unknown) => {
          log.error({ err: error }, 'handshake check failed')
          callback('Forbidden', false)
        },
      )
    },
  })

  // The handshake behind each open engine.io connection, by its sid.
  const connections = new Map<string, Handshake>()
  io.engine.on('connection', (connection: { id: string; request: IncomingMessage; once: EngineOnce }) => {
    const handshake = handshakes.get(connection.request)
    if (!handshake) return
    connections.set(connection.id, handshake)
    connection.once('close', () => connections.delete(connection.id))
  })

  io.engine.use((req: IncomingMessage, _res: ServerResponse, next: (error?: Error) => void) => {
    const sid = new URL(req.url ?? '/', 'http://localhost').searchParams.get('sid')
    if (!sid) return next() // a handshake: allowRequest decides
    const handshake = connections.get(sid)
    if (!handshake) return next() // engine.io answers "unknown sid"
    const isSameClient =
      isSameOrigin(req) && requestToken(req) === handshake.token && requestIp(req) === handshake.ip
    next(isSameClient ? undefined : new Error('Forbidden'))
  })

  io.use((socket, next) => {
    const handshake = handshakes.get(socket.request)
    if (!handshake) return next(new Error('Forbidden'))
    socket.data = { tenantId: handshake.tenantId, userId: handshake.userId }
    next()
  })

  io.on('connection', (socket: LiveSocket) => {
    void socket.join(tenantRoom(socket.data.tenantId))

    socket.on(JOIN_CHANNEL_EVENT, (channelId, ack) => {
      const reply = (result: ChannelAck) => {
        if (typeof ack === 'function') ack(result)
      }
      if (typeof channelId !== 'string' || !UUID.test(channelId))
        return reply({ ok: false, error: 'invalid' })
      listTenantChannels(db, socket.data.tenantId).then(
        (channels) => {
          if (!channels.some((c) => c.id === channelId)) return reply({ ok: false, error: 'not_found' })
          void socket.join(channelRoom(channelId))
          reply({ ok: true })
        },
        (error: unknown) => {
          log.error({ err: error }, 'join-channel failed')
          reply({ ok: false, error: 'not_found' })
        },
      )
    })

    socket.on(LEAVE_CHANNEL_EVENT, (channelId, ack) => {
      if (typeof channelId === 'string') void socket.leave(channelRoom(channelId))
      if (typeof ack === 'function') ack({ ok: true })
    })
  })

  let isChecking = false
  async function recheckSessions() {
    if (isChecking) return
    isChecking = true
    try {
      const verdicts = new Map<string, Promise<boolean>>()
      for (const socket of io.of('/').sockets.values()) {
        const handshake = handshakes.get(socket.request)
        if (!handshake) {
          socket.disconnect(true)
          continue
        }
        const key = `${handshake.sessionId}|${handshake.tenantId}|${handshake.ip}`
        let verdict = verdicts.get(key)
        if (!verdict) {
          // On a database error the socket stays: the next round decides.
          verdict = isLiveSessionValid(db, handshake).catch((error: unknown) => {
            log.warn({ err: error }, 'session re-check failed')
            return true
          })
          verdicts.set(key, verdict)
        }
        if (!(await verdict)) socket.disconnect(true)
      }
    } finally {
      isChecking = false
    }
  }
  const timer = setInterval(() => {
    void recheckSessions()
  }, options.sessionCheckIntervalMs ?? SESSION_CHECK_INTERVAL_MS)
  timer.unref()

  let closing: Promise<void> | undefined
  return {
    io,
    close: () => {
      closing ??= (async () => {
        clearInterval(timer)
        // Also closes the HTTP server (as startAdminServer does anyway) and waits for it to drain.
        await io.close()
        await pool.end()
      })()
      return closing
    },
  }
}

/**
 * The guard's CSRF rule, stricter: a browser always sends Origin on a websocket handshake, so any
 * Origin — `null` included — must be this host. No Origin: not a browser's cross-site request.
 */
function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return true
  try {
    return new URL(origin).host === req.headers.host
  } catch {
    return false
  }
}
