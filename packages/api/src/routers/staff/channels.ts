import {
  addTestDevice,
  checkChannelConnection,
  getChannelSettings,
  listChannelSettings,
  listTestDevices,
  removeTestDevice,
  updateChannelCredentials,
} from '@kairan/core'
import {
  AddTestDeviceInput,
  ChannelIdInput,
  TestDeviceIdInput,
  UpdateChannelCredentialsInput,
} from '@kairan/core/schemas'
import { router, staffCan } from '../../trpc.ts'

const manage = staffCan('channels.manage')
const devices = staffCan('test_devices.manage')

/** LINE credentials of the tenant's channels (write-only secrets) and their test devices. */
export const channelsRouter = router({
  list: manage.query(({ ctx }) => listChannelSettings({ ctx: ctx.core, secrets: ctx.secrets })),
  get: manage
    .input(ChannelIdInput)
    .query(({ ctx, input }) => getChannelSettings({ ctx: ctx.core, secrets: ctx.secrets, input })),
  updateCredentials: manage
    .input(UpdateChannelCredentialsInput)
    .mutation(({ ctx, input }) => updateChannelCredentials({ ctx: ctx.core, secrets: ctx.secrets, input })),
  checkConnection: manage
    .input(ChannelIdInput)
    .mutation(({ ctx, input }) => checkChannelConnection({ ctx: ctx.core, secrets: ctx.secrets, input })),
  testDevices: devices
    .input(ChannelIdInput)
    .query(({ ctx, input }) => listTestDevices({ ctx: ctx.core, input })),
  addTestDevice: devices
    .input(AddTestDeviceInput)
    .mutation(({ ctx, input }) => addTestDevice({ ctx: ctx.core, input })),
  removeTestDevice: devices
    .input(TestDeviceIdInput)
    .mutation(({ ctx, input }) => removeTestDevice({ ctx: ctx.core, input })),
})
