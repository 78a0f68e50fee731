import { getDeliverySettings, updateDeliverySettings } from '@kairan/core'
import { DeliverySettingsInput, UpdateDeliverySettingsInput } from '@kairan/core/schemas'
import { router, staffCan } from '../../trpc.ts'

/** 友だち追加時の案内 (SEG-1, SEG-2) and the confirmation threshold of big sends (SEG-8). */
export const onboardingRouter = router({
  /** Delivery composers read the confirmation threshold. */
  get: staffCan('segments.manage', 'deliveries.manage')
    .input(DeliverySettingsInput)
    .query(({ ctx, input }) => getDeliverySettings({ ctx: ctx.core, input })),
  update: staffCan('segments.manage')
    .input(UpdateDeliverySettingsInput)
    .mutation(({ ctx, input }) => updateDeliverySettings({ ctx: ctx.core, input })),
})
