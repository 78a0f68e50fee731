// startLineEmulator(): the HTTP server and its dispatch.
//   /_emulator/*          control API (CORS *)
//   /  and  /phone/*      the phone page (static)
//   everything else       LINE's APIs at the origin root (recorded), incl. /oauth2/v2.1/verify (CORS *)

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { EmulatorContext } from './context.ts'
import { channelProblem, handleControl } from './control.ts'
import { sendJson, sendPreflight } from './http.ts'
import { IdTokenIssuer } from './id-token.ts'
import { handleApi } from './messaging/api.ts'
import { getOpenApi } from './openapi/validate.ts'
import { servePhone } from './phone.ts'
import { RateLimiter } from './rate-limit.ts'
import { EventHub } from './sse.ts'
import { EmulatorState } from './state.ts'
import type { EmulatorChannel, LineEmulator, StartLineEmulatorOptions } from './types.ts'
import { Webhooks } from './webhooks.ts'

export const DEFAULT_PORT = 3300

async function dispatch(emu: EmulatorContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator')
  const path = url.pathname
  const isControl = path === '/_emulator' || path.startsWith('/_emulator/')
  if (req.method === 'OPTIONS' && (isControl || path.startsWith('/oauth2/'))) return sendPreflight(req, res)
  if (isControl) return handleControl(emu, req, res, url)
  if ((req.method === 'GET' || req.method === 'HEAD') && (path === '/' || path.startsWith('/phone/'))) {
    return servePhone(path, res, req.method === 'HEAD')
  }
  return handleApi(emu, req, res, url)
}

export async function startLineEmulator(options: StartLineEmulatorOptions = {}): Promise<LineEmulator> {
  const log = options.log ?? (() => {})
  const hub = new EventHub()
  const state = new EmulatorState(hub, { enforceRateLimits: options.enforceRateLimits ?? false })
  let origin = ''
  const emu: EmulatorContext = {
    state,
    webhooks: new Webhooks(state, log),
    idTokens: new IdTokenIssuer(),
    rateLimiter: new RateLimiter(),
    openApi: getOpenApi(),
    publicUrl: () => (options.publicUrl ?? origin).replace(/\/+$/, ''),
    log,
  }

  const upsertChannel = (channel: EmulatorChannel) => {
    const problem = channelProblem(channel)
    if (problem) throw new Error(`Invalid EmulatorChannel ${channel.channelId}: ${problem}`)
    const other = state.channelByToken(channel.accessToken)
    if (other && other.config.channelId !== channel.channelId) {
      throw new Error(`Invalid EmulatorChannel ${channel.channelId}: accessToken is used by another channel`)
    }
    state.upsertChannel(channel)
  }
  for (const channel of options.channels ?? []) upsertChannel(channel)

  const server = createServer((req, res) => {
    dispatch(emu, req, res).catch((error: unknown) => {
      log(
        `internal error on ${req.method} ${req.url}: ${error instanceof Error ? error.stack : String(error)}`,
      )
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal server error' })
      else res.destroy()
    })
  })
  server.keepAliveTimeout = 30_000

  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const shownHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  origin = `http://${shownHost}:${port}`
  log(
    `LINE emulator on ${origin} (phone page ${emu.publicUrl()}/, ${state.channels.size} channel(s), rate limits ${state.settings.enforceRateLimits ? 'on' : 'off'})`,
  )

  let stopped: Promise<void> | null = null
  return {
    url: origin,
    port,
    upsertChannel,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        state.stopTimers()
        hub.close()
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return stopped
    },
  }
}
