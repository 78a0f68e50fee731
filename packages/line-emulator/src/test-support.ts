// Helpers for this package's tests: a started emulator with one channel, residents, a webhook
// receiver (a tiny node:http server), PNG images.

import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { crc32, deflateSync } from 'node:zlib'
import { startLineEmulator } from './server.ts'
import type { EmulatorChannel, LineEmulator, Resident, WebhookResult } from './types.ts'

export const CHANNEL: EmulatorChannel = {
  channelId: '2000000001',
  channelSecret: '0123456789abcdef0123456789abcdef',
  accessToken: 'token-for-this-channel',
  botUserId: 'U0123456789abcdef0123456789abcdef',
  name: 'デモ市',
  liff: {
    liffId: '2000000002-AbCdEfGh',
    loginChannelId: '2000000002',
    endpointUrl: 'http://127.0.0.1:9/c/demo',
  },
}

export type Received = { body: string; headers: IncomingHttpHeaders }

export type WebhookReceiver = { url: string; received: Received[]; status: number; close(): Promise<void> }

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { url: '', received: [], status: 200, close: async () => {} }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      receiver.received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers })
      res.writeHead(receiver.status, { 'content-type': 'text/plain' })
      res.end('OK')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  return receiver
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely
export type AnyJson = any

export type Harness = {
  emulator: LineEmulator
  url: string
  /** A LINE API call with the channel's token (or `token`). */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; body: AnyJson }>
  /** A control API call. */
  control(method: string, path: string, body?: unknown): Promise<{ status: number; body: AnyJson }>
  resident(displayName?: string, follow?: boolean): Promise<Resident>
  chat(userId: string): Promise<{ id: string; from: string; message: AnyJson; via?: string }[]>
  close(): Promise<void>
}

export async function startHarness(channel: Partial<EmulatorChannel> = {}): Promise<Harness> {
  const emulator = await startLineEmulator({ port: 0, channels: [{ ...CHANNEL, ...channel }] })
  const url = emulator.url
  const parse = async (res: Response) => {
    const text = await res.text()
    const type = res.headers.get('content-type') ?? ''
    return text && type.includes('json') ? JSON.parse(text) : text
  }
  const harness: Harness = {
    emulator,
    url,
    async api(method, path, body, headers = {}) {
      const res = await fetch(url + path, {
        method,
        headers: {
          authorization: `Bearer ${channel.accessToken ?? CHANNEL.accessToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      })
      return { status: res.status, headers: res.headers, body: await parse(res) }
    },
    async control(method, path, body) {
      const res = await fetch(url + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: res.status, body: await parse(res) }
    },
    async resident(displayName = '山田 花子', follow = true) {
      const { body } = await harness.control('POST', '/_emulator/residents', { displayName })
      if (follow) {
        const result = (await harness.control('POST', `/_emulator/residents/${body.userId}/follow`, {
          channelId: CHANNEL.channelId,
        })) as { body: WebhookResult }
        if (result.body.webhookEventIds.length !== 1) throw new Error('follow failed')
      }
      return body as Resident
    },
    async chat(userId) {
      const { body } = await harness.control(
        'GET',
        `/_emulator/residents/${userId}/chat?channelId=${CHANNEL.channelId}`,
      )
      return body.items
    },
    close: () => emulator.stop(),
  }
  return harness
}

/** A real (all-white) PNG of the given size. */
export function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const out = Buffer.alloc(12 + data.length)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc32(body), 8 + data.length)
    return out
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 0, 0, 0, 0], 8) // 8-bit greyscale
  const raw = Buffer.alloc(height * (width + 1), 0xff)
  for (let y = 0; y < height; y++) raw[y * (width + 1)] = 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

export const text = (t: string) => ({ type: 'text', text: t })

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
