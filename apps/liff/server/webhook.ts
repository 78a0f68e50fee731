import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  handleWebhookEvents,
  loadChannelLine,
  type SecretBox,
  storeWebhookEvents,
  type WebhookDeps,
} from '@kairan/core'
import { parseWebhookBody, verifySignature, WebhookBodyError } from '@kairan/line'
import type { Logger } from 'pino'

/** LINE's webhook bodies are a few kB; anything near this is not LINE. */
const MAX_BODY_BYTES = 1024 * 1024
/** Channel secrets are looked up at most this often per channel (a changed secret applies within it). */
const CHANNEL_CACHE_MS = 5_000
/** Beyond this many events waiting for in-process handling, the rest are left to the worker. */
const MAX_QUEUED_EVENTS = 5_000
const MAX_CACHED_CHANNELS = 1_000
/** Events handled in one transaction at most. */
const BATCH_EVENTS = 200
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type WebhookHandlerOptions = {
  deps: WebhookDeps
  secrets: SecretBox
  log: Logger
  /** Handle events in this process right after answering (default). Off: only the worker does. */
  handleInline?: boolean
  /** How many webhook requests' events are handled at once in this process. */
  concurrency?: number
}

type ChannelEntry = { tenantId: string; channelId: string; secret: string | null } | null

/**
 * `POST /webhook/:channelId` (DESIGN invariant 1). Verify the signature with that channel's
 * secret, store the raw events in one statement, answer 200; handling happens after the answer.
 * 404 unknown channel, 401 bad signature, 400 malformed body, 413 too large — nothing stored.
 */
export function createWebhookHandler(options: WebhookHandlerOptions) {
  const { deps, secrets, log } = options
  const handleInline = options.handleInline ?? true
  const concurrency = options.concurrency ?? 2
  const channels = new Map<string, { entry: ChannelEntry; at: number }>()

  const channelFor = async (channelId: string): Promise<ChannelEntry> => {
    const hit = channels.get(channelId)
    if (hit && Date.now() - hit.at < CHANNEL_CACHE_MS) return hit.entry
    const line = await loadChannelLine(deps.db, secrets, channelId)
    const entry = line
      ? { tenantId: line.tenantId, channelId: line.channelId, secret: line.channelSecret }
      : null
    // Bounded: random ids in webhook URLs must not grow it without limit.
    if (channels.size >= MAX_CACHED_CHANNELS) channels.clear()
    channels.set(channelId, { entry, at: Date.now() })
    return entry
  }

  // In-process handling: requests' event batches in arrival order, a few at a time.
  const queue: number[][] = []
  let queued = 0
  let active = 0
  const pump = () => {
    while (active < concurrency && queue.length > 0) {
      // Requests that arrived meanwhile are handled together: one transaction for many events.
      const ids: number[] = []
      while (queue.length > 0 && ids.length < BATCH_EVENTS) ids.push(...queue.shift()!)
      queued -= ids.length
      active += 1
      handleWebhookEvents(deps, ids)
        .catch((error: unknown) => log.error({ err: error }, 'in-process webhook handling failed'))
        .finally(() => {
          active -= 1
          pump()
        })
    }
  }
  const enqueue = (ids: number[]) => {
    if (!handleInline || ids.length === 0) return
    if (queued + ids.length > MAX_QUEUED_EVENTS) return // the worker's sweep will handle them
    queue.push(ids)
    queued += ids.length
    pump()
  }

  const answer = (res: ServerResponse, status: number, body: object) => {
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
    })
    res.end(text)
  }

  async function handle(req: IncomingMessage, res: ServerResponse, channelId: string): Promise<void> {
    let body: Buffer
    try {
      body = await readBody(req)
    } catch (error) {
      if (error instanceof BodyTooLarge) return answer(res, 413, { message: 'Request body too large' })
      throw error
    }
    const channel = UUID.test(channelId) ? await channelFor(channelId) : null
    if (!channel) return answer(res, 404, { message: 'Unknown channel' })
    if (!channel.secret) return answer(res, 404, { message: 'Channel has no LINE credentials yet' })
    if (!verifySignature(body, channel.secret, header(req, 'x-line-signature'))) {
      log.warn({ channelId }, 'webhook with a bad signature refused')
      return answer(res, 401, { message: 'Invalid signature' })
    }
    let parsed: ReturnType<typeof parseWebhookBody>
    try {
      parsed = parseWebhookBody(body)
    } catch (error) {
      if (error instanceof WebhookBodyError) return answer(res, 400, { message: error.message })
      throw error
    }
    const ids = await storeWebhookEvents(deps.db, secrets, channel, parsed.events)
    answer(res, 200, {})
    enqueue(ids)
  }

  return {
    handle(req: IncomingMessage, res: ServerResponse, channelId: string) {
      handle(req, res, channelId).catch((error: unknown) => {
        // Storing failed (database down…): not 200, so LINE redelivers if redelivery is on.
        log.error({ err: error, channelId }, 'webhook could not be stored')
        if (!res.headersSent) answer(res, 500, { message: 'Could not store the events' })
        else res.destroy()
      })
    },
    /** Events waiting for in-process handling (for shutdown and tests). */
    pending: () => queued + active,
    /** Waits until in-process handling is idle (graceful shutdown; the worker covers the rest). */
    async drain(timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs
      while ((queued > 0 || active > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
    },
  }
}
export type WebhookHandler = ReturnType<typeof createWebhookHandler>

class BodyTooLarge extends Error {}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > MAX_BODY_BYTES) {
      req.resume()
      reject(new BodyTooLarge())
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        req.destroy()
        reject(new BodyTooLarge())
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
