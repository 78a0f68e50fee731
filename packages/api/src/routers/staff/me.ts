import {
  beginTotpSetup,
  changeOwnPassword,
  confirmTotpSetup,
  disableOwnTotp,
  switchChannel,
  switchTenant,
} from '@kairan/core'
import {
  ChangePasswordInput,
  ConfirmTotpSetupInput,
  DisableTotpInput,
  SwitchChannelInput,
  SwitchTenantInput,
} from '@kairan/core/schemas'
import { router, staffProcedure } from '../../trpc.ts'

export const meRouter = router({
  get: staffProcedure.query(({ ctx }) => {
    const { user, tenant, tenants, channel, channels, actor, sessionExpiresAt } = ctx.auth
    return {
      user,
      tenant,
      tenants,
      channel,
      channels,
      role: actor.role,
      permissions: actor.permissions,
      sessionExpiresAt,
    }
  }),
  switchTenant: staffProcedure
    .input(SwitchTenantInput)
    .mutation(({ ctx, input }) => switchTenant({ ctx: ctx.core, input })),
  switchChannel: staffProcedure
    .input(SwitchChannelInput)
    .mutation(({ ctx, input }) => switchChannel({ ctx: ctx.core, input })),
  changePassword: staffProcedure
    .input(ChangePasswordInput)
    .mutation(({ ctx, input }) => changeOwnPassword({ ctx: ctx.core, input })),
  beginTotpSetup: staffProcedure.mutation(({ ctx }) => beginTotpSetup(ctx.secrets, ctx.core.actor.email)),
  confirmTotpSetup: staffProcedure.input(ConfirmTotpSetupInput).mutation(({ ctx, input }) =>
    confirmTotpSetup({
      db: ctx.db,
      secrets: ctx.secrets,
      request: ctx.request,
      token: ctx.sessionToken ?? '',
      input,
    }),
  ),
  disableTotp: staffProcedure
    .input(DisableTotpInput)
    .mutation(({ ctx, input }) => disableOwnTotp({ ctx: ctx.core, input })),
})
