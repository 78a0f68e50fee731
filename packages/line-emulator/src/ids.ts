// LINE-shaped identifiers.

import { randomBytes, randomUUID } from 'node:crypto'

export const USER_ID_PATTERN = /^U[0-9a-f]{32}$/
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const newRequestId = (): string => randomUUID()

export const newUserId = (): string => `U${randomBytes(16).toString('hex')}`

export const newRichMenuId = (): string => `richmenu-${randomBytes(16).toString('hex')}`

/** Opaque tokens (reply tokens, quote tokens, mark-as-read tokens). */
export const newToken = (bytes = 24): string => randomBytes(bytes).toString('base64url')

let messageCounter = 0
const messageBase = Date.now() * 1000

/** Message IDs are digits, increasing. */
export const newMessageId = (): string => String(messageBase + ++messageCounter)

let audienceCounter = 0
const audienceBase = Math.floor(Date.now() / 1000) * 1000

export const newAudienceGroupId = (): number => audienceBase + ++audienceCounter
