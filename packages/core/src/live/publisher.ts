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
 * The emitter's own error handling re-broadcasts a failure as an "error" event, which fails
 * again while PostgreSQL is down, and so on; it never sees one here, because the pool it is
 * given logs and swallows errors itself. Events are kept small enough for NOTIFY, so the
 * emitter never needs the `socket_io_attachments` table.
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
      const query = pool.query(text, values).catch((error: unknown) => {
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

/** For tests and scripts that change data but have no staff to tell. */
export const noLivePublisher: LivePublisher = {
  publish() {},
  close: async () => {},
}
