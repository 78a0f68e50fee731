// Users and chats: profile, bot info, followers, message content, loading animation, mark as
// read, link tokens, webhook endpoint settings; groups and rooms (there are none).

import { newToken, USER_ID_PATTERN } from '../ids.ts'
import { fail, type Handler, invalidBody, NOT_FOUND, ok } from './types.ts'

const INVALID_USER = fail(400, "The value for the 'userId' parameter is invalid")

const profile: Handler = ({ emu, channel, params }) => {
  const userId = String(params.userId)
  if (!USER_ID_PATTERN.test(userId)) return INVALID_USER
  const resident = emu.state.resident(userId)
  // LINE knows the profiles of users who follow or once followed the account.
  if (!resident || !emu.state.everFollowed(channel, userId)) return NOT_FOUND
  return ok({
    userId,
    displayName: resident.displayName,
    ...(resident.pictureUrl ? { pictureUrl: resident.pictureUrl } : {}),
    ...(resident.statusMessage ? { statusMessage: resident.statusMessage } : {}),
    language: resident.language,
  })
}

export function basicIdOf(channelId: string): string {
  const digits = channelId.replace(/\D/g, '').padStart(8, '0').slice(-8)
  const letters = [...digits.slice(3)].map((d) => 'abcdefghij'[Number(d)]).join('')
  return `@${digits.slice(0, 3)}${letters}`
}

const botInfo: Handler = ({ channel }) => {
  const c = channel.config
  return ok({
    userId: c.botUserId,
    basicId: c.basicId ?? basicIdOf(c.channelId),
    displayName: c.name,
    ...(c.pictureUrl ? { pictureUrl: c.pictureUrl } : {}),
    chatMode: 'bot',
    markAsReadMode: 'manual',
  })
}

const followerIds: Handler = ({ emu, channel, params }) => {
  const limit = typeof params.limit === 'number' ? params.limit : 300
  const start =
    params.start === undefined
      ? 0
      : Number.parseInt(Buffer.from(String(params.start), 'base64url').toString(), 10)
  if (!Number.isInteger(start) || start < 0)
    return fail(400, "The value for the 'start' parameter is invalid")
  const { userIds, total } = emu.state.followersPage(channel, start, limit)
  const next = start + limit < total ? Buffer.from(String(start + limit)).toString('base64url') : undefined
  return ok({ userIds, ...(next ? { next } : {}) })
}

const content: Handler = ({ emu, channel, params }) => {
  const stored = emu.state.contents.get(String(params.messageId))
  if (!stored || stored.channelId !== channel.config.channelId) return NOT_FOUND
  return { status: 200, bytes: stored }
}

const transcoding: Handler = ({ emu, channel, params }) => {
  const stored = emu.state.contents.get(String(params.messageId))
  if (!stored || stored.channelId !== channel.config.channelId) return NOT_FOUND
  return ok({ status: 'succeeded' })
}

const loading: Handler = ({ emu, channel, body }) => {
  const seconds = body.loadingSeconds ?? 20
  if (seconds % 5 !== 0)
    return invalidBody([{ message: 'must be a multiple of 5', property: 'loadingSeconds' }])
  if (!USER_ID_PATTERN.test(body.chatId)) {
    return invalidBody([{ message: 'must be a valid user ID', property: 'chatId' }])
  }
  emu.state.hub.emit('loading', { channelId: channel.config.channelId, userId: body.chatId, seconds })
  return ok({}, 202)
}

const markAsRead: Handler = ({ emu, channel, body }) => {
  const token = emu.state.markAsReadTokens.get(body.markAsReadToken)
  if (!token || token.channelId !== channel.config.channelId) return fail(400, 'Invalid markAsReadToken')
  emu.state.hub.emit('read', { channelId: token.channelId, userId: token.userId, messageId: token.messageId })
  return ok({})
}

const markAsReadLegacy: Handler = () =>
  fail(403, 'This API is available only to corporate users who have submitted the required applications.')

const linkToken: Handler = ({ params }) => {
  if (!USER_ID_PATTERN.test(String(params.userId))) return INVALID_USER
  return ok({ linkToken: newToken(24) })
}

const getWebhook: Handler = ({ channel }) =>
  ok({ endpoint: channel.config.webhookUrl ?? '', active: Boolean(channel.config.webhookUrl) })

const setWebhook: Handler = ({ channel, body }) => {
  channel.config.webhookUrl = body.endpoint || null
  return ok({})
}

const testWebhook: Handler = async ({ emu, channel, body }) => {
  const endpoint = body?.endpoint || channel.config.webhookUrl
  if (!endpoint) return fail(400, 'The webhook URL is not set')
  const timestamp = new Date().toISOString()
  const result = await emu.webhooks.send(channel, [], endpoint)
  const success = result.status !== null && result.status >= 200 && result.status < 300
  return ok({
    success,
    timestamp,
    statusCode: result.status ?? 0,
    reason: success ? 'OK' : result.status === null ? 'COULD_NOT_CONNECT' : 'ERROR_STATUS_CODE',
    detail: success ? String(result.status) : (result.error ?? ''),
  })
}

export const userHandlers: Record<string, Handler> = {
  getProfile: profile,
  getBotInfo: botInfo,
  getFollowers: followerIds,
  getMessageContent: content,
  getMessageContentPreview: content,
  getMessageContentTranscodingByMessageId: transcoding,
  showLoadingAnimation: loading,
  markMessagesAsReadByToken: markAsRead,
  markMessagesAsRead: markAsReadLegacy,
  issueLinkToken: linkToken,
  getWebhookEndpoint: getWebhook,
  setWebhookEndpoint: setWebhook,
  testWebhookEndpoint: testWebhook,
  getGroupMemberProfile: () => NOT_FOUND,
  getRoomMemberProfile: () => NOT_FOUND,
  getGroupMembersIds: () => NOT_FOUND,
  getRoomMembersIds: () => NOT_FOUND,
  leaveGroup: () => NOT_FOUND,
  leaveRoom: () => NOT_FOUND,
  getGroupSummary: () => NOT_FOUND,
  getGroupMemberCount: () => NOT_FOUND,
  getRoomMemberCount: () => NOT_FOUND,
}
