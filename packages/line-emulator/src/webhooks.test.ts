import { validateSignature } from '@line/bot-sdk'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { getOpenApi } from './openapi/validate.ts'
import {
  type AnyJson,
  CHANNEL,
  type Harness,
  png,
  startHarness,
  startWebhookReceiver,
  text,
  type WebhookReceiver,
} from './test-support.ts'
import { ULID_PATTERN } from './ulid.ts'
import { signWebhookBody } from './webhooks.ts'

let h: Harness
let receiver: WebhookReceiver

beforeAll(async () => {
  receiver = await startWebhookReceiver()
  h = await startHarness({ webhookUrl: receiver.url })
})
afterAll(async () => {
  await h.close()
  await receiver.close()
})
beforeEach(() => {
  receiver.received.length = 0
  receiver.status = 200
})

/** The last webhook received: signature checked with the channel secret, body checked against webhook.yml. */
function lastWebhook(): { destination: string; events: AnyJson[] } {
  const last = receiver.received.at(-1)
  if (!last) throw new Error('no webhook received')
  expect(last.headers['content-type']).toBe('application/json; charset=utf-8')
  expect(last.headers['user-agent']).toBe('LineBotWebhook/2.0')
  const signature = last.headers['x-line-signature']
  expect(typeof signature).toBe('string')
  expect(validateSignature(last.body, CHANNEL.channelSecret, signature as string)).toBe(true)
  expect(signature).toBe(signWebhookBody(last.body, CHANNEL.channelSecret))
  const body = JSON.parse(last.body)
  expect(getOpenApi().checkWebhookBody(body)).toEqual([])
  expect(body.destination).toBe(CHANNEL.botUserId)
  return body
}

const post = (userId: string, what: string, body: unknown) =>
  h.control('POST', `/_emulator/residents/${userId}/${what}`, {
    channelId: CHANNEL.channelId,
    ...(body as object),
  })

describe('webhooks', () => {
  it('sends a signed follow event in LINE’s shape, with isUnblocked on re-adding', async () => {
    const resident = await h.resident('フォロー', false)
    const result = await post(resident.userId, 'follow', {})
    expect(result.body).toEqual({
      webhookEventIds: [expect.stringMatching(ULID_PATTERN)],
      status: 200,
      ms: expect.any(Number),
    })
    const { events } = lastWebhook()
    expect(events).toEqual([
      {
        type: 'follow',
        mode: 'active',
        timestamp: expect.any(Number),
        source: { type: 'user', userId: resident.userId },
        webhookEventId: result.body.webhookEventIds[0],
        deliveryContext: { isRedelivery: false },
        replyToken: expect.any(String),
        follow: { isUnblocked: false },
      },
    ])
    await post(resident.userId, 'unfollow', {})
    expect(lastWebhook().events[0]).not.toHaveProperty('replyToken')
    expect(lastWebhook().events[0].type).toBe('unfollow')
    await post(resident.userId, 'follow', {})
    expect(lastWebhook().events[0].follow).toEqual({ isUnblocked: true })
  })

  it('sends message events (text, image, location, sticker) and serves the image bytes', async () => {
    const resident = await h.resident()
    await post(resident.userId, 'messages', { message: text('ゴミの日は？') })
    const textEvent = lastWebhook().events[0]
    expect(textEvent).toMatchObject({
      type: 'message',
      replyToken: expect.any(String),
      message: {
        type: 'text',
        id: expect.stringMatching(/^\d+$/),
        text: 'ゴミの日は？',
        quoteToken: expect.any(String),
        markAsReadToken: expect.any(String),
      },
    })
    const image = png(40, 30)
    await post(resident.userId, 'messages', {
      message: { type: 'image', dataUrl: `data:image/png;base64,${image.toString('base64')}` },
    })
    const imageEvent = lastWebhook().events[0]
    expect(imageEvent.message).toMatchObject({ type: 'image', contentProvider: { type: 'line' } })
    const content = await fetch(`${h.url}/v2/bot/message/${imageEvent.message.id}/content`, {
      headers: { authorization: `Bearer ${CHANNEL.accessToken}` },
    })
    expect(content.status).toBe(200)
    expect(content.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await content.arrayBuffer()).equals(image)).toBe(true)
    await post(resident.userId, 'messages', {
      message: { type: 'location', title: '市役所', address: '本町1-1', latitude: 35.68, longitude: 139.76 },
    })
    expect(lastWebhook().events[0].message).toMatchObject({
      type: 'location',
      latitude: 35.68,
      longitude: 139.76,
    })
    await post(resident.userId, 'messages', {
      message: { type: 'sticker', packageId: '446', stickerId: '1988' },
    })
    expect(lastWebhook().events[0].message).toMatchObject({
      type: 'sticker',
      packageId: '446',
      stickerId: '1988',
    })
    const chat = await h.chat(resident.userId)
    expect(chat.map((i) => i.message.type)).toEqual(['text', 'image', 'location', 'sticker'])
    const read = await h.api('POST', '/v2/bot/chat/markAsRead', {
      markAsReadToken: textEvent.message.markAsReadToken,
    })
    expect(read.status).toBe(200)
    expect((await h.api('POST', '/v2/bot/chat/markAsRead', { markAsReadToken: 'nope' })).status).toBe(400)
  })

  it('sends postback events with data and params; displayText goes to the chat', async () => {
    const resident = await h.resident()
    await post(resident.userId, 'postback', {
      data: 'action=reserve',
      displayText: '予約する',
      params: { date: '2026-12-01' },
    })
    expect(lastWebhook().events[0]).toMatchObject({
      type: 'postback',
      replyToken: expect.any(String),
      postback: { data: 'action=reserve', params: { date: '2026-12-01' } },
    })
    expect((await h.chat(resident.userId)).map((i) => i.message)).toEqual([text('予約する')])
  })

  it('keeps the resident’s message in the chat when the webhook fails, and redelivers the same event', async () => {
    const resident = await h.resident()
    receiver.status = 500
    const result = await post(resident.userId, 'messages', { message: text('届く？') })
    expect(result.body).toMatchObject({ status: 500, error: expect.any(String) })
    expect(await h.chat(resident.userId)).toHaveLength(1)
    const original = lastWebhook().events[0]
    receiver.status = 200
    const again = await h.control('POST', `/_emulator/webhooks/${original.webhookEventId}/redeliver`)
    expect(again.body).toMatchObject({ webhookEventIds: [original.webhookEventId], status: 200 })
    const redelivered = lastWebhook().events[0]
    expect(redelivered).toEqual({ ...original, deliveryContext: { isRedelivery: true } })
    // the redelivered reply token works (once)
    const reply = await h.api('POST', '/v2/bot/message/reply', {
      replyToken: redelivered.replyToken,
      messages: [text('届きました')],
    })
    expect(reply.status).toBe(200)
    const log = (await h.control('GET', `/_emulator/webhooks?channelId=${CHANNEL.channelId}`)).body.deliveries
    expect(log.slice(-2).map((d: { status: number }) => d.status)).toEqual([500, 200])
    expect((await h.control('POST', '/_emulator/webhooks/01XXXXXXXXXXXXXXXXXXXXXXXX/redeliver')).status).toBe(
      404,
    )
  })

  it('reports an unreachable webhook URL as status null', async () => {
    const h2 = await startHarness({ webhookUrl: 'http://127.0.0.1:9/unreachable' })
    try {
      const resident = await h2.resident('到達不能', false)
      const result = await h2.control('POST', `/_emulator/residents/${resident.userId}/follow`, {
        channelId: CHANNEL.channelId,
      })
      expect(result.body).toMatchObject({ status: null, error: expect.any(String) })
    } finally {
      await h2.close()
    }
  })
})
