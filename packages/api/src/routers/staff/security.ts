import { getAllowlist, getSecuritySettings, saveAllowlist, updateSecuritySettings } from '@kairan/core'
import { SaveAllowlistInput, SecuritySettingsInput } from '@kairan/core/schemas'
import { router, staffCan } from '../../trpc.ts'

const manage = staffCan('security.manage')

export const securityRouter = router({
  getAllowlist: manage.query(({ ctx }) => getAllowlist({ ctx: ctx.core })),
  saveAllowlist: manage
    .input(SaveAllowlistInput)
    .mutation(({ ctx, input }) => saveAllowlist({ ctx: ctx.core, input })),
  getSettings: manage.query(({ ctx }) => getSecuritySettings({ ctx: ctx.core })),
  updateSettings: manage
    .input(SecuritySettingsInput)
    .mutation(({ ctx, input }) => updateSecuritySettings({ ctx: ctx.core, input })),
})
