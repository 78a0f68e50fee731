import { createStaffCaller } from '@kairan/api'
import {
  Conflict,
  DomainError,
  Forbidden,
  Invalid,
  NotFound,
  type Permission,
  SESSION_TTL_MS,
  type StaffRequestAuth,
  TooManyAttempts,
  Unauthenticated,
} from '@kairan/core'
import { type AppLoadContext, redirect } from '@remix-run/node'
import { TRPCError } from '@trpc/server'
import { ZodError } from 'zod'
import type { ActionError } from '../lib/action-result.ts'

export type SignedIn = Extract<StaffRequestAuth, { status: 'ok' }>

/**
 * For loaders and actions of staff pages: the signed-in staff member, or a redirect to sign in
 * (keeping where they wanted to go) or to the second sign-in step.
 */
export function requireSignedIn(context: AppLoadContext, request: Request): SignedIn {
  const { auth } = context
  if (auth.status === 'ok') return auth
  if (auth.status === 'two_factor') throw redirect('/login/two-factor')
  const url = new URL(request.url)
  const back = `${url.pathname}${url.search}`
  throw redirect(back === '/' ? '/login' : `/login?redirectTo=${encodeURIComponent(back)}`)
}

/** The tRPC staff router called in-process with this request's actor (CONVENTIONS C12). */
export function staffCaller(context: AppLoadContext) {
  return createStaffCaller({
    db: context.db,
    secrets: context.secrets,
    storage: context.storage,
    request: { ip: context.clientIp, userAgent: context.userAgent },
    sessionToken: context.sessionToken,
    auth: context.auth,
  })
}

/** A loader's refusal as the HTTP status the error boundary shows. */
export function throwAsResponse(error: unknown): never {
  if (error instanceof TRPCError) {
    const status =
      error.code === 'NOT_FOUND'
        ? 404
        : error.code === 'FORBIDDEN'
          ? 403
          : error.code === 'UNAUTHORIZED'
            ? 401
            : 500
    if (status !== 500) throw new Response(null, { status })
  }
  throw error
}

/** The HTTP status of a domain refusal, decided once for every action. */
function statusOf(error: DomainError): number {
  if (error instanceof Unauthenticated) return 401
  if (error instanceof Forbidden) return 403
  if (error instanceof NotFound) return 404
  if (error instanceof Conflict) return 409
  if (error instanceof TooManyAttempts) return 429
  return 400
}

/**
 * Turns an expected refusal (domain error, invalid input, tRPC code) into the error an action
 * returns to its form; anything else is a real failure and propagates to the error boundary.
 */
export function toActionError(error: unknown): ActionError {
  const cause = error instanceof TRPCError ? (error.cause ?? error) : error
  if (cause instanceof ZodError) {
    return {
      ok: false,
      status: 400,
      key: 'errors.invalid_input',
      fields: Object.fromEntries(cause.issues.map((i) => [i.path.join('.'), i.message])),
    }
  }
  if (cause instanceof DomainError) {
    return {
      ok: false,
      status: statusOf(cause),
      key: cause.key,
      params: cause.params,
      fields: cause instanceof Invalid ? cause.fields : undefined,
    }
  }
  if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') {
    return {
      ok: false,
      status: error.code === 'UNAUTHORIZED' ? 401 : error.code === 'BAD_REQUEST' ? 400 : 403,
      key: error.message.startsWith('errors.') ? error.message : 'errors.forbidden',
    }
  }
  throw error
}

/** An action's answer to its form: 200 with the data, or the refusal with its own status. */
export function actionResponse<T extends { ok: boolean }>(
  result: T & ({ ok: true } | ActionError),
): Response {
  return Response.json(result, { status: result.ok ? 200 : (result as ActionError).status })
}

/**
 * A JSON-posting form's whole action: signed in, the body as input, one staff-router call, and
 * the result (or refusal) as the response.
 */
export async function jsonAction<T>(
  args: { context: AppLoadContext; request: Request },
  call: (caller: ReturnType<typeof staffCaller>, input: unknown) => Promise<T>,
) {
  requireSignedIn(args.context, args.request)
  const input: unknown = await args.request.json()
  return runAction(() => call(staffCaller(args.context), input))
}

/** Runs a mutation for an action: `{ ok: true, data }` or the refusal for the form to show. */
export async function runAction<T>(work: () => Promise<T>) {
  try {
    return { ok: true as const, data: await work() }
  } catch (error) {
    return toActionError(error)
  }
}

const SESSION_COOKIE_NAME = 'kairan_session'

/** httpOnly, SameSite=Lax, Secure in production: the session token never reaches scripts. */
export function sessionCookie(token: string, context: AppLoadContext): string {
  const attributes = [
    `${SESSION_COOKIE_NAME}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.floor(SESSION_TTL_MS / 1000)}`,
  ]
  if (context.isCookieSecure) attributes.push('Secure')
  return attributes.join('; ')
}

export function clearSessionCookie(context: AppLoadContext): string {
  const attributes = [`${SESSION_COOKIE_NAME}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0']
  if (context.isCookieSecure) attributes.push('Secure')
  return attributes.join('; ')
}

/** Remembers the last tenant on this browser, so sign-in opens it again (not a secret). */
export const LAST_TENANT_COOKIE = 'kairan_last_tenant'

/**
 * For pages with no data to load: a 403 page up front for those lacking the permission. The
 * procedures behind the page check it again (tRPC middleware, invariant 4).
 */
export function requirePagePermission(auth: SignedIn, permission: Permission): void {
  if (!auth.actor.permissions.includes(permission)) throw new Response(null, { status: 403 })
}
