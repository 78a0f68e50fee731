// Rich menus: objects, images, default, per-user links (single, bulk, batch), aliases.

import { newRichMenuId, USER_ID_PATTERN } from '../ids.ts'
import { imageInfo } from '../images.ts'
import type { ErrorDetail } from '../openapi/validate.ts'
import type { ChannelState, EmulatorState, RichMenuRecord } from '../state.ts'
import { fail, type Handler, invalidBody, NOT_FOUND, ok } from './types.ts'

const MAX_IMAGE_BYTES = 1024 * 1024
const MAX_RICH_MENUS = 1000
const MAX_ALIASES = 1000
const NO_IMAGE = 'must upload richmenu image before applying it to user'
const MENU_NOT_FOUND = 'richmenu not found'

type Area = {
  bounds?: { x: number; y: number; width: number; height: number }
  action?: Record<string, unknown>
}

/** What LINE checks on a rich menu object beyond the OpenAPI document. */
export function checkRichMenu(body: Record<string, unknown>): ErrorDetail[] {
  const details: ErrorDetail[] = []
  for (const key of ['size', 'selected', 'name', 'chatBarText', 'areas']) {
    if (body[key] === undefined) details.push({ message: 'must be specified', property: key })
  }
  const size = body.size as { width?: number; height?: number } | undefined
  if (size && typeof size.width === 'number' && typeof size.height === 'number') {
    if (size.width < 800 || size.width > 2500) {
      details.push({ message: 'must be between 800 and 2500', property: 'size.width' })
    }
    if (size.height < 250) details.push({ message: 'must be 250 or more', property: 'size.height' })
    if (size.width / size.height < 1.45) {
      details.push({ message: 'The aspect ratio (width / height) must be 1.45 or more', property: 'size' })
    }
  }
  const areas = body.areas as Area[] | undefined
  if (Array.isArray(areas)) {
    if (areas.length > 20) details.push({ message: 'Size must be between 0 and 20', property: 'areas' })
    areas.forEach((area, i) => {
      if (!area.bounds) details.push({ message: 'must be specified', property: `areas[${i}].bounds` })
      if (!area.action) details.push({ message: 'must be specified', property: `areas[${i}].action` })
      const b = area.bounds
      if (b && size?.width && size.height && (b.x + b.width > size.width || b.y + b.height > size.height)) {
        details.push({ message: 'The area must be within the rich menu', property: `areas[${i}].bounds` })
      }
    })
  }
  return details
}

const publicMenu = (m: RichMenuRecord) => ({
  richMenuId: m.richMenuId,
  size: m.size,
  selected: m.selected,
  name: m.name,
  chatBarText: m.chatBarText,
  areas: m.areas,
})

/** What the resident sees: the per-user menu, else the default. */
export function richMenuFor(channel: ChannelState, userId: string): RichMenuRecord | null {
  const linked = channel.userRichMenus.get(userId)
  const menu = linked ? channel.richMenus.get(linked) : undefined
  if (menu) return menu
  return channel.defaultRichMenuId ? (channel.richMenus.get(channel.defaultRichMenuId) ?? null) : null
}

const notifyMenu = (state: EmulatorState, channel: ChannelState, userId: string | null) =>
  state.hub.emit('richmenu', { channelId: channel.config.channelId, userId })

const menuOf = (channel: ChannelState, id: unknown) => channel.richMenus.get(String(id))

// The rich menu object was checked (OpenAPI + checkRichMenu) before the handler.
const create: Handler = ({ channel, body }) => {
  if (channel.richMenus.size >= MAX_RICH_MENUS)
    return fail(400, 'The number of rich menus has reached the limit (1000)')
  const richMenuId = newRichMenuId()
  channel.richMenus.set(richMenuId, {
    richMenuId,
    size: body.size,
    selected: body.selected,
    name: body.name,
    chatBarText: body.chatBarText,
    areas: body.areas,
    image: null,
  })
  return ok({ richMenuId })
}

const validate: Handler = () => ok({})

const get: Handler = ({ channel, params }) => {
  const menu = menuOf(channel, params.richMenuId)
  return menu ? ok(publicMenu(menu)) : NOT_FOUND
}

const remove: Handler = ({ emu, channel, params }) => {
  const id = String(params.richMenuId)
  if (!channel.richMenus.delete(id)) return NOT_FOUND
  if (channel.defaultRichMenuId === id) {
    channel.defaultRichMenuId = null
    notifyMenu(emu.state, channel, null)
  }
  for (const [userId, linked] of channel.userRichMenus) {
    if (linked !== id) continue
    channel.userRichMenus.delete(userId)
    notifyMenu(emu.state, channel, userId)
  }
  return ok({})
}

const list: Handler = ({ channel }) => ok({ richmenus: [...channel.richMenus.values()].map(publicMenu) })

const setImage: Handler = ({ channel, params, raw, contentType }) => {
  const menu = menuOf(channel, params.richMenuId)
  if (!menu) return NOT_FOUND
  const type = contentType.split(';')[0]?.trim().toLowerCase()
  if (type !== 'image/png' && type !== 'image/jpeg') {
    return fail(415, 'The Content-Type header must be image/png or image/jpeg')
  }
  if (menu.image) return fail(400, 'An image has already been uploaded to the richmenu')
  if (raw.length > MAX_IMAGE_BYTES) return fail(400, 'The image must be 1 MB or smaller')
  const info = imageInfo(raw)
  if (!info || info.type !== type)
    return fail(400, `The image is not a valid ${type === 'image/png' ? 'PNG' : 'JPEG'}`)
  if (info.width !== menu.size.width || info.height !== menu.size.height) {
    return fail(
      400,
      `The image size (${info.width}x${info.height}) must match the rich menu size (${menu.size.width}x${menu.size.height})`,
    )
  }
  menu.image = { contentType: type, data: Buffer.from(raw) }
  return ok({})
}

const getImage: Handler = ({ channel, params }) => {
  const image = menuOf(channel, params.richMenuId)?.image
  return image ? { status: 200, bytes: image } : NOT_FOUND
}

const setDefault: Handler = ({ emu, channel, params }) => {
  const menu = menuOf(channel, params.richMenuId)
  if (!menu) return fail(404, MENU_NOT_FOUND)
  if (!menu.image) return fail(400, NO_IMAGE)
  channel.defaultRichMenuId = menu.richMenuId
  notifyMenu(emu.state, channel, null)
  return ok({})
}

const getDefault: Handler = ({ channel }) =>
  channel.defaultRichMenuId ? ok({ richMenuId: channel.defaultRichMenuId }) : fail(404, 'no default richmenu')

const cancelDefault: Handler = ({ emu, channel }) => {
  channel.defaultRichMenuId = null
  notifyMenu(emu.state, channel, null)
  return ok({})
}

const invalidUser = (userId: unknown) => !USER_ID_PATTERN.test(String(userId))
const INVALID_USER = fail(400, "The value for the 'userId' parameter is invalid")

const getOfUser: Handler = ({ channel, params }) => {
  if (invalidUser(params.userId)) return INVALID_USER
  const id = channel.userRichMenus.get(String(params.userId))
  return id && channel.richMenus.has(id) ? ok({ richMenuId: id }) : fail(404, 'the user has no richmenu')
}

const link: Handler = ({ emu, channel, params }) => {
  if (invalidUser(params.userId)) return INVALID_USER
  const menu = menuOf(channel, params.richMenuId)
  if (!menu) return fail(404, MENU_NOT_FOUND)
  if (!menu.image) return fail(400, NO_IMAGE)
  channel.userRichMenus.set(String(params.userId), menu.richMenuId)
  notifyMenu(emu.state, channel, String(params.userId))
  return ok({})
}

const unlink: Handler = ({ emu, channel, params }) => {
  if (invalidUser(params.userId)) return INVALID_USER
  channel.userRichMenus.delete(String(params.userId))
  notifyMenu(emu.state, channel, String(params.userId))
  return ok({})
}

const userIdDetails = (userIds: string[]): ErrorDetail[] =>
  userIds.flatMap((id, i) =>
    USER_ID_PATTERN.test(id) ? [] : [{ message: 'must be a valid user ID', property: `userIds[${i}]` }],
  )

const bulkLink: Handler = ({ emu, channel, body }) => {
  const details = userIdDetails(body.userIds)
  if (details.length > 0) return invalidBody(details)
  const menu = menuOf(channel, body.richMenuId)
  if (!menu) return fail(404, MENU_NOT_FOUND)
  if (!menu.image) return fail(400, NO_IMAGE)
  emu.state.later(10, () => {
    for (const userId of body.userIds as string[]) {
      channel.userRichMenus.set(userId, menu.richMenuId)
      notifyMenu(emu.state, channel, userId)
    }
  })
  return ok({}, 202)
}

const bulkUnlink: Handler = ({ emu, channel, body }) => {
  const details = userIdDetails(body.userIds)
  if (details.length > 0) return invalidBody(details)
  emu.state.later(10, () => {
    for (const userId of body.userIds as string[]) {
      channel.userRichMenus.delete(userId)
      notifyMenu(emu.state, channel, userId)
    }
  })
  return ok({}, 202)
}

type Operation = { type: 'link' | 'unlink' | 'unlinkAll'; from?: string; to?: string }

function checkBatch(channel: ChannelState, operations: Operation[]): ErrorDetail[] {
  const details: ErrorDetail[] = []
  operations.forEach((op, i) => {
    if (op.from !== undefined && !channel.richMenus.has(op.from)) {
      details.push({ message: MENU_NOT_FOUND, property: `operations[${i}].from` })
    }
    if (op.to !== undefined) {
      const to = channel.richMenus.get(op.to)
      if (!to) details.push({ message: MENU_NOT_FOUND, property: `operations[${i}].to` })
      else if (!to.image) details.push({ message: NO_IMAGE, property: `operations[${i}].to` })
    }
  })
  return details
}

const batch: Handler = ({ emu, channel, body, requestId }) => {
  const operations = body.operations as Operation[]
  const details = checkBatch(channel, operations)
  if (details.length > 0) return invalidBody(details)
  const record = { phase: 'ongoing' as const, acceptedTime: Date.now(), completedTime: null }
  channel.batches.set(requestId, record)
  emu.state.later(10, () => {
    for (const op of operations) {
      for (const [userId, linked] of [...channel.userRichMenus]) {
        if (op.type === 'unlinkAll' || (op.type === 'unlink' && linked === op.from)) {
          channel.userRichMenus.delete(userId)
        } else if (op.type === 'link' && linked === op.from && op.to) {
          channel.userRichMenus.set(userId, op.to)
        } else continue
        notifyMenu(emu.state, channel, userId)
      }
    }
    channel.batches.set(requestId, { ...record, phase: 'succeeded', completedTime: Date.now() })
  })
  return ok({}, 202)
}

const validateBatch: Handler = ({ channel, body }) => {
  const details = checkBatch(channel, body.operations)
  return details.length > 0 ? invalidBody(details) : ok({})
}

const batchProgress: Handler = ({ channel, params }) => {
  const record = channel.batches.get(String(params.requestId))
  if (!record) return NOT_FOUND
  return ok({
    phase: record.phase,
    acceptedTime: new Date(record.acceptedTime).toISOString(),
    ...(record.completedTime ? { completedTime: new Date(record.completedTime).toISOString() } : {}),
  })
}

const createAlias: Handler = ({ channel, body }) => {
  const menu = menuOf(channel, body.richMenuId)
  if (!menu) return fail(400, MENU_NOT_FOUND)
  if (!menu.image) return fail(400, 'must upload richmenu image before creating an alias')
  if (channel.aliases.has(body.richMenuAliasId)) return fail(400, 'conflict richmenu alias id')
  if (channel.aliases.size >= MAX_ALIASES)
    return fail(400, 'The number of aliases has reached the limit (1000)')
  channel.aliases.set(body.richMenuAliasId, menu.richMenuId)
  return ok({})
}

const updateAlias: Handler = ({ channel, params, body }) => {
  const aliasId = String(params.richMenuAliasId)
  if (!channel.aliases.has(aliasId)) return fail(404, 'richmenu alias not found')
  const menu = menuOf(channel, body.richMenuId)
  if (!menu) return fail(400, MENU_NOT_FOUND)
  if (!menu.image) return fail(400, 'must upload richmenu image before updating an alias')
  channel.aliases.set(aliasId, menu.richMenuId)
  return ok({})
}

const getAlias: Handler = ({ channel, params }) => {
  const richMenuId = channel.aliases.get(String(params.richMenuAliasId))
  return richMenuId
    ? ok({ richMenuAliasId: String(params.richMenuAliasId), richMenuId })
    : fail(404, 'richmenu alias not found')
}

const deleteAlias: Handler = ({ channel, params }) =>
  channel.aliases.delete(String(params.richMenuAliasId)) ? ok({}) : fail(404, 'richmenu alias not found')

const listAliases: Handler = ({ channel }) =>
  ok({
    aliases: [...channel.aliases].map(([richMenuAliasId, richMenuId]) => ({ richMenuAliasId, richMenuId })),
  })

export const richMenuHandlers: Record<string, Handler> = {
  createRichMenu: create,
  validateRichMenuObject: validate,
  getRichMenu: get,
  deleteRichMenu: remove,
  getRichMenuList: list,
  setRichMenuImage: setImage,
  getRichMenuImage: getImage,
  setDefaultRichMenu: setDefault,
  getDefaultRichMenuId: getDefault,
  cancelDefaultRichMenu: cancelDefault,
  getRichMenuIdOfUser: getOfUser,
  linkRichMenuIdToUser: link,
  unlinkRichMenuIdFromUser: unlink,
  linkRichMenuIdToUsers: bulkLink,
  unlinkRichMenuIdFromUsers: bulkUnlink,
  richMenuBatch: batch,
  validateRichMenuBatchRequest: validateBatch,
  getRichMenuBatchProgress: batchProgress,
  createRichMenuAlias: createAlias,
  updateRichMenuAlias: updateAlias,
  getRichMenuAlias: getAlias,
  deleteRichMenuAlias: deleteAlias,
  getRichMenuAliasList: listAliases,
}
