import { createCitizenCaller } from '@kairan/api'
import { Conflict, DomainError, Invalid, type MyProfile, NotFound, Unauthenticated } from '@kairan/core'
import type { AppLoadContext } from '@remix-run/node'
import { TRPCError } from '@trpc/server'
import { ZodError } from 'zod'
import type { LiffChannel } from '../../server/channels.ts'

/** The error keys resident pages translate (`errors.*` in @kairan/i18n's resident messages). */
export const RESIDENT_ERROR_KEYS = [
  'errors.liff_token_invalid',
  'errors.liff_not_configured',
  'errors.unauthenticated',
  'errors.not_found',
  'errors.invalid_input',
  'errors.internal',
  'errors.form_not_found',
  'errors.form_not_open',
  'errors.form_closed',
  'errors.form_limit_reached',
  'errors.form_invalid_answers',
  'errors.form_response_not_editable',
  'errors.upload_too_large',
  'errors.upload_type_not_allowed',
  'errors.upload_not_found',
  'errors.too_many_attempts',
] as const
export type ResidentErrorKey = (typeof RESIDENT_ERROR_KEYS)[number]

/** What an action answers when it refuses: the message key for the page and the HTTP status. */
export type ActionFailure = { ok: false; key: ResidentErrorKey; status: number }

/** The channel of the URL, or a 404 (unknown channel, or one the guard did not resolve). */
export function requireChannel(context: AppLoadContext, params: { channelId?: string }): LiffChannel {
  const { channel } = context
  if (!channel || channel.id !== params.channelId) throw new Response(null, { status: 404 })
  return channel
}

/** The tRPC citizen router called in-process for this request's channel and resident (CONVENTIONS C12). */
export function citizenCaller(context: AppLoadContext, channel: LiffChannel) {
  return createCitizenCaller({
    db: context.db,
    secrets: context.secrets,
    storage: context.storage,
    request: { ip: context.clientIp, userAgent: context.userAgent },
    channelId: channel.id,
    actor: context.citizen,
  })
}

// Root and layout loaders both need the profile (language, name): one query per request.
const profiles = new WeakMap<AppLoadContext, Promise<MyProfile | null>>()

/**
 * The signed-in resident's profile, or null when nobody is signed in (or the session's resident
 * is gone). Fetched once per request: every loader of a request shares one context object.
 */
export function myProfile(context: AppLoadContext): Promise<MyProfile | null> {
  const { channel, citizen } = context
  if (!channel || !citizen) return Promise.resolve(null)
  let profile = profiles.get(context)
  if (!profile) {
    profile = citizenCaller(context, channel)
      .me.get()
      .catch((error: unknown) => {
        const code = error instanceof TRPCError ? error.code : null
        if (code === 'UNAUTHORIZED' || code === 'NOT_FOUND') return null
        throw error
      })
    profiles.set(context, profile)
  }
  return profile
}

function statusOf(error: DomainError): number {
  if (error instanceof Unauthenticated) return 401
  if (error instanceof NotFound) return 404
  if (error instanceof Conflict) return 409
  return 400
}

function keyFor(key: string | undefined, status: number): ResidentErrorKey {
  if (key && (RESIDENT_ERROR_KEYS as readonly string[]).includes(key)) return key as ResidentErrorKey
  if (status === 401) return 'errors.unauthenticated'
  if (status === 404) return 'errors.not_found'
  if (status >= 400 && status < 500) return 'errors.invalid_input'
  return 'errors.internal'
}

/**
 * An action's refusal for the page to show: domain errors and invalid input keep their key and
 * get their status; anything else (LINE unreachable, a bug) is logged and shown as `errors.internal`.
 */
export function toActionFailure(error: unknown, context: AppLoadContext): ActionFailure {
  const cause = error instanceof TRPCError ? (error.cause ?? error) : error
  if (cause instanceof ZodError) return { ok: false, key: 'errors.invalid_input', status: 400 }
  if (cause instanceof DomainError) {
    const status = cause instanceof Invalid ? 400 : statusOf(cause)
    return { ok: false, key: keyFor(cause.key, status), status }
  }
  if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') {
    const status =
      error.code === 'UNAUTHORIZED'
        ? 401
        : error.code === 'NOT_FOUND'
          ? 404
          : error.code === 'CONFLICT'
            ? 409
            : 400
    return { ok: false, key: keyFor(error.message, status), status }
  }
  context.log.error({ err: error }, 'resident action failed')
  return { ok: false, key: 'errors.internal', status: 500 }
}

/** An action's refusal as its response (JSON, with the status). */
export function failureResponse(failure: ActionFailure, headers?: HeadersInit): Response {
  return Response.json(failure, { status: failure.status, headers })
}
