// The LINE port against @kairan/line-emulator: real HTTP, LINE's OpenAPI validation, retry keys, faults.

import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { deflateSync } from 'node:zlib'
import { type LineEmulator, startLineEmulator } from '@kairan/line-emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLineClient, type LineClient } from './client.ts'
import { LineApiError } from './errors.ts'
import { IdTokenError, verifyIdToken } from './id-token.ts'
import { parseWebhookBody, verifySignature, type WebhookBody } from './webhook.ts'

const channel = {
  channelId: '2000000101',
  channelSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  accessToken: `line-port-int-test-${randomUUID()}`,
  botUserId: 'U1111111111111111111111111111111a',
  name: 'テスト市',
  liff: {
    liffId: '2000000102-AbCdEfGh',
    loginChannelId: '2000000102',
    endpointUrl: 'http://127.0.0.1:1/liff',
  },
}

let emulator: LineEmulator
let webhookServer: Server
let line: LineClient
let residentId: string
const webhooks: { body: WebhookBody; signatureOk: boolean }[] = []

async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  const text = await response.text()
  return (text ? JSON.parse(text) : null) as T
}

type Recorded = { method: string; path: string; retryKey: string | null; status: number }

async function requests(path: string, method = 'POST'): Promise<Recorded[]> {
  const query = new URLSearchParams({ channelId: channel.channelId, path, method })
  return (await control<{ requests: Recorded[] }>('GET', `/requests?${query}`)).requests
}

async function fault(path: string, status: number, count: number, body?: unknown) {
  await control('POST', '/faults', { method: 'POST', path, status, count, body })
}

async function chat(): Promise<{ from: string; via?: string; message: Record<string, unknown> }[]> {
  const query = new URLSearchParams({ channelId: channel.channelId })
  return (await control<{ items: [] }>('GET', `/residents/${residentId}/chat?${query}`)).items
}

function text(value: string) {
  return { type: 'text' as const, text: value }
}

/** A real (blank, greyscale) PNG of the given size. */
function blankPng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (data: Buffer) => {
    let c = 0xffffffff
    for (const byte of data) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const out = Buffer.alloc(8 + data.length + 4)
    out.writeUInt32BE(data.length, 0)
    typed.copy(out, 4)
    out.writeUInt32BE(crc(typed), 8 + data.length)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 0 // greyscale
  const raw = Buffer.alloc((width + 1) * height) // filter byte 0 + zeros on every row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

beforeAll(async () => {
  webhookServer = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const signatureOk = verifySignature(
        raw,
        channel.channelSecret,
        req.headers['x-line-signature'] as string,
      )
      try {
        webhooks.push({ body: parseWebhookBody(raw), signatureOk })
        res.writeHead(200).end()
      } catch {
        res.writeHead(400).end()
      }
    })
  })
  await new Promise<void>((resolve) => webhookServer.listen(0, '127.0.0.1', resolve))
  const webhookUrl = `http://127.0.0.1:${(webhookServer.address() as AddressInfo).port}/webhook`

  emulator = await startLineEmulator({ port: 0 })
  emulator.upsertChannel({ ...channel, webhookUrl })
  line = createLineClient({
    channelAccessToken: channel.accessToken,
    apiBaseUrl: emulator.url,
    retryBaseDelayMs: 10,
    timeoutMs: 5000,
  })
  const resident = await control<{ userId: string }>('POST', '/residents', { displayName: '回覧 花子' })
  residentId = resident.userId
  await control('POST', `/residents/${residentId}/follow`, { channelId: channel.channelId })
})

afterAll(async () => {
  await emulator?.stop()
  await new Promise((resolve) => webhookServer?.close(resolve))
})

beforeEach(async () => {
  await control('DELETE', '/requests')
})

describe('webhooks from the emulator', () => {
  it('are signed with the channel secret and parse', () => {
    const follow = webhooks.find((w) => w.body.events.some((e) => e.type === 'follow'))
    expect(follow?.signatureOk).toBe(true)
    expect(follow?.body.destination).toBe(channel.botUserId)
  })
})

describe('push with a retry key', () => {
  it('retries an injected 500 with the same key: exactly one delivery', async () => {
    const before = (await chat()).length
    await fault('/v2/bot/message/push', 500, 1)
    const retryKey = randomUUID()
    const result = await line.pushMessage({ to: residentId, messages: [text('お知らせ 1')] }, { retryKey })

    expect(result.status).toBe('accepted')
    expect(result.requestId).toBeTruthy()
    expect(result.sentMessages).toHaveLength(1)
    const recorded = await requests('/v2/bot/message/push')
    expect(recorded.map((r) => [r.status, r.retryKey])).toEqual([
      [500, retryKey],
      [200, retryKey],
    ])
    const items = (await chat()).slice(before)
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ from: 'bot', via: 'push', message: { text: 'お知らせ 1' } })

    // Sending again with the same key (e.g. after a crash) is a 409: already accepted, nothing sent twice.
    const again = await line.pushMessage({ to: residentId, messages: [text('お知らせ 1')] }, { retryKey })
    expect(again).toMatchObject({ status: 'already-accepted', requestId: result.requestId })
    expect((await chat()).slice(before)).toHaveLength(1)
  })

  it('retries a 429 rate limit', async () => {
    await fault('/v2/bot/message/push', 429, 2, { message: 'Too many requests' })
    const result = await line.pushMessage(
      { to: residentId, messages: [text('混雑')] },
      { retryKey: randomUUID() },
    )
    expect(result.status).toBe('accepted')
    expect((await requests('/v2/bot/message/push')).map((r) => r.status)).toEqual([429, 429, 200])
  })

  it('does not retry a 400 and reports the details', async () => {
    const error = await line
      .pushMessage({ to: residentId, messages: [] }, { retryKey: randomUUID() })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LineApiError)
    const lineError = error as LineApiError
    expect(lineError).toMatchObject({ status: 400, code: 'invalid_request' })
    expect(lineError.lineMessage).toBeTruthy()
    expect(lineError.details.length).toBeGreaterThan(0)
    expect(lineError.details[0]?.property).toContain('messages')
    expect(await requests('/v2/bot/message/push')).toHaveLength(1)
  })

  it('fails with quota_exceeded on the monthly-limit 429, without retrying', async () => {
    await fault('/v2/bot/message/multicast', 429, 1, { message: 'You have reached your monthly limit.' })
    await expect(
      line.multicast({ to: [residentId], messages: [text('月上限')] }, { retryKey: randomUUID() }),
    ).rejects.toMatchObject({ code: 'quota_exceeded', status: 429 })
    expect(await requests('/v2/bot/message/multicast')).toHaveLength(1)
  })

  it('multicast and broadcast deliver once each', async () => {
    const before = (await chat()).length
    expect(
      await line.multicast({ to: [residentId], messages: [text('マルチ')] }, { retryKey: randomUUID() }),
    ).toMatchObject({ status: 'accepted', sentMessages: [] })
    expect(await line.broadcast({ messages: [text('全員へ')] }, { retryKey: randomUUID() })).toMatchObject({
      status: 'accepted',
    })
    const items = (await chat()).slice(before)
    expect(items.map((i) => i.via)).toEqual(['multicast', 'broadcast'])
  })
})

describe('reply and reads', () => {
  it('replies to a message event (not retried on 500)', async () => {
    const { webhookEventIds } = await control<{ webhookEventIds: string[] }>(
      'POST',
      `/residents/${residentId}/messages`,
      { channelId: channel.channelId, message: { type: 'text', text: 'ごみの日は？' } },
    )
    const event = webhooks.flatMap((w) => w.body.events).find((e) => e.webhookEventId === webhookEventIds[0])
    const replyToken = event && 'replyToken' in event ? event.replyToken : undefined
    expect(replyToken).toBeTruthy()

    await fault('/v2/bot/message/reply', 500, 1)
    await expect(line.replyMessage({ replyToken: replyToken!, messages: [text('x')] })).rejects.toMatchObject(
      {
        code: 'server_error',
      },
    )
    expect(await requests('/v2/bot/message/reply')).toHaveLength(1)

    const reply = await line.replyMessage({ replyToken: replyToken!, messages: [text('火曜と金曜です')] })
    expect(reply.requestId).toBeTruthy()
    expect((await chat()).at(-1)).toMatchObject({ via: 'reply', message: { text: '火曜と金曜です' } })
  })

  it('gets the profile, bot info and message content', async () => {
    expect(await line.getProfile(residentId)).toMatchObject({ userId: residentId, displayName: '回覧 花子' })
    expect(await line.getBotInfo()).toMatchObject({ userId: channel.botUserId })
    await expect(line.getProfile('U00000000000000000000000000000000')).rejects.toMatchObject({
      code: 'not_found',
    })

    const png = blankPng(4, 3)
    const { webhookEventIds } = await control<{ webhookEventIds: string[] }>(
      'POST',
      `/residents/${residentId}/messages`,
      {
        channelId: channel.channelId,
        message: { type: 'image', dataUrl: `data:image/png;base64,${png.toString('base64')}` },
      },
    )
    const event = webhooks.flatMap((w) => w.body.events).find((e) => e.webhookEventId === webhookEventIds[0])
    const messageId = event?.type === 'message' ? event.message.id : undefined
    expect(messageId).toBeTruthy()
    const content = await line.getMessageContent(messageId!)
    expect(content.contentType).toBe('image/png')
    expect(content.body.equals(png)).toBe(true)
  })

  it('shows the loading animation', async () => {
    await line.showLoadingAnimation(residentId, 10)
    expect(await requests('/v2/bot/chat/loading/start')).toMatchObject([{ status: 202 }])
  })
})

describe('rich menus', () => {
  it('create, upload, alias, default, link, list, delete', async () => {
    const { richMenuId } = await line.createRichMenu({
      size: { width: 2500, height: 843 },
      selected: true,
      name: 'メインメニュー',
      chatBarText: 'メニュー',
      areas: [
        { bounds: { x: 0, y: 0, width: 1250, height: 843 }, action: { type: 'postback', data: 'menu=a' } },
        { bounds: { x: 1250, y: 0, width: 1250, height: 843 }, action: { type: 'postback', data: 'menu=b' } },
      ],
    })
    expect(richMenuId).toBeTruthy()
    await line.setRichMenuImage(richMenuId, 'image/png', blankPng(2500, 843))
    const aliasId = `main-${Date.now()}`
    await line.createRichMenuAlias({ richMenuAliasId: aliasId, richMenuId })
    await line.updateRichMenuAlias(aliasId, { richMenuId })
    await line.setDefaultRichMenu(richMenuId)
    await line.linkRichMenuToUser(residentId, richMenuId)
    await line.unlinkRichMenuFromUser(residentId)
    await line.linkRichMenuToUsers({ richMenuId, userIds: [residentId] })
    expect((await line.getRichMenuList()).richmenus.map((m) => m.richMenuId)).toContain(richMenuId)
    await line.cancelDefaultRichMenu()
    await line.deleteRichMenuAlias(aliasId)
    await line.deleteRichMenu(richMenuId)
    expect((await line.getRichMenuList()).richmenus.map((m) => m.richMenuId)).not.toContain(richMenuId)
  })
})

describe('narrowcast', () => {
  it('is accepted with a request ID whose progress can be read', async () => {
    const result = await line.narrowcast({ messages: [text('ナロー')] }, { retryKey: randomUUID() })
    expect(result.status).toBe('accepted')
    expect(result.requestId).toBeTruthy()
    const progress = await line.getNarrowcastProgress(result.requestId!)
    expect(['waiting', 'sending', 'succeeded']).toContain(progress.phase)
  })
})

describe('verifyIdToken', () => {
  async function idToken(): Promise<string> {
    const { idToken } = await control<{ idToken: string }>('POST', `/residents/${residentId}/liff-token`, {
      channelId: channel.channelId,
    })
    return idToken
  }

  it('returns the claims of a valid token', async () => {
    const payload = await verifyIdToken({
      idToken: await idToken(),
      clientId: channel.liff.loginChannelId,
      apiBaseUrl: emulator.url,
      userId: residentId,
    })
    expect(payload).toMatchObject({
      sub: residentId,
      aud: channel.liff.loginChannelId,
      name: '回覧 花子',
      email: null,
    })
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000)
    expect(payload.amr.length).toBeGreaterThan(0)
  })

  it('rejects an expired token', async () => {
    const token = await idToken()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 2 * 3_600_000)
    try {
      const error = await verifyIdToken({
        idToken: token,
        clientId: channel.liff.loginChannelId,
        apiBaseUrl: emulator.url,
      }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(IdTokenError)
      expect((error as IdTokenError).reason).toBe('IdToken expired.')
    } finally {
      vi.useRealTimers()
    }
  })

  it('rejects a token for another channel', async () => {
    const error = await verifyIdToken({
      idToken: await idToken(),
      clientId: '1999999999',
      apiBaseUrl: emulator.url,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IdTokenError)
    expect((error as IdTokenError).reason).toMatch(/Audience/)
  })

  it('rejects a tampered token', async () => {
    const token = await idToken()
    await expect(
      verifyIdToken({
        idToken: `${token}x`,
        clientId: channel.liff.loginChannelId,
        apiBaseUrl: emulator.url,
      }),
    ).rejects.toBeInstanceOf(IdTokenError)
  })

  it('reports an unreachable server as a network error', async () => {
    await expect(
      verifyIdToken({ idToken: 'x', clientId: '1', apiBaseUrl: 'http://127.0.0.1:9' }),
    ).rejects.toMatchObject({ code: 'network' })
  })
})
