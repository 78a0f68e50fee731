// Sending messages: reply, push, multicast, narrowcast (+ progress), broadcast, validate, quota.

import { newMessageId, newToken, USER_ID_PATTERN } from '../ids.ts'
import type { ErrorDetail } from '../openapi/validate.ts'
import { type ChannelState, type EmulatorState, jstMonth, type NarrowcastRecord } from '../state.ts'
import { type ApiResult, fail, type Handler, invalidBody, NOT_FOUND, ok } from './types.ts'

const TEXT_LIMIT = 5000
const QUOTA_EXCEEDED = 'You have reached your monthly limit.'
const UNIT_PATTERN = /^[a-zA-Z0-9_]{1,30}$/

type Message = Record<string, unknown>

/** Limits LINE enforces that the OpenAPI document doesn't express. */
export function extraChecks(operationId: string, body: unknown): ErrorDetail[] {
  const details: ErrorDetail[] = []
  if (typeof body !== 'object' || body === null) return details
  const b = body as Record<string, unknown>
  if (Array.isArray(b.messages)) {
    b.messages.forEach((m: unknown, i) => {
      const message = m as Message
      if ((message?.type === 'text' || message?.type === 'textV2') && typeof message.text === 'string') {
        if (message.text.length > TEXT_LIMIT) {
          details.push({
            message: `Length must be between 0 and ${TEXT_LIMIT}`,
            property: `messages[${i}].text`,
          })
        }
      }
    })
  }
  if (operationId === 'pushMessage' && Array.isArray(b.customAggregationUnits)) {
    if (b.customAggregationUnits.length > 1) {
      details.push({ message: 'Size must be between 0 and 1', property: 'customAggregationUnits' })
    }
    b.customAggregationUnits.forEach((u: unknown, i) => {
      if (typeof u === 'string' && !UNIT_PATTERN.test(u)) {
        details.push({
          message: `must match pattern "${UNIT_PATTERN.source}"`,
          property: `customAggregationUnits[${i}]`,
        })
      }
    })
  }
  if (operationId === 'multicast' && Array.isArray(b.to)) {
    b.to.forEach((to: unknown, i) => {
      if (typeof to === 'string' && !USER_ID_PATTERN.test(to)) {
        details.push({ message: 'must be a valid user ID', property: `to[${i}]` })
      }
    })
  }
  return details
}

const fallbackSent = (messages: Message[]) =>
  messages.map(() => ({ id: newMessageId(), quoteToken: newToken(32) }))

const reply: Handler = ({ emu, channel, body, requestId }) => {
  const token = emu.state.useReplyToken(channel.config.channelId, body.replyToken)
  if (!token) return fail(400, 'Invalid reply token')
  const { sentMessages } = emu.state.deliver(channel, [token.userId], body.messages, 'reply', requestId)
  return ok({ sentMessages: sentMessages.length > 0 ? sentMessages : fallbackSent(body.messages) })
}

const push: Handler = ({ emu, channel, body, requestId }) => {
  const to = body.to as string
  if (!USER_ID_PATTERN.test(to) && !/^[CR][0-9a-f]{32}$/.test(to)) {
    return fail(400, "The property, 'to', in the request body is invalid (line: -, column: -)")
  }
  if (!emu.state.hasResident(to)) return fail(400, 'Failed to send messages')
  if (emu.state.isFollowing(channel, to) && emu.state.quotaRemaining(channel) < 1)
    return fail(429, QUOTA_EXCEEDED)
  const units = (body.customAggregationUnits ?? []) as string[]
  const delivered = emu.state.deliver(channel, [to], body.messages, 'push', requestId, units).sentMessages
  const sentMessages = delivered.length > 0 ? delivered : fallbackSent(body.messages)
  return { status: 200, body: { sentMessages }, sentMessages }
}

const multicast: Handler = ({ emu, channel, body, requestId }) => {
  const to = [...new Set(body.to as string[])]
  const remaining = emu.state.quotaRemaining(channel)
  if (remaining < to.length) {
    const reach = to.filter((id) => emu.state.isFollowing(channel, id)).length
    if (remaining < reach) return fail(429, QUOTA_EXCEEDED)
  }
  emu.state.deliver(channel, to, body.messages, 'multicast', requestId, body.customAggregationUnits ?? [])
  return ok({})
}

const broadcast: Handler = ({ emu, channel, body, requestId }) => {
  const followers = emu.state.followerSets(channel)
  if (emu.state.quotaRemaining(channel) < followers.ordinary.length + followers.bulk.length)
    return fail(429, QUOTA_EXCEEDED)
  emu.state.deliver(channel, followers.ordinary, body.messages, 'broadcast', requestId, [], followers.bulk)
  return ok({})
}

type Recipient = {
  type: string
  audienceGroupId?: number
  requestId?: string
  and?: Recipient[]
  or?: Recipient[]
  not?: Recipient
}

/** Checks references (audiences, earlier narrowcasts) now, like LINE does when it accepts the request. */
function checkRecipient(
  channel: ChannelState,
  r: Recipient | undefined,
  path: string,
  count: { n: number },
): ErrorDetail[] {
  if (!r) return []
  if (r.type === 'audience') {
    count.n++
    return channel.audiences.has(Number(r.audienceGroupId))
      ? []
      : [{ message: 'audience group not found', property: `${path}.audienceGroupId` }]
  }
  if (r.type === 'redelivery') {
    count.n++
    return channel.narrowcasts.has(String(r.requestId))
      ? []
      : [{ message: 'request not found', property: `${path}.requestId` }]
  }
  const out: ErrorDetail[] = []
  for (const [i, x] of (r.and ?? []).entries())
    out.push(...checkRecipient(channel, x, `${path}.and[${i}]`, count))
  for (const [i, x] of (r.or ?? []).entries())
    out.push(...checkRecipient(channel, x, `${path}.or[${i}]`, count))
  out.push(...checkRecipient(channel, r.not, `${path}.not`, count))
  return out
}

const intersect = (a: Set<string> | null, b: Set<string>): Set<string> =>
  a ? new Set([...a].filter((id) => b.has(id))) : b

function resolveRecipient(
  state: EmulatorState,
  channel: ChannelState,
  r: Recipient | undefined,
): Set<string> {
  const everyone = new Set(state.followers(channel))
  if (!r) return everyone
  switch (r.type) {
    case 'audience':
      return new Set(channel.audiences.get(Number(r.audienceGroupId))?.userIds ?? [])
    case 'redelivery':
      return new Set(channel.narrowcasts.get(String(r.requestId))?.recipients ?? [])
    default: {
      let set: Set<string> | null = null
      for (const part of r.and ?? []) set = intersect(set, resolveRecipient(state, channel, part))
      if (r.or) {
        const union = new Set<string>()
        for (const part of r.or) for (const id of resolveRecipient(state, channel, part)) union.add(id)
        set = intersect(set, union)
      }
      if (r.not) {
        const excluded = resolveRecipient(state, channel, r.not)
        set = new Set([...(set ?? everyone)].filter((id) => !excluded.has(id)))
      }
      return set ?? everyone
    }
  }
}

export const NARROWCAST_STEP_MS = 25

const narrowcast: Handler = ({ emu, channel, body, requestId }) => {
  const count = { n: 0 }
  const details = checkRecipient(channel, body.recipient, 'recipient', count)
  if (count.n > 10)
    details.push({ message: 'Too many audience and redelivery objects (max 10)', property: 'recipient' })
  if (details.length > 0) return invalidBody(details)
  const record: NarrowcastRecord = {
    requestId,
    phase: 'waiting',
    acceptedTime: Date.now(),
    completedTime: null,
    targetCount: 0,
    successCount: 0,
    failureCount: 0,
    errorCode: null,
    failedDescription: null,
    recipients: [],
  }
  channel.narrowcasts.set(requestId, record)
  const { state } = emu
  state.later(NARROWCAST_STEP_MS, () => {
    record.phase = 'sending'
    state.later(NARROWCAST_STEP_MS, () => {
      // Demographic filters are accepted but not applied: residents have no demographics.
      let targets = [...resolveRecipient(state, channel, body.recipient)].filter((id) =>
        state.isFollowing(channel, id),
      )
      record.targetCount = targets.length
      const limit = body.limit ?? {}
      let truncated = false
      if (typeof limit.max === 'number' && targets.length > limit.max) {
        targets = targets.slice(0, limit.max)
        truncated = true
      }
      const remaining = state.quotaRemaining(channel)
      if (targets.length > remaining) {
        if (limit.upToRemainingQuota) {
          targets = targets.slice(0, remaining)
          truncated = true
        } else {
          Object.assign(record, { phase: 'failed', errorCode: 1, failedDescription: QUOTA_EXCEEDED })
        }
      }
      if (record.phase !== 'failed' && truncated && limit.forbidPartialDelivery) {
        Object.assign(record, {
          phase: 'failed',
          errorCode: 5,
          failedDescription: 'The delivery was canceled to prevent partial delivery.',
        })
      }
      if (record.phase !== 'failed') {
        const { sent } = state.deliver(channel, targets, body.messages, 'narrowcast', requestId)
        record.recipients = [...sent.recipients, ...Array.from(sent.bulk, (g) => state.bulk.userIdOf(g))]
        record.successCount = record.recipients.length
        record.phase = 'succeeded'
      }
      record.completedTime = Date.now()
    })
  })
  return ok({}, 202)
}

const narrowcastProgress: Handler = ({ channel, params }) => {
  const record = channel.narrowcasts.get(String(params.requestId))
  if (!record) return NOT_FOUND
  const out: Record<string, unknown> = {
    phase: record.phase,
    acceptedTime: new Date(record.acceptedTime).toISOString(),
  }
  if (record.phase === 'succeeded' || record.phase === 'failed') {
    Object.assign(out, {
      successCount: record.successCount,
      failureCount: record.failureCount,
      targetCount: record.targetCount,
      completedTime: new Date(record.completedTime ?? Date.now()).toISOString(),
    })
    if (record.phase === 'failed')
      Object.assign(out, { errorCode: record.errorCode, failedDescription: record.failedDescription })
  }
  return ok(out)
}

const quota: Handler = ({ channel }) => {
  const limit = channel.config.messageQuota
  return ok(limit === null || limit === undefined ? { type: 'none' } : { type: 'limited', value: limit })
}

const quotaConsumption: Handler = ({ channel }) => {
  return ok({ totalUsage: channel.quotaUsage.get(jstMonth(Date.now())) ?? 0 })
}

const validated: Handler = (): ApiResult => ok({})

export const sendHandlers: Record<string, Handler> = {
  replyMessage: reply,
  pushMessage: push,
  multicast,
  narrowcast,
  broadcast,
  getNarrowcastProgress: narrowcastProgress,
  getMessageQuota: quota,
  getMessageQuotaConsumption: quotaConsumption,
  validateReply: validated,
  validatePush: validated,
  validateMulticast: validated,
  validateNarrowcast: validated,
  validateBroadcast: validated,
}
