import {
  createStaff,
  getStaff,
  listStaff,
  resetStaffPassword,
  resetStaffTwoFactor,
  setStaffDisabled,
  updateStaff,
} from '@kairan/core'
import {
  CreateStaffInput,
  ListStaffInput,
  ResetStaffPasswordInput,
  SetStaffDisabledInput,
  StaffIdInput,
  UpdateStaffInput,
} from '@kairan/core/schemas'
import { router, staffCan } from '../../trpc.ts'

const manage = staffCan('staff.manage')

export const staffMembersRouter = router({
  list: manage.input(ListStaffInput).query(({ ctx, input }) => listStaff({ ctx: ctx.core, input })),
  get: manage.input(StaffIdInput).query(({ ctx, input }) => getStaff({ ctx: ctx.core, input })),
  create: manage.input(CreateStaffInput).mutation(({ ctx, input }) => createStaff({ ctx: ctx.core, input })),
  update: manage.input(UpdateStaffInput).mutation(({ ctx, input }) => updateStaff({ ctx: ctx.core, input })),
  setDisabled: manage
    .input(SetStaffDisabledInput)
    .mutation(({ ctx, input }) => setStaffDisabled({ ctx: ctx.core, input })),
  resetPassword: manage
    .input(ResetStaffPasswordInput)
    .mutation(({ ctx, input }) => resetStaffPassword({ ctx: ctx.core, input })),
  resetTwoFactor: manage
    .input(StaffIdInput)
    .mutation(({ ctx, input }) => resetStaffTwoFactor({ ctx: ctx.core, input })),
})
