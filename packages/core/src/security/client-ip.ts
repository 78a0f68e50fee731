import type { IncomingHttpHeaders } from 'node:http'
import { isIP } from 'node:net'

export type ClientIpOptions = {
  /** Whether X-Forwarded-For is believed at all (TRUST_PROXY). */
  trustProxy: boolean
  /** How many proxies we run in front of the app (TRUSTED_PROXY_HOPS); each appends one entry. */
  hops: number
}

/** The parts of a request this needs, so it works with Express, plain Node and tests alike. */
export type RequestLike = {
  headers: IncomingHttpHeaders
  socket: { remoteAddress?: string | undefined }
}

/**
 * `::ffff:1.2.3.4` → `1.2.3.4`, `[2001:db8::1]:443` → `2001:db8::1`, `1.2.3.4:5678` → `1.2.3.4`;
 * anything that is not an IP address afterwards gives `null`, so an allow-list never matches junk.
 */
export function normalizeIp(raw: string): string | null {
  let ip = raw.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip)
  if (bracketed?.[1]) ip = bracketed[1]
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(':'))
  ip = ip.toLowerCase()
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(ip)
  if (mapped?.[1]) ip = mapped[1]
  return isIP(ip) ? ip : null
}

/**
 * The address of the person making the request, for the IP allow-list and the access log.
 *
 * Without a trusted proxy it is the TCP peer; X-Forwarded-For is ignored because anyone can send
 * it. Behind `hops` proxies of ours, each proxy appends the address it received the request from,
 * so the chain `X-Forwarded-For + socket` ends with `hops` entries we trust the writer of; the
 * entry just before them was written by our outermost proxy and is the client. Entries further
 * left came from the client and are never used. If the chain is shorter than expected (a proxy
 * did not set the header) the leftmost entry is the best we have — the same rule as Express's
 * numeric `trust proxy`.
 */
export function clientIp(req: RequestLike, { trustProxy, hops }: ClientIpOptions): string | null {
  const socketAddress = req.socket.remoteAddress
  if (!trustProxy) return socketAddress ? normalizeIp(socketAddress) : null
  const header = req.headers['x-forwarded-for']
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  const chain = socketAddress ? [...forwarded, socketAddress] : forwarded
  if (chain.length === 0) return null
  const index = Math.max(0, chain.length - 1 - hops)
  return normalizeIp(chain[index] ?? '')
}
