// Statistics: numbers of sent messages, aggregation units, insight (deliveries, followers,
// demographics, message events, per-unit statistics, rich menu insight).
//
// The emulator's numbers are exact and "ready" at once (LINE's are ready the next day). An
// impression is a resident reading the chat (`GET /_emulator/residents/:userId/chat`, which the
// phone page does), a click a tap on a URL in a bot message (`POST /_emulator/residents/:userId/click`);
// both can also be simulated (`POST /_emulator/channels/:channelId/engagement`, see stats.ts).
// LINE's privacy threshold applies: below 20, counts are null.

import type { BulkResidents } from '../bulk.ts'
import { jstDate, jstMonth, type SentRecord } from '../state.ts'
import { engagementStats, shown } from '../stats.ts'
import type { ChatVia } from '../types.ts'
import { fail, type Handler, NOT_FOUND, ok } from './types.ts'

const sentCount =
  (via: ChatVia): Handler =>
  ({ channel, params }) =>
    ok({ status: 'ready', success: channel.deliveryCounts.get(`${via} ${params.date}`) ?? 0 })

const aggregationInfo: Handler = ({ channel }) =>
  ok({ numOfCustomAggregationUnits: channel.aggregationUnits.get(jstMonth(Date.now()))?.size ?? 0 })

const aggregationList: Handler = ({ channel, params }) => {
  const names = [...(channel.aggregationUnits.get(jstMonth(Date.now())) ?? [])]
  const limit = typeof params.limit === 'number' ? params.limit : 100
  const start =
    params.start === undefined
      ? 0
      : Number.parseInt(Buffer.from(String(params.start), 'base64url').toString(), 10)
  if (!Number.isInteger(start) || start < 0)
    return fail(400, "The value for the 'start' parameter is invalid")
  const page = names.slice(start, start + limit)
  const next =
    start + limit < names.length ? Buffer.from(String(start + limit)).toString('base64url') : undefined
  return ok({ customAggregationUnits: page, ...(next ? { next } : {}) })
}

const deliveries: Handler = ({ channel, params }) => {
  const count = (via: ChatVia) => channel.deliveryCounts.get(`${via} ${params.date}`) ?? 0
  return ok({
    status: 'ready',
    broadcast: 0,
    targeting: 0,
    autoResponse: 0,
    welcomeResponse: 0,
    chat: 0,
    apiBroadcast: count('broadcast'),
    apiPush: count('push'),
    apiMulticast: count('multicast'),
    apiNarrowcast: count('narrowcast'),
    apiReply: count('reply'),
  })
}

const followers: Handler = ({ emu, channel }) => {
  const counts = emu.state.friendCounts(channel)
  return ok({
    status: 'ready',
    followers: counts.everFollowed,
    targetedReaches: counts.following,
    blocks: counts.blocked,
  })
}

const demographics: Handler = () => ok({ available: false })

const MEDIA_NULLS = {
  mediaPlayed: null,
  mediaPlayed25Percent: null,
  mediaPlayed50Percent: null,
  mediaPlayed75Percent: null,
  mediaPlayed100Percent: null,
  uniqueMediaPlayed: null,
  uniqueMediaPlayed25Percent: null,
  uniqueMediaPlayed50Percent: null,
  uniqueMediaPlayed75Percent: null,
  uniqueMediaPlayed100Percent: null,
}

const messageStats = (bulk: BulkResidents, sends: SentRecord[]) => {
  const stats = engagementStats(bulk, sends)
  return {
    delivered: stats.delivered,
    uniqueImpression: shown(stats.uniqueImpression),
    uniqueClick: shown(stats.uniqueClick),
    messages: stats.impressions.map((n, i) => ({ seq: i + 1, impression: shown(n), ...MEDIA_NULLS })),
    clicks: stats.clicks.map((c) => ({
      seq: c.seq,
      url: c.url,
      click: shown(c.click),
      uniqueClick: shown(c.uniqueClick),
      uniqueClickOfRequest: shown(c.uniqueClickOfRequest),
    })),
  }
}

const messageEvent: Handler = ({ emu, channel, params }) => {
  const sent = channel.sends.get(String(params.requestId))
  if (!sent) return NOT_FOUND
  const { delivered, uniqueImpression, uniqueClick, messages, clicks } = messageStats(emu.state.bulk, [sent])
  return ok({
    overview: {
      requestId: sent.requestId,
      timestamp: Math.floor(sent.at / 1000),
      delivered,
      uniqueImpression,
      uniqueClick,
      uniqueMediaPlayed: null,
      uniqueMediaPlayed100Percent: null,
    },
    messages,
    clicks,
  })
}

const DATE = /^\d{8}$/
const dateMs = (d: string) =>
  Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)))

const perUnit: Handler = ({ emu, channel, params }) => {
  const from = String(params.from)
  const to = String(params.to)
  if (!DATE.test(from)) return fail(400, "The value for the 'from' parameter is invalid")
  if (!DATE.test(to)) return fail(400, "The value for the 'to' parameter is invalid")
  if (dateMs(to) < dateMs(from) || dateMs(to) - dateMs(from) > 30 * 86_400_000) {
    return fail(400, "The value for the 'to' parameter is invalid")
  }
  const unit = String(params.customAggregationUnit)
  const sends = channel.unitSends.filter((s) => {
    const day = jstDate(s.at)
    return s.units.includes(unit) && day >= from && day <= to
  })
  const { uniqueImpression, uniqueClick, messages, clicks } = messageStats(emu.state.bulk, sends)
  return ok({
    overview: {
      uniqueImpression,
      uniqueClick,
      uniqueMediaPlayed: null,
      uniqueMediaPlayed100Percent: null,
    },
    messages: messages.map((m) => ({ ...m, uniqueImpression: m.impression })),
    clicks,
  })
}

/** Below 20 unique clicking users LINE returns only the rich menu ID; residents never reach that. */
const richMenuInsight: Handler = ({ channel, params }) =>
  channel.richMenus.has(String(params.richMenuId)) ? ok({ richMenuId: String(params.richMenuId) }) : NOT_FOUND

export const insightHandlers: Record<string, Handler> = {
  getNumberOfSentReplyMessages: sentCount('reply'),
  getNumberOfSentPushMessages: sentCount('push'),
  getNumberOfSentMulticastMessages: sentCount('multicast'),
  getNumberOfSentBroadcastMessages: sentCount('broadcast'),
  getAggregationUnitUsage: aggregationInfo,
  getAggregationUnitNameList: aggregationList,
  getNumberOfMessageDeliveries: deliveries,
  getNumberOfFollowers: followers,
  getFriendsDemographics: demographics,
  getMessageEvent: messageEvent,
  getStatisticsPerUnit: perUnit,
  getRichMenuInsightSummary: richMenuInsight,
  getRichMenuInsightDaily: richMenuInsight,
}
