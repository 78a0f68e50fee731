import {
  type BlobStore,
  Conflict,
  type Ctx,
  DomainError,
  Forbidden,
  Invalid,
  NotFound,
  type Permission,
  type RequestInfo,
  type SecretBox,
  type StaffActor,
  type StaffRequestAuth,
  TooManyAttempts,
  Unauthenticated,
} from '@kairan/core'
import type { Db } from '@kairan/db'
import { initTRPC, TRPCError } from '@trpc/server'
import { ZodError } from 'zod'

/** What the admin's request guard hands every procedure (CONVENTIONS C7, C11). */
export type StaffContext = {
  db: Db
  secrets: SecretBox
  /** Where uploaded files live (form uploads), encrypted. */
  storage: BlobStore
  request: RequestInfo
  /** The session token from the cookie (the two-factor steps need it). */
  sessionToken: string | null
  auth: StaffRequestAuth
}

/** Who may call a procedure: any signed-in staff member, or only those holding a permission. */
/** `permission`: any one of `permissions` lets the caller in (most procedures name exactly one). */
export type ProcedureMeta = {
  access: { kind: 'staff' } | { kind: 'permission'; permissions: readonly Permission[] }
}

const t = initTRPC
  .context<StaffContext>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const cause = error.cause
      const fields =
        cause instanceof Invalid
          ? cause.fields
          : cause instanceof ZodError
            ? Object.fromEntries(cause.issues.map((i) => [i.path.join('.'), i.message]))
            : undefined
      return {
        ...shape,
        data: {
          ...shape.data,
          stack: undefined,
          key:
            cause instanceof DomainError
              ? cause.key
              : cause instanceof ZodError
                ? 'errors.invalid_input'
                : undefined,
          params: cause instanceof DomainError ? cause.params : undefined,
          fields,
        },
      }
    },
  })

/** Maps domain errors to tRPC codes once (CONVENTIONS C9). */
export function toTrpcError(error: unknown): unknown {
  if (error instanceof TRPCError) return error
  const code =
    error instanceof Unauthenticated
      ? 'UNAUTHORIZED'
      : error instanceof Forbidden
        ? 'FORBIDDEN'
        : error instanceof NotFound
          ? 'NOT_FOUND'
          : error instanceof Conflict
            ? 'CONFLICT'
            : error instanceof TooManyAttempts
              ? 'TOO_MANY_REQUESTS'
              : error instanceof Invalid || error instanceof ZodError
                ? 'BAD_REQUEST'
                : null
  if (!code) return error
  return new TRPCError({
    code,
    message: error instanceof DomainError ? error.key : 'errors.invalid_input',
    cause: error,
  })
}

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next()
  if (!result.ok) throw toTrpcError(result.error.cause ?? result.error)
  return result
})

export const router = t.router
export const createCallerFactory = t.createCallerFactory

/**
 * A signed-in staff member whose address passes their tenant's allow-list and whose second factor
 * is done (invariant 4). Narrows ctx to a core `Ctx` with a staff actor.
 */
export const staffProcedure = t.procedure
  .use(mapErrors)
  .meta({ access: { kind: 'staff' } })
  .use(({ ctx, next }) => {
    const { auth } = ctx
    if (auth.status === 'ip_denied')
      throw new TRPCError({ code: 'FORBIDDEN', message: 'errors.ip_not_allowed' })
    if (auth.status !== 'ok') throw new TRPCError({ code: 'UNAUTHORIZED', message: 'errors.unauthenticated' })
    const core: Ctx & { actor: StaffActor } = { db: ctx.db, request: ctx.request, actor: auth.actor }
    return next({ ctx: { ...ctx, auth, core } })
  })

/**
 * `staffCan('staff.manage')`: as staffProcedure, and the permission is required. Several
 * permissions mean any one of them (a list both builders and answer readers may see).
 */
export function staffCan(...permissions: [Permission, ...Permission[]]) {
  return staffProcedure.meta({ access: { kind: 'permission', permissions } }).use(({ ctx, next }) => {
    if (!permissions.some((p) => ctx.core.actor.permissions.includes(p))) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'errors.forbidden' })
    }
    return next()
  })
}
