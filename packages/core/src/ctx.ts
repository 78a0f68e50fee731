import type { Db } from '@kairan/db'
import type { Logger } from 'pino'
import { Forbidden, Unauthenticated } from './errors.ts'
import type { Permission, Role } from './permissions.ts'

/** Who is acting (CONVENTIONS C7). Verbs decide from this, never from a raw session. */
export type StaffActor = {
  type: 'staff'
  userId: string
  email: string
  tenantId: string
  membershipId: string
  role: Role
  permissions: readonly Permission[]
  sessionId: string
}
export type SystemActor = { type: 'system'; job: string }
/** A resident signed in on a LIFF page with a verified LINE ID token. */
export type CitizenActor = {
  type: 'citizen'
  citizenId: string
  tenantId: string
  channelId: string
  sessionId: string
}
export type Actor = StaffActor | SystemActor | CitizenActor

/** Where a request came from, for the access log and the IP allow-list. */
export type RequestInfo = { ip: string | null; userAgent: string | null }

export type Ctx = {
  db: Db
  actor: Actor
  request: RequestInfo
  log?: Logger
}

export type StaffCtx = Ctx & { actor: StaffActor }

export function requireStaff(ctx: Ctx): asserts ctx is StaffCtx {
  if (ctx.actor.type !== 'staff') throw new Unauthenticated('errors.unauthenticated')
}

export type CitizenCtx = Ctx & { actor: CitizenActor }

export function requireCitizen(ctx: Ctx): asserts ctx is CitizenCtx {
  if (ctx.actor.type !== 'citizen') throw new Unauthenticated('errors.unauthenticated')
}

export function requirePermission(ctx: Ctx, permission: Permission): asserts ctx is StaffCtx {
  requireStaff(ctx)
  if (!ctx.actor.permissions.includes(permission)) {
    throw new Forbidden('errors.forbidden', { permission })
  }
}

/** As `requirePermission`, for verbs any one of several permissions may call. */
export function requireAnyPermission(
  ctx: Ctx,
  permissions: readonly [Permission, ...Permission[]],
): asserts ctx is StaffCtx {
  requireStaff(ctx)
  const { actor } = ctx
  if (!permissions.some((p) => actor.permissions.includes(p))) {
    throw new Forbidden('errors.forbidden', { permission: permissions.join(' | ') })
  }
}

export function hasPermission(ctx: Ctx, permission: Permission): boolean {
  return ctx.actor.type === 'staff' && ctx.actor.permissions.includes(permission)
}
