import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHANNEL, type Harness, startHarness, text } from './test-support.ts'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('control API', () => {
  it('lists and upserts channels; the new token works at once', async () => {
    const listed = await h.control('GET', '/_emulator/channels')
    expect(listed.body.channels).toEqual([expect.objectContaining({ channelId: CHANNEL.channelId })])
    const second = {
      channelSecret: 'fedcba9876543210fedcba9876543210',
      accessToken: 'second-token',
      botUserId: `U${'b'.repeat(32)}`,
      name: '第二チャネル',
    }
    const put = await h.control('PUT', '/_emulator/channels/2000000009', second)
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({ channelId: '2000000009', name: '第二チャネル' })
    const info = await h.api('GET', '/v2/bot/info', undefined, { authorization: 'Bearer second-token' })
    expect(info.body.userId).toBe(second.botUserId)
    const bad = await h.control('PUT', '/_emulator/channels/2000000010', {
      ...second,
      accessToken: 'other',
      botUserId: 'nope',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toContain('botUserId')
    const taken = await h.control('PUT', '/_emulator/channels/2000000011', { ...second })
    expect(taken.status).toBe(400)
  })

  it('creates residents with LINE-shaped IDs and reports friendships', async () => {
    const created = await h.control('POST', '/_emulator/residents', {
      displayName: 'Alex',
      language: 'en',
      statusMessage: 'hi',
    })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      userId: expect.stringMatching(/^U[0-9a-f]{32}$/),
      displayName: 'Alex',
      language: 'en',
      pictureUrl: null,
      statusMessage: 'hi',
    })
    const { userId } = created.body
    await h.control('POST', `/_emulator/residents/${userId}/follow`, { channelId: CHANNEL.channelId })
    const detail = await h.control('GET', `/_emulator/residents/${userId}`)
    expect(detail.body.friendships).toContainEqual({ channelId: CHANNEL.channelId, state: 'following' })
    expect((await h.control('POST', '/_emulator/residents', {})).status).toBe(400)
    expect((await h.control('GET', `/_emulator/residents/U${'f'.repeat(32)}`)).status).toBe(404)
    const followers = await h.api('GET', '/v2/bot/followers/ids')
    expect(followers.body.userIds).toContain(userId)
  })

  it('streams chat and residents events (SSE) with CORS', async () => {
    const controller = new AbortController()
    const res = await fetch(`${h.url}/_emulator/events`, { signal: controller.signal })
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const resident = await h.resident('SSE')
    await h.api('POST', '/v2/bot/message/push', { to: resident.userId, messages: [text('live')] })
    let received = ''
    const decoder = new TextDecoder()
    while (!received.includes('"live"')) {
      const { value, done } = await reader.read()
      if (done) break
      received += decoder.decode(value)
    }
    controller.abort()
    expect(received).toContain('event: residents')
    expect(received).toMatch(
      /event: chat\ndata: \{"userId":"U[0-9a-f]{32}","channelId":"2000000001","item":\{/,
    )
  })

  it('answers CORS preflight and errors as {error}', async () => {
    const preflight = await fetch(`${h.url}/_emulator/residents`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-headers': 'content-type' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type')
    const missing = await h.control('GET', '/_emulator/nothing')
    expect(missing.status).toBe(404)
    expect(missing.body).toEqual({ error: expect.any(String) })
    const badFault = await h.control('POST', '/_emulator/faults', { method: 'GET', path: 'x', status: 500 })
    expect(badFault.status).toBe(400)
  })

  it('serves the phone page with content types', async () => {
    const page = await fetch(`${h.url}/`)
    if (page.status === 503) {
      expect(await page.text()).toContain('phone page is missing')
      return
    }
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect((await fetch(`${h.url}/phone/phone.js`)).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    )
    expect((await fetch(`${h.url}/phone/phone.css`)).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    )
    expect((await fetch(`${h.url}/phone/..%2Fserver.ts`)).status).toBe(404)
    expect((await fetch(`${h.url}/phone/nothing.js`)).status).toBe(404)
  })
})

describe('cli', () => {
  it('starts from the environment, logs one line, stops on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', cli], {
      env: {
        ...process.env,
        LINE_EMULATOR_PORT: '0',
        LINE_EMULATOR_CHANNELS: JSON.stringify([CHANNEL]),
        LINE_EMULATOR_RATE_LIMITS: 'on',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
    })
    while (!out.includes('\n')) await once(child.stdout, 'data')
    const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]
    expect(url).toBeDefined()
    expect(out).toContain('rate limits on')
    const info = await fetch(`${url}/v2/bot/info`, {
      headers: { authorization: `Bearer ${CHANNEL.accessToken}` },
    })
    expect(info.status).toBe(200)
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
  })
})
