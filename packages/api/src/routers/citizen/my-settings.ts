import { getMySettings, updateMySettings } from '@kairan/core'
import { UpdateMySettingsInput } from '@kairan/core/schemas'
import { citizenProcedure, citizenRouterFactory } from '../../citizen-trpc.ts'

/** My settings on the LIFF pages: the resident's own attributes (district, interests…). */
export const citizenMySettingsRouter = citizenRouterFactory({
  get: citizenProcedure.query(({ ctx }) => getMySettings({ ctx: ctx.core })),
  update: citizenProcedure
    .input(UpdateMySettingsInput)
    .mutation(({ ctx, input }) => updateMySettings({ ctx: ctx.core, input })),
})
