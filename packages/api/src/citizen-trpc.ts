import {
  type BlobStore,
  type CitizenActor,
  type Ctx,
  DomainError,
  Invalid,
  type RequestInfo,
  type SecretBox,
} from '@kairan/core'
import type { Db } from '@kairan/db'
import { initTRPC, TRPCError } from '@trpc/server'
import { ZodError } from 'zod'
import { toTrpcError } from './trpc.ts'

/** What the LIFF app hands every citizen procedure: the channel of the page and, if signed in, who. */
export type CitizenContext = {
  db: Db
  secrets: SecretBox
  /** Where uploaded files live (form uploads), encrypted. */
  storage: BlobStore
  request: RequestInfo
  /** The channel whose LIFF page made the call (from the URL). */
  channelId: string
  /** The resident of a valid LIFF session for that channel, or null. */
  actor: CitizenActor | null
}

/** Who may call a citizen procedure: anyone (sign-in) or a signed-in resident. */
export type CitizenProcedureMeta = { access: 'public' | 'citizen' }

const t = initTRPC
  .context<CitizenContext>()
  .meta<CitizenProcedureMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const cause = error.cause
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
          // A form's answers are refused per question, with messages already in the resident's language.
          fields: cause instanceof Invalid ? cause.fields : undefined,
        },
      }
    },
  })

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next()
  if (!result.ok) throw toTrpcError(result.error.cause ?? result.error)
  return result
})

export const citizenRouterFactory = t.router
export const createCitizenCallerFactory = t.createCallerFactory

/** Anyone who can open the LIFF page (signing in). */
export const publicCitizenProcedure = t.procedure.use(mapErrors).meta({ access: 'public' })

/** A resident signed in on this channel's LIFF pages; narrows ctx to a core `Ctx` with them as actor. */
export const citizenProcedure = t.procedure
  .use(mapErrors)
  .meta({ access: 'citizen' })
  .use(({ ctx, next }) => {
    if (!ctx.actor || ctx.actor.channelId !== ctx.channelId) {
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'errors.unauthenticated' })
    }
    const core: Ctx & { actor: CitizenActor } = { db: ctx.db, request: ctx.request, actor: ctx.actor }
    return next({ ctx: { ...ctx, core } })
  })
