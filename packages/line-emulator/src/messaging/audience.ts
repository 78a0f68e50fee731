// Audiences for narrowcast: upload user IDs (JSON or file), impression-based, click-based (empty:
// residents' clicks aren't tracked), get, list, rename, delete. Audiences are READY at once.

import { newAudienceGroupId } from '../ids.ts'
import { parseMultipart } from '../multipart.ts'
import type { AudienceRecord, ChannelState } from '../state.ts'
import { type ApiResult, fail, type Handler, invalidBody, ok } from './types.ts'

const MAX_AUDIENCES = 1000
const RETENTION_S = 180 * 86_400
const NOT_FOUND_AUDIENCE = fail(400, 'audience group not found')

type Kind = 'UPLOAD' | 'CLICK' | 'IMP'

type Stored = AudienceRecord & { type: Kind; requestId?: string; clickUrl?: string }

const seconds = (ms: number) => Math.floor(ms / 1000)

function describe(a: Stored) {
  return {
    audienceGroupId: a.audienceGroupId,
    type: a.type,
    description: a.description,
    status: 'READY',
    audienceCount: a.userIds.size,
    created: seconds(a.created),
    ...(a.requestId ? { requestId: a.requestId } : {}),
    ...(a.clickUrl ? { clickUrl: a.clickUrl } : {}),
    isIfaAudience: a.isIfaAudience,
    permission: 'READ_WRITE',
    createRoute: 'MESSAGING_API',
  }
}

function create(
  channel: ChannelState,
  input: {
    description: string
    isIfaAudience?: boolean
    uploadDescription?: string
    ids: string[]
    type: Kind
  },
): ApiResult {
  if (!input.description) return invalidBody([{ message: 'must be specified', property: 'description' }])
  if (channel.audiences.size >= MAX_AUDIENCES)
    return fail(400, 'The number of audiences has reached the limit (1000)')
  const now = Date.now()
  const audience: Stored = {
    audienceGroupId: newAudienceGroupId(),
    description: input.description,
    created: now,
    isIfaAudience: input.isIfaAudience === true,
    userIds: new Set(input.ids),
    jobs: [],
    type: input.type,
  }
  if (input.type === 'UPLOAD') addJob(audience, input.ids, input.uploadDescription)
  channel.audiences.set(audience.audienceGroupId, audience)
  return ok(
    {
      audienceGroupId: audience.audienceGroupId,
      createRoute: 'MESSAGING_API',
      type: audience.type,
      description: audience.description,
      created: seconds(now),
      permission: 'READ_WRITE',
      expireTimestamp: seconds(now) + RETENTION_S,
      isIfaAudience: audience.isIfaAudience,
    },
    202,
  )
}

function addJob(audience: AudienceRecord, ids: string[], description = '') {
  for (const id of ids) audience.userIds.add(id)
  audience.jobs.unshift({
    audienceGroupJobId: newAudienceGroupId(),
    audienceGroupId: audience.audienceGroupId,
    description,
    type: 'DIFF_ADD',
    jobStatus: 'FINISHED',
    audienceCount: ids.length,
    created: seconds(Date.now()),
  })
  audience.jobs.splice(50)
}

const ids = (audiences: { id?: string }[] | undefined) =>
  (audiences ?? []).flatMap((a) => (a.id ? [a.id] : []))

const createByJson: Handler = ({ channel, body }) =>
  create(channel, { ...body, ids: ids(body.audiences), type: 'UPLOAD' })

const addByJson: Handler = ({ channel, body }) => {
  const audience = channel.audiences.get(Number(body.audienceGroupId))
  if (!audience) return NOT_FOUND_AUDIENCE
  addJob(audience, ids(body.audiences), body.uploadDescription)
  return ok({}, 202)
}

function readFileForm(raw: Buffer, contentType: string): Record<string, string> & { ids?: string[] } {
  const parts = parseMultipart(raw, contentType) ?? []
  const out: Record<string, string> & { ids?: string[] } = {}
  for (const part of parts) {
    if (part.name === 'file') {
      out.ids = part.data
        .toString('utf8')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
    } else out[part.name] = part.data.toString('utf8')
  }
  return out
}

const createByFile: Handler = ({ channel, raw, contentType }) => {
  const form = readFileForm(raw, contentType)
  if (!form.ids) return invalidBody([{ message: 'must be specified', property: 'file' }])
  if (form.ids.length > 1_500_000)
    return invalidBody([{ message: 'Size must be between 1 and 1500000', property: 'file' }])
  return create(channel, {
    description: form.description ?? '',
    isIfaAudience: form.isIfaAudience === 'true',
    uploadDescription: form.uploadDescription,
    ids: form.ids,
    type: 'UPLOAD',
  })
}

const addByFile: Handler = ({ channel, raw, contentType }) => {
  const form = readFileForm(raw, contentType)
  const audience = channel.audiences.get(Number(form.audienceGroupId))
  if (!audience) return NOT_FOUND_AUDIENCE
  if (!form.ids) return invalidBody([{ message: 'must be specified', property: 'file' }])
  addJob(audience, form.ids, form.uploadDescription)
  return ok({}, 202)
}

const createImp: Handler = ({ channel, body }) => {
  const sent = channel.sends.get(String(body.requestId))
  if (!sent) return fail(400, 'request not found')
  const result = create(channel, { description: body.description, ids: [...sent.impressed], type: 'IMP' })
  const created = [...channel.audiences.values()].at(-1) as Stored | undefined
  if (result.status === 202 && created) created.requestId = body.requestId
  return result.status === 202 ? ok({ ...(result.body as object), requestId: body.requestId }, 202) : result
}

const createClick: Handler = ({ channel, body }) => {
  const sent = channel.sends.get(String(body.requestId))
  if (!sent) return fail(400, 'request not found')
  const result = create(channel, { description: body.description, ids: [], type: 'CLICK' })
  const created = [...channel.audiences.values()].at(-1) as Stored | undefined
  if (result.status === 202 && created)
    Object.assign(created, { requestId: body.requestId, clickUrl: body.clickUrl })
  return result.status === 202 ? ok({ ...(result.body as object), requestId: body.requestId }, 202) : result
}

const rename: Handler = ({ channel, params, body }) => {
  const audience = channel.audiences.get(Number(params.audienceGroupId))
  if (!audience) return NOT_FOUND_AUDIENCE
  audience.description = body.description
  return ok({})
}

const remove: Handler = ({ channel, params }) =>
  channel.audiences.delete(Number(params.audienceGroupId)) ? ok({}) : NOT_FOUND_AUDIENCE

const get: Handler = ({ channel, params }) => {
  const audience = channel.audiences.get(Number(params.audienceGroupId)) as Stored | undefined
  if (!audience) return NOT_FOUND_AUDIENCE
  return ok({ audienceGroup: describe(audience), jobs: audience.jobs })
}

const list: Handler = ({ channel, params }) => {
  const page = typeof params.page === 'number' ? params.page : 1
  const size = typeof params.size === 'number' ? params.size : 20
  // Every audience here is READY and created by the Messaging API.
  const matches =
    (params.status === undefined || params.status === 'READY') &&
    (params.createRoute === undefined || params.createRoute === 'MESSAGING_API')
  const all = ([...channel.audiences.values()] as Stored[])
    .filter(
      (a) =>
        matches && (params.description === undefined || a.description.includes(String(params.description))),
    )
    .reverse()
  const slice = all.slice((page - 1) * size, page * size)
  return ok({
    audienceGroups: slice.map(describe),
    hasNextPage: page * size < all.length,
    totalCount: all.length,
    readWriteAudienceGroupTotalCount: all.length,
    page,
    size,
  })
}

export const audienceHandlers: Record<string, Handler> = {
  createAudienceGroup: createByJson,
  addAudienceToAudienceGroup: addByJson,
  createAudienceForUploadingUserIds: createByFile,
  addUserIdsToAudience: addByFile,
  createImpBasedAudienceGroup: createImp,
  createClickBasedAudienceGroup: createClick,
  updateAudienceGroupDescription: rename,
  deleteAudienceGroup: remove,
  getAudienceData: get,
  getAudienceGroups: list,
  getSharedAudienceData: () => NOT_FOUND_AUDIENCE,
  getSharedAudienceGroups: ({ params }) =>
    ok({
      audienceGroups: [],
      hasNextPage: false,
      totalCount: 0,
      page: params.page ?? 1,
      size: params.size ?? 20,
    }),
}
