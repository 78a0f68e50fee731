// Webhook events in LINE's shapes (openapi/webhook.yml), signed and POSTed to the channel's
// webhook URL like LINE does; redelivery; a log of every delivery attempt.

import { createHmac } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import type { ChannelState, EmulatorState } from './state.ts'
import type { WebhookResult } from './types.ts'
import { ulid } from './ulid.ts'

export const WEBHOOK_TIMEOUT_MS = 2000
const MAX_STORED_EVENTS = 50_000

export type WebhookEvent = Record<string, unknown> & { webhookEventId: string }

/** Base64 HMAC-SHA256 of the exact body with the channel secret: the `x-line-signature` header. */
export function signWebhookBody(body: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64')
}

export function baseEvent(type: string, userId: string, timestamp: number): WebhookEvent {
  return {
    type,
    mode: 'active',
    timestamp,
    source: { type: 'user', userId },
    webhookEventId: ulid(timestamp),
    deliveryContext: { isRedelivery: false },
  }
}

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) }

type PostResult = { status: number | null; error?: string }

function post(url: string, body: string, headers: Record<string, string>): Promise<PostResult> {
  return new Promise((resolve) => {
    let target: URL
    try {
      target = new URL(url)
    } catch {
      resolve({ status: null, error: `invalid webhook URL: ${url}` })
      return
    }
    const secure = target.protocol === 'https:'
    const request = (secure ? https : http).request(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: secure ? agents.https : agents.http,
    })
    let done = false
    const finish = (result: PostResult) => {
      if (done) return
      done = true
      clearTimeout(timer)
      resolve(result)
    }
    const timer = setTimeout(() => {
      finish({ status: null, error: `request_timeout: no response within ${WEBHOOK_TIMEOUT_MS} ms` })
      request.destroy()
    }, WEBHOOK_TIMEOUT_MS)
    request.on('response', (response) => {
      response.resume()
      response.on('end', () => finish({ status: response.statusCode ?? null }))
      response.on('error', (e) => finish({ status: response.statusCode ?? null, error: e.message }))
    })
    request.on('error', (e: NodeJS.ErrnoException) => finish({ status: null, error: e.code ?? e.message }))
    request.end(body)
  })
}

export class Webhooks {
  constructor(
    readonly state: EmulatorState,
    readonly log: (line: string) => void,
  ) {}

  /** Sends events in one POST (events may be empty: a connectivity check). */
  async send(channel: ChannelState, events: WebhookEvent[], url = channel.config.webhookUrl ?? null) {
    const ids = events.map((e) => e.webhookEventId)
    for (const event of events) {
      if (event.deliveryContext && (event.deliveryContext as { isRedelivery?: boolean }).isRedelivery)
        continue
      this.state.webhookEvents.set(event.webhookEventId, { channelId: channel.config.channelId, event })
    }
    if (this.state.webhookEvents.size > MAX_STORED_EVENTS) {
      const excess = this.state.webhookEvents.size - MAX_STORED_EVENTS
      let i = 0
      for (const key of this.state.webhookEvents.keys()) {
        if (i++ >= excess) break
        this.state.webhookEvents.delete(key)
      }
    }
    const body = JSON.stringify({ destination: channel.config.botUserId, events })
    const started = performance.now()
    const result: PostResult = url
      ? await post(url, body, {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'LineBotWebhook/2.0',
          'x-line-signature': signWebhookBody(body, channel.config.channelSecret),
        })
      : { status: null, error: 'no webhook URL' }
    const ms = Math.round(performance.now() - started)
    const answer: WebhookResult = { webhookEventIds: ids, status: result.status, ms }
    if (result.error) answer.error = result.error
    else if (result.status !== null && (result.status < 200 || result.status > 299)) {
      answer.error = `webhook answered ${result.status}`
    }
    this.state.webhookDeliveries.push({
      ...answer,
      channelId: channel.config.channelId,
      url,
      at: new Date().toISOString(),
      body,
    })
    if (answer.error && url) this.log(`webhook to ${url} failed: ${answer.error}`)
    return answer
  }

  /** Sends an earlier event again: same `webhookEventId` and reply token, `isRedelivery: true`. */
  async redeliver(webhookEventId: string): Promise<WebhookResult | null> {
    const stored = this.state.webhookEvents.get(webhookEventId)
    const channel = stored && this.state.channels.get(stored.channelId)
    if (!stored || !channel) return null
    const event = { ...stored.event, deliveryContext: { isRedelivery: true } } as WebhookEvent
    if (typeof event.replyToken === 'string') {
      // A redelivered reply token works for 1 minute, unless used or 20 minutes after the event.
      const token = this.state.replyTokens.get(event.replyToken)
      if (token && !token.used) token.expiresAt = Math.min(Date.now() + 60_000, token.eventAt + 20 * 60_000)
    }
    return this.send(channel, [event])
  }
}
