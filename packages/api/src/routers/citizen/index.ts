import { getMyProfile, setMyLanguage, signInCitizen } from '@kairan/core'
import { SetMyLanguageInput } from '@kairan/core/schemas'
import { z } from 'zod'
import { citizenProcedure, citizenRouterFactory, publicCitizenProcedure } from '../../citizen-trpc.ts'
import { citizenFormsRouter } from './forms.ts'
import { citizenMySettingsRouter } from './my-settings.ts'

/** The LIFF pages' API. Every procedure but sign-in needs a resident's session for the page's channel. */
export const citizenRouter = citizenRouterFactory({
  session: citizenRouterFactory({
    /** The ID token from `liff.getIDToken()`, verified with LINE; returns the session token for the cookie. */
    signIn: publicCitizenProcedure
      .input(z.object({ idToken: z.string().min(10).max(4096) }))
      .mutation(({ ctx, input }) =>
        signInCitizen({
          db: ctx.db,
          secrets: ctx.secrets,
          input: { channelId: ctx.channelId, idToken: input.idToken },
        }),
      ),
  }),
  me: citizenRouterFactory({
    get: citizenProcedure.query(({ ctx }) => getMyProfile({ ctx: ctx.core })),
    setLanguage: citizenProcedure
      .input(SetMyLanguageInput)
      .mutation(({ ctx, input }) => setMyLanguage({ ctx: ctx.core, input })),
  }),
  forms: citizenFormsRouter,
  mySettings: citizenMySettingsRouter,
})
export type CitizenRouter = typeof citizenRouter
