import type { CitizenActor, Ctx } from '@kairan/core'
import { Invalid } from '@kairan/core'
import {
  createResidentTranslator,
  type ResidentLanguage,
  residentHtmlLang,
  residentMessages,
  stripFurigana,
} from '@kairan/i18n'
import type { AppLoadContext } from '@remix-run/node'
import { TRPCError } from '@trpc/server'
import type { LiffChannel } from '../../server/channels.ts'
import { type ActionFailure, requireChannel, toActionFailure } from './citizen.server.ts'

/** City staff and residents alike think in Japan's local time. */
const TIME_ZONE = 'Asia/Tokyo'

/** A date and time for residents, in their language and Japan's time ("2025年6月30日 17:00"). */
export function formatDateTime(value: Date | string, language: ResidentLanguage): string {
  const date = typeof value === 'string' ? new Date(value) : value
  return new Intl.DateTimeFormat(residentHtmlLang(language), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(date)
}

/** A resident message as plain text (no furigana mark-up), for JSON answers. */
export function plainMessage(language: ResidentLanguage, key: string): string {
  return stripFurigana(createResidentTranslator(language, residentMessages[language])(key))
}

/**
 * The core context of a resource route (uploads, files) that calls core directly rather than
 * through tRPC, because its body is a file, not JSON. The same resident and request as tRPC's.
 */
export function citizenCoreCtx(
  context: AppLoadContext,
  citizen: CitizenActor,
): Ctx & { actor: CitizenActor } {
  return {
    db: context.db,
    actor: citizen,
    request: { ip: context.clientIp, userAgent: context.userAgent },
    log: context.log,
  }
}

/** The channel and the signed-in resident of a resource route, or null when nobody is signed in. */
export function requireResident(
  context: AppLoadContext,
  params: { channelId?: string },
): { channel: LiffChannel; citizen: CitizenActor | null } {
  const channel = requireChannel(context, params)
  const { citizen } = context
  return { channel, citizen: citizen && citizen.channelId === channel.id ? citizen : null }
}

/** A refusal with its field errors (question id → message in the resident's language), if any. */
export type FormFailure = ActionFailure & { fields?: Record<string, string> }

/** As `toActionFailure`, keeping the server's per-question messages of a refused submission. */
export function toFormFailure(error: unknown, context: AppLoadContext): FormFailure {
  const failure = toActionFailure(error, context)
  const cause = error instanceof TRPCError ? error.cause : error
  if (cause instanceof Invalid && Object.keys(cause.fields).length > 0) {
    return { ...failure, fields: cause.fields }
  }
  return failure
}

/** A JSON error of the upload and file routes: `{ error: { key, message } }` in the resident's language. */
export function jsonError(
  status: number,
  key: string,
  language: ResidentLanguage,
  headers?: HeadersInit,
): Response {
  return Response.json(
    { error: { key, message: plainMessage(language, key) } },
    { status, headers: { 'Cache-Control': 'no-store', ...Object.fromEntries(new Headers(headers)) } },
  )
}

/** One byte range of `Range: bytes=a-b` (also `a-` and `-n`), or null when absent or not satisfiable. */
export function byteRange(
  header: string | null,
  size: number,
): { start: number; end: number } | 'invalid' | null {
  if (!header) return null
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return 'invalid'
  let start: number
  let end: number
  if (match[1] === '') {
    const suffix = Number(match[2])
    if (suffix === 0) return 'invalid'
    start = Math.max(0, size - suffix)
    end = size - 1
  } else {
    start = Number(match[1])
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  }
  if (start > end || start >= size) return 'invalid'
  return { start, end }
}
