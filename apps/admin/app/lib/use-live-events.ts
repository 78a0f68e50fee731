import {
  LIVE_EVENT_NAME,
  type LiveClientToServerEvents,
  type LiveEvent,
  type LiveServerToClientEvents,
} from '@kairan/core/live-events'
import { useRevalidator } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import type { Socket } from 'socket.io-client'

/**
 * Live updates in the browser (issue 3): one Socket.IO connection per tab, shared by every
 * component that listens, opened on first use (the client library is loaded only then) and closed
 * a little after the last listener goes. The server (server/socket.ts) authenticates it with the
 * session cookie and puts it in the staff member's tenant room, so every event that arrives is
 * one of the current tenant's; listeners narrow further (a channel, a citizen…) themselves.
 */
type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>
type Listener = (event: LiveEvent) => void

/** Route changes unmount one page's listener before the next page's mounts: keep the connection meanwhile. */
const IDLE_CLOSE_MS = 5_000
/** Before reconnecting after the server closed the socket on purpose (session re-check, tenant switch). */
const SERVER_DISCONNECT_RETRY_MS = 2_000

const listeners = new Set<Listener>()
let connection: Promise<LiveSocket> | undefined
let idleTimer: ReturnType<typeof setTimeout> | undefined

function connect(): void {
  clearTimeout(idleTimer)
  connection ??= import('socket.io-client').then(
    ({ io }) => {
      const socket: LiveSocket = io({
        path: '/socket.io',
        withCredentials: true,
        // WebSocket first; plain HTTP long-polling if it cannot be opened (a proxy, an old browser's CSP).
        transports: ['websocket', 'polling'],
        tryAllTransports: true,
        reconnectionDelay: 1_000,
        // A signed-out or refused tab keeps trying, but gently.
        reconnectionDelayMax: 30_000,
      })
      socket.on(LIVE_EVENT_NAME, (event) => {
        for (const listener of listeners) {
          try {
            listener(event)
          } catch (error) {
            console.error('live event listener failed', error)
          }
        }
      })
      socket.on('disconnect', (reason) => {
        // Socket.IO reconnects by itself except after a server-side disconnect.
        if (reason === 'io server disconnect') setTimeout(() => socket.connect(), SERVER_DISCONNECT_RETRY_MS)
      })
      return socket
    },
    (error: unknown) => {
      console.warn('live updates unavailable', error)
      connection = undefined
      throw error
    },
  )
}

function disconnectWhenIdle(): void {
  clearTimeout(idleTimer)
  idleTimer = setTimeout(() => {
    if (listeners.size > 0 || !connection) return
    const closing = connection
    connection = undefined
    closing.then(
      (socket) => socket.disconnect(),
      () => {},
    )
  }, IDLE_CLOSE_MS)
}

/** Calls `onEvent` for every live event of the current tenant while the component is mounted. */
export function useLiveEvents(onEvent: (event: LiveEvent) => void): void {
  const latest = useRef(onEvent)
  latest.current = onEvent
  useEffect(() => {
    const listener: Listener = (event) => latest.current(event)
    listeners.add(listener)
    connect()
    return () => {
      listeners.delete(listener)
      if (listeners.size === 0) disconnectWhenIdle()
    }
  }, [])
}

/** Events arriving closer together than this cause one reload. */
const REVALIDATE_DELAY_MS = 300

/**
 * Reloads the page's data (its loaders) when a live event matching `filter` arrives — at most
 * once per 300 ms however many arrive.
 */
export function useLiveRevalidate(filter: (event: LiveEvent) => boolean): void {
  const revalidator = useRevalidator()
  const latest = useRef({ filter, revalidate: revalidator.revalidate })
  latest.current = { filter, revalidate: revalidator.revalidate }
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  useLiveEvents((event) => {
    if (timer.current !== undefined || !latest.current.filter(event)) return
    timer.current = setTimeout(() => {
      timer.current = undefined
      latest.current.revalidate()
    }, REVALIDATE_DELAY_MS)
  })
}
