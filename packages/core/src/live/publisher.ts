import { Emitter } from '@socket.io/postgres-emitter'
import pg from 'pg'
import { channelRoom, LIVE_EVENT_NAME, type LiveEvent, tenantRoom } from './events.ts'

/** Publishes live events to the staff connected to any admin process. */
export type LivePublisher = {
  /** Best-effort and fire-and-forget: never throws, never waits; a failure is logged and the event dropped. */
  publish(event: LiveEvent): void
  /** Waits for events already handed over, then closes the connections. Later events are dropped. */
  close(): Promise<void>
}

/** The part of a pino logger this needs. */
export type LiveLog = { warn(details: object, message: string): void }

const consoleLog: LiveLog = { warn: (details, message) => console.warn(message, details) }

/** NOTIFY carries at most 8000 bytes; events are a few ids, so anything bigger is a bug, not data. */
const MAX_EVENT_BYTES = 4000

/**
 * The publisher apps/liff and apps/worker use (after their transaction has committed):
 * `@socket.io/postgres-emitter` over a small pool of its own, sending each event to its
 * tenant's room and its channel's room at once (a socket in both gets it once).
 *
 * The emitter is wrapped, on the pool it is given, for two of its shortcomings (0.1.1, the latest):
 * - its messages lack the top-level `nsp` by which `@socket.io/postgres-adapter` ≥ 0.4 (a
 *   ClusterAdapter) routes them, so the adapter would drop every one: it is added to each NOTIFY
 *   payload that lacks it (a no-op once the emitter sends it itself);
 * - its error handling re-broadcasts a failure as an "error" event, which fails again while
 *   PostgreSQL is down, and so on: the pool logs and swallows errors itself instead.
 * Events are kept small enough for NOTIFY, so the emitter never needs `socket_io_attachments`.
 */
export function createLivePublisher(options: { databaseUrl: string; log?: LiveLog }): LivePublisher {
  const log = options.log ?? consoleLog
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: 2,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  })
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  pool.on('error', (error) => log.warn({ err: error }, 'live publisher: idle connection lost'))

  const inFlight = new Set<Promise<unknown>>()
  const safePool = {
    query(text: string, values?: unknown[]) {
      // Async, so that nothing here can throw into the emitter (see above) — only reject, and be caught.
      const query = (async () => pool.query(text, withNamespace(text, values)))().catch((error: unknown) => {
        log.warn({ err: error }, 'live publisher: event dropped')
        return { rows: [] }
      })
      inFlight.add(query)
      void query.finally(() => inFlight.delete(query))
      return query
    },
  }
  const emitter = new Emitter(safePool)
  let closed = false
  let closing: Promise<void> | undefined

  return {
    publish(event) {
      try {
        if (closed) {
          log.warn({ type: event.type }, 'live publisher: closed, event dropped')
          return
        }
        if (!event.tenantId || !event.channelId) {
          log.warn({ type: event.type }, 'live publisher: event without tenant or channel dropped')
          return
        }
        if (Buffer.byteLength(JSON.stringify(event)) > MAX_EVENT_BYTES) {
          log.warn({ type: event.type }, 'live publisher: oversized event dropped')
          return
        }
        emitter.to([tenantRoom(event.tenantId), channelRoom(event.channelId)]).emit(LIVE_EVENT_NAME, event)
      } catch (error) {
        log.warn({ err: error, type: event?.type }, 'live publisher: event dropped')
      }
    },
    close() {
      closed = true
      closing ??= (async () => {
        await Promise.allSettled([...inFlight])
        await pool.end()
      })()
      return closing
    },
  }
}

/** The emitter's `SELECT pg_notify($1, $2)`, its payload given the namespace the adapter routes by. */
function withNamespace(text: string, values: unknown[] | undefined): unknown[] | undefined {
  const [channel, payload] = values ?? []
  if (!text.startsWith('SELECT pg_notify(') || typeof channel !== 'string' || typeof payload !== 'string') {
    return values
  }
  const message = JSON.parse(payload) as { nsp?: string }
  // The channel is `<prefix>#<namespace>`.
  message.nsp ??= channel.slice(channel.indexOf('#') + 1)
  return [channel, JSON.stringify(message)]
}

/** For tests and scripts that change data but have no staff to tell. */
export const noLivePublisher: LivePublisher = {
  publish() {},
  close: async () => {},
}
