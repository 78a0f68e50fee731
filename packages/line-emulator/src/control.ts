// The control API under `/_emulator` (scripts, Playwright, the phone page): channels, residents
// and what they do (follow, write, tap), chats, LIFF tokens, webhooks, recorded requests, faults,
// settings, live events. Errors are `{error}` with 400 or 404.

import type { IncomingMessage, ServerResponse } from 'node:http'
import { BULK_MAX, BULK_PREFIX_PATTERN, bulkUserId } from './bulk.ts'
import type { EmulatorContext } from './context.ts'
import { CORS_HEADERS, readBody, sendBytes, sendJson } from './http.ts'
import { ID_TOKEN_ISSUER, type IdTokenPayload } from './id-token.ts'
import { newMessageId, newToken, USER_ID_PATTERN } from './ids.ts'
import { imageInfo, parseDataUrl } from './images.ts'
import { richMenuFor } from './messaging/richmenu.ts'
import { Router } from './openapi/router.ts'
import type { ChannelState, SentRecord } from './state.ts'
import { engagementStats, hashString, messageUrls, received } from './stats.ts'
import type { EmulatorChannel, Resident, WebhookResult } from './types.ts'
import { baseEvent, type WebhookEvent } from './webhooks.ts'

type Json = Record<string, unknown>

type ControlRequest = {
  emu: EmulatorContext
  req: IncomingMessage
  res: ServerResponse
  params: Record<string, string>
  query: URLSearchParams
  body: Json
}

/** A JSON answer, or `null` when the handler answered itself (SSE, bytes). */
type Answer = { status: number; body?: unknown } | null
type ControlHandler = (r: ControlRequest) => Answer | Promise<Answer>

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

const bad = (message: string) => new ControlError(400, message)
const notFound = (message: string) => new ControlError(404, message)
const json = (body: unknown, status = 200): Answer => ({ status, body })

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0

/** Checks an EmulatorChannel; returns what is wrong, or null. */
export function channelProblem(c: Partial<EmulatorChannel>): string | null {
  if (!isString(c.channelId) || !/^\d+$/.test(c.channelId)) return 'channelId must be digits'
  if (!isString(c.channelSecret)) return 'channelSecret is required'
  if (!isString(c.accessToken)) return 'accessToken is required'
  if (!isString(c.botUserId) || !USER_ID_PATTERN.test(c.botUserId))
    return 'botUserId must be U + 32 hex digits'
  if (!isString(c.name)) return 'name is required'
  if (c.webhookUrl !== undefined && c.webhookUrl !== null && !URL.canParse(c.webhookUrl))
    return 'webhookUrl is not a URL'
  if (c.liff !== undefined && c.liff !== null) {
    const l = c.liff
    if (
      !isString(l.liffId) ||
      !isString(l.loginChannelId) ||
      !isString(l.endpointUrl) ||
      !URL.canParse(l.endpointUrl)
    ) {
      return 'liff must be { liffId, loginChannelId, endpointUrl }'
    }
  }
  if (c.messageQuota !== undefined && c.messageQuota !== null && !Number.isInteger(c.messageQuota)) {
    return 'messageQuota must be an integer'
  }
  return null
}

const publicChannel = (c: ChannelState): EmulatorChannel => ({ ...c.config })

function channelOf(emu: EmulatorContext, channelId: unknown): ChannelState {
  if (!isString(channelId)) throw bad('channelId is required')
  const channel = emu.state.channels.get(channelId)
  if (!channel) throw notFound(`no channel ${channelId}`)
  return channel
}

function residentOf(emu: EmulatorContext, userId: string | undefined): Resident {
  const resident = userId ? emu.state.resident(userId) : undefined
  if (!resident) throw notFound(`no resident ${userId}`)
  return resident
}

const contentUrl = (emu: EmulatorContext, messageId: string) =>
  `${emu.publicUrl()}/_emulator/content/${messageId}`

// --- what residents do -------------------------------------------------------------------------

const NO_EVENT = (error: string): WebhookResult => ({ webhookEventIds: [], status: null, ms: 0, error })

function follow({ emu, params, body }: ControlRequest): Promise<Answer> | Answer {
  const resident = residentOf(emu, params.userId)
  const channel = channelOf(emu, body.channelId)
  const before = emu.state.friendship(channel, resident.userId)
  if (before === 'following') return json(NO_EVENT('already following'))
  emu.state.setFriendship(channel, resident.userId, 'following')
  const now = Date.now()
  const event: WebhookEvent = {
    ...baseEvent('follow', resident.userId, now),
    replyToken: emu.state.issueReplyToken(channel.config.channelId, resident.userId, now),
    follow: { isUnblocked: before === 'blocked' },
  }
  return emu.webhooks.send(channel, [event]).then(json)
}

function unfollow({ emu, params, body }: ControlRequest): Promise<Answer> | Answer {
  const resident = residentOf(emu, params.userId)
  const channel = channelOf(emu, body.channelId)
  if (emu.state.friendship(channel, resident.userId) !== 'following') return json(NO_EVENT('not following'))
  emu.state.setFriendship(channel, resident.userId, 'blocked')
  return emu.webhooks.send(channel, [baseEvent('unfollow', resident.userId, Date.now())]).then(json)
}

function notBlocked(emu: EmulatorContext, channel: ChannelState, userId: string) {
  if (emu.state.friendship(channel, userId) === 'blocked') throw bad('the resident has blocked this channel')
}

/** The webhook message content and the chat's message object for what a resident sends. */
function residentMessage(emu: EmulatorContext, channel: ChannelState, id: string, input: Json) {
  const common = { id, quoteToken: newToken(32) }
  switch (input.type) {
    case 'text': {
      if (!isString(input.text)) throw bad('message.text is required')
      if (input.text.length > 5000) throw bad('message.text is longer than 5000 characters')
      return {
        content: { type: 'text', ...common, text: input.text },
        chat: { type: 'text', text: input.text },
      }
    }
    case 'location': {
      const { latitude, longitude } = input
      if (typeof latitude !== 'number' || typeof longitude !== 'number') {
        throw bad('message.latitude and message.longitude must be numbers')
      }
      const place = {
        ...(isString(input.title) ? { title: input.title } : {}),
        ...(isString(input.address) ? { address: input.address } : {}),
        latitude,
        longitude,
      }
      return { content: { type: 'location', id, ...place }, chat: { type: 'location', ...place } }
    }
    case 'image': {
      const decoded = isString(input.dataUrl) ? parseDataUrl(input.dataUrl) : null
      const info = decoded ? imageInfo(decoded.data) : null
      if (!decoded || !info) throw bad('message.dataUrl must be a PNG or JPEG data URL')
      emu.state.contents.set(id, {
        contentType: info.type,
        data: decoded.data,
        channelId: channel.config.channelId,
      })
      const url = contentUrl(emu, id)
      return {
        content: { type: 'image', ...common, contentProvider: { type: 'line' } },
        chat: { type: 'image', originalContentUrl: url, previewImageUrl: url },
      }
    }
    case 'sticker': {
      if (input.packageId === undefined || input.stickerId === undefined) {
        throw bad('message.packageId and message.stickerId are required')
      }
      const sticker = { packageId: String(input.packageId), stickerId: String(input.stickerId) }
      return {
        content: { type: 'sticker', ...common, ...sticker, stickerResourceType: 'STATIC', keywords: [] },
        chat: { type: 'sticker', ...sticker },
      }
    }
    default:
      throw bad('message.type must be text, location, image or sticker')
  }
}

function sendMessage({ emu, params, body }: ControlRequest): Promise<Answer> {
  const resident = residentOf(emu, params.userId)
  const channel = channelOf(emu, body.channelId)
  notBlocked(emu, channel, resident.userId)
  if (typeof body.message !== 'object' || body.message === null) throw bad('message is required')
  const id = newMessageId()
  const { content, chat } = residentMessage(emu, channel, id, body.message as Json)
  const markAsReadToken = newToken(32)
  emu.state.markAsReadTokens.set(markAsReadToken, {
    channelId: channel.config.channelId,
    userId: resident.userId,
    messageId: id,
  })
  const now = Date.now()
  emu.state.addChatItem(channel.config.channelId, resident.userId, {
    id,
    at: new Date(now).toISOString(),
    from: 'resident',
    message: chat,
  })
  const event: WebhookEvent = {
    ...baseEvent('message', resident.userId, now),
    replyToken: emu.state.issueReplyToken(channel.config.channelId, resident.userId, now),
    message: { ...content, markAsReadToken },
  }
  return emu.webhooks.send(channel, [event]).then(json)
}

function postback({ emu, params, body }: ControlRequest): Promise<Answer> {
  const resident = residentOf(emu, params.userId)
  const channel = channelOf(emu, body.channelId)
  notBlocked(emu, channel, resident.userId)
  if (typeof body.data !== 'string') throw bad('data is required')
  const now = Date.now()
  if (isString(body.displayText)) {
    emu.state.addChatItem(channel.config.channelId, resident.userId, {
      id: newMessageId(),
      at: new Date(now).toISOString(),
      from: 'resident',
      message: { type: 'text', text: body.displayText },
    })
  }
  let postbackParams =
    typeof body.params === 'object' && body.params !== null ? { ...(body.params as Json) } : null
  if (postbackParams && isString(postbackParams.newRichMenuAliasId) && postbackParams.status === undefined) {
    // A richmenuswitch action: switch this resident's menu (a per-user link), as LINE does.
    const richMenuId = channel.aliases.get(postbackParams.newRichMenuAliasId)
    const menu = richMenuId ? channel.richMenus.get(richMenuId) : undefined
    postbackParams.status = !richMenuId
      ? 'RICHMENU_ALIAS_ID_NOTFOUND'
      : !menu
        ? 'RICHMENU_NOTFOUND'
        : 'SUCCESS'
    if (menu) {
      channel.userRichMenus.set(resident.userId, menu.richMenuId)
      emu.state.hub.emit('richmenu', { channelId: channel.config.channelId, userId: resident.userId })
    }
  }
  if (postbackParams && Object.keys(postbackParams).length === 0) postbackParams = null
  const event: WebhookEvent = {
    ...baseEvent('postback', resident.userId, now),
    replyToken: emu.state.issueReplyToken(channel.config.channelId, resident.userId, now),
    postback: { data: body.data, ...(postbackParams ? { params: postbackParams } : {}) },
  }
  return emu.webhooks.send(channel, [event]).then(json)
}

function liffToken({ emu, params, body }: ControlRequest): Answer {
  const resident = residentOf(emu, params.userId)
  const channel = channelOf(emu, body.channelId)
  const liff = channel.config.liff
  if (!liff) throw bad(`channel ${channel.config.channelId} has no LIFF app`)
  const iat = Math.floor(Date.now() / 1000)
  const expiresIn = typeof body.expiresIn === 'number' ? body.expiresIn : 3600
  const payload: IdTokenPayload = {
    iss: ID_TOKEN_ISSUER,
    sub: resident.userId,
    aud: liff.loginChannelId,
    exp: iat + expiresIn,
    iat,
    ...(isString(body.nonce) ? { nonce: body.nonce } : {}),
    amr: ['linesso'],
    name: resident.displayName,
    ...(resident.pictureUrl ? { picture: resident.pictureUrl } : {}),
  }
  const idToken = emu.idTokens.sign(payload)
  let target = liff.endpointUrl
  if (isString(body.url)) {
    // A LIFF URL (https://liff.line.me/{liffId}/{path}?{query}) opens the endpoint URL + path + query.
    const u = new URL(body.url)
    const prefix = `/${liff.liffId}`
    if (u.hostname === 'liff.line.me' && (u.pathname === prefix || u.pathname.startsWith(`${prefix}/`))) {
      const base = new URL(liff.endpointUrl)
      const extra = u.pathname.slice(prefix.length)
      base.pathname = (base.pathname.replace(/\/$/, '') + extra).replace(/^$/, '/')
      for (const [k, v] of u.searchParams) base.searchParams.append(k, v)
      base.hash = ''
      target = base.toString()
    }
  }
  return json({ idToken, liffUrl: `${target.split('#')[0]}#kairan-emulator-id-token=${idToken}` })
}

// --- routes ------------------------------------------------------------------------------------

const routes = new Router<ControlHandler>()
const route = (method: string, path: string, handler: ControlHandler) => routes.add(method, path, handler)

route('GET', '/_emulator/channels', ({ emu }) =>
  json({ channels: [...emu.state.channels.values()].map(publicChannel) }),
)

route('PUT', '/_emulator/channels/{channelId}', ({ emu, params, body }) => {
  const config = { ...body, channelId: params.channelId } as EmulatorChannel
  const problem = channelProblem(config)
  if (problem) throw bad(problem)
  const other = emu.state.channelByToken(config.accessToken)
  if (other && other.config.channelId !== config.channelId)
    throw bad('accessToken is used by another channel')
  return json(publicChannel(emu.state.upsertChannel(config)))
})

route('GET', '/_emulator/residents', ({ emu }) => json({ residents: [...emu.state.residents.values()] }))

route('POST', '/_emulator/residents', ({ emu, body }) => {
  if (!isString(body.displayName)) throw bad('displayName is required')
  if (body.userId !== undefined) {
    if (!isString(body.userId) || !USER_ID_PATTERN.test(body.userId))
      throw bad('userId must be U + 32 hex digits')
    if (emu.state.hasResident(body.userId)) throw bad(`resident ${body.userId} exists`)
  }
  for (const key of ['language', 'pictureUrl', 'statusMessage']) {
    if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'string')
      throw bad(`${key} must be a string`)
  }
  return json(emu.state.addResident(body as Resident), 201)
})

route('POST', '/_emulator/residents/bulk', ({ emu, body }) => {
  const channel = channelOf(emu, body.channelId)
  const { count } = body
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > BULK_MAX)
    throw bad(`count must be an integer from 1 to ${BULK_MAX}`)
  let prefix: string
  if (body.prefix === undefined) prefix = emu.state.bulk.nextPrefix()
  else {
    if (typeof body.prefix !== 'string' || !BULK_PREFIX_PATTERN.test(body.prefix))
      throw bad('prefix must be 8 lowercase hex digits')
    prefix = body.prefix
    if (emu.state.bulk.hasPrefix(prefix)) throw bad(`prefix ${prefix} is in use`)
    for (const userId of emu.state.residents.keys()) {
      if (userId.slice(1, 9) === prefix && Number.parseInt(userId.slice(9), 16) < (count as number))
        throw bad(`resident ${userId} is inside this range`)
    }
  }
  let languages: string[] = ['ja']
  if (body.languages !== undefined) {
    const l = body.languages
    if (!Array.isArray(l) || l.length === 0 || !l.every(isString))
      throw bad('languages must be a non-empty array of strings')
    languages = l as string[]
  } else if (body.language !== undefined) {
    if (!isString(body.language)) throw bad('language must be a string')
    languages = [body.language]
  }
  if (body.follow !== undefined && typeof body.follow !== 'boolean') throw bad('follow must be a boolean')
  const group = emu.state.addBulk({
    channelId: channel.config.channelId,
    count: count as number,
    prefix,
    languages,
    follow: body.follow !== false,
  })
  return json(
    {
      channelId: group.channelId,
      prefix: group.prefix,
      count: group.count,
      languages: group.languages,
      firstUserId: bulkUserId(group.prefix, 0),
      lastUserId: bulkUserId(group.prefix, group.count - 1),
    },
    201,
  )
})

route('GET', '/_emulator/residents/{userId}', ({ emu, params }) => {
  const resident = residentOf(emu, params.userId)
  return json({ ...resident, friendships: emu.state.friendshipsOf(resident.userId) })
})

route('POST', '/_emulator/residents/{userId}/follow', follow)
route('POST', '/_emulator/residents/{userId}/unfollow', unfollow)
route('POST', '/_emulator/residents/{userId}/messages', sendMessage)
route('POST', '/_emulator/residents/{userId}/postback', postback)
route('POST', '/_emulator/residents/{userId}/liff-token', liffToken)

route('GET', '/_emulator/residents/{userId}/chat', ({ emu, params, query }) => {
  const resident = residentOf(emu, params.userId)
  const channel = channelOf(emu, query.get('channelId'))
  return json({ items: emu.state.readChat(channel.config.channelId, resident.userId) })
})

route('GET', '/_emulator/residents/{userId}/richmenu', ({ emu, params, query }) => {
  const resident = residentOf(emu, params.userId)
  const channel = channelOf(emu, query.get('channelId'))
  const menu = richMenuFor(channel, resident.userId)
  if (!menu) return json({ richMenu: null, imageUrl: null })
  const { image, ...richMenu } = menu
  return json({
    richMenu,
    imageUrl: image ? `${emu.publicUrl()}/_emulator/richmenus/${menu.richMenuId}/image` : null,
  })
})

route('POST', '/_emulator/residents/{userId}/click', ({ emu, params, body }) => {
  const resident = residentOf(emu, params.userId)
  const channel = channelOf(emu, body.channelId)
  if (!isString(body.messageId)) throw bad('messageId is required')
  if (!isString(body.url)) throw bad('url is required')
  const entry = emu.state.chatEntry(channel.config.channelId, resident.userId, body.messageId)
  if (entry?.item.from !== 'bot') throw notFound(`no bot message ${body.messageId} in this chat`)
  if (!messageUrls(entry.item.message).includes(body.url)) throw bad('the message has no such URL')
  if (entry.sent) {
    // Opening a URL of a message means its bubble was shown.
    if (!entry.seen) {
      entry.seen = true
      entry.sent.impressed.add(resident.userId)
    }
    entry.sent.clicks.push({ seq: entry.seq, url: body.url, userId: resident.userId })
  }
  return json(undefined, 204)
})

route('GET', '/_emulator/richmenus/{richMenuId}/image', ({ emu, res, params }) => {
  for (const channel of emu.state.channels.values()) {
    const image = channel.richMenus.get(params.richMenuId ?? '')?.image
    if (image) {
      sendBytes(res, 200, image.contentType, image.data, { ...CORS_HEADERS, 'cache-control': 'max-age=3600' })
      return null
    }
  }
  throw notFound('no such rich menu image')
})

route('GET', '/_emulator/content/{messageId}', ({ emu, res, params }) => {
  const content = emu.state.contents.get(params.messageId ?? '')
  if (!content) throw notFound('no such content')
  sendBytes(res, 200, content.contentType, content.data, { ...CORS_HEADERS, 'cache-control': 'max-age=3600' })
  return null
})

route('POST', '/_emulator/webhooks/{webhookEventId}/redeliver', async ({ emu, params }) => {
  const result = await emu.webhooks.redeliver(params.webhookEventId ?? '')
  if (!result) throw notFound(`no webhook event ${params.webhookEventId}`)
  return json(result)
})

/** `since`: an ISO time or epoch milliseconds. */
function sinceOf(value: string | null): number | null {
  if (value === null || value === '') return null
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
  if (!Number.isFinite(ms)) throw bad('since must be an ISO time or epoch milliseconds')
  return ms
}

route('GET', '/_emulator/channels/{channelId}/received', ({ emu, params, query }) => {
  const channel = channelOf(emu, params.channelId)
  const unit = query.get('unit')
  const since = sinceOf(query.get('since'))
  const sends = channel.sentLog.filter(
    (s) => (!unit || s.units.includes(unit)) && (since === null || s.at >= since),
  )
  const withUserIds = query.get('userIds') === '1' || query.get('userIds') === 'true'
  return json(received(emu.state.bulk, sends, withUserIds))
})

const rate = (v: unknown, name: string): number => {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw bad(`${name} must be a number from 0 to 1`)
  return v
}

route('POST', '/_emulator/channels/{channelId}/engagement', ({ emu, params, body }) => {
  const channel = channelOf(emu, params.channelId)
  const openRate = rate(body.openRate, 'openRate')
  const clickRate = rate(body.clickRate ?? 0, 'clickRate')
  if (clickRate > openRate) throw bad('clickRate must not exceed openRate (a click is also an open)')
  let sends: SentRecord[]
  if (isString(body.unit)) sends = channel.unitSends.filter((s) => s.units.includes(body.unit as string))
  else if (isString(body.requestId)) {
    const sent = channel.sentById.get(body.requestId)
    sends = sent ? [sent] : []
  } else throw bad('unit or requestId is required')
  if (sends.length === 0) throw notFound('no send matches')
  for (const s of sends) s.engagement = { openRate, clickRate, seed: hashString(s.requestId) }
  const stats = engagementStats(emu.state.bulk, sends)
  return json({
    requests: sends.length,
    delivered: stats.delivered,
    uniqueImpression: stats.uniqueImpression,
    uniqueClick: stats.uniqueClick,
  })
})

route('GET', '/_emulator/webhooks', ({ emu, query }) => {
  const channelId = query.get('channelId')
  const deliveries = emu.state.webhookDeliveries
    .toArray()
    .filter((d) => !channelId || d.channelId === channelId)
  return json({ deliveries })
})

route('GET', '/_emulator/requests', ({ emu, query }) => {
  const channelId = query.get('channelId')
  const path = query.get('path')
  const method = query.get('method')?.toUpperCase()
  const requests = emu.state.requests
    .toArray()
    .filter(
      (r) =>
        (!channelId || r.channelId === channelId) &&
        (!path || r.path === path) &&
        (!method || r.method === method),
    )
  return json({ requests })
})

route('DELETE', '/_emulator/requests', ({ emu }) => {
  emu.state.requests.clear()
  return json(undefined, 204)
})

route('POST', '/_emulator/faults', ({ emu, body }) => {
  const { method, path, status } = body
  const count = body.count ?? 1
  if (!isString(method)) throw bad('method is required')
  if (!isString(path) || !path.startsWith('/')) throw bad('path must start with /')
  if (!Number.isInteger(status) || (status as number) < 100 || (status as number) > 599)
    throw bad('status must be an HTTP status')
  if (!Number.isInteger(count) || (count as number) < 1) throw bad('count must be a positive integer')
  emu.state.faults.push({
    method: method.toUpperCase(),
    path,
    status: status as number,
    count: count as number,
    body: body.body,
  })
  return json(undefined, 204)
})

route('DELETE', '/_emulator/faults', ({ emu }) => {
  emu.state.faults = []
  return json(undefined, 204)
})

route('GET', '/_emulator/settings', ({ emu }) => json(emu.state.settings))

route('PUT', '/_emulator/settings', ({ emu, body }) => {
  if (body.enforceRateLimits !== undefined) {
    if (typeof body.enforceRateLimits !== 'boolean') throw bad('enforceRateLimits must be a boolean')
    if (body.enforceRateLimits && !emu.state.settings.enforceRateLimits) emu.rateLimiter.reset()
    emu.state.settings.enforceRateLimits = body.enforceRateLimits
  }
  return json(emu.state.settings)
})

route('GET', '/_emulator/events', ({ emu, req, res }) => {
  emu.state.hub.attach(req, res, CORS_HEADERS)
  return null
})

export async function handleControl(
  emu: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const found = routes.match(req.method ?? 'GET', url.pathname)
  if (!found) {
    sendJson(res, 404, { error: `no control route ${req.method} ${url.pathname}` }, CORS_HEADERS)
    return
  }
  try {
    let body: Json = {}
    if (req.method === 'POST' || req.method === 'PUT') {
      const { data, tooLarge } = await readBody(req, 16 * 1024 * 1024)
      if (tooLarge) throw bad('body too large')
      if (data.length > 0) {
        try {
          body = JSON.parse(data.toString('utf8'))
        } catch {
          throw bad('the body must be JSON')
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          throw bad('the body must be a JSON object')
      }
    }
    const answer = await found.value({ emu, req, res, params: found.params, query: url.searchParams, body })
    if (answer) sendJson(res, answer.status, answer.body, CORS_HEADERS)
  } catch (e) {
    if (e instanceof ControlError) sendJson(res, e.status, { error: e.message }, CORS_HEADERS)
    else throw e
  }
}
