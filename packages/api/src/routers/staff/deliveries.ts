import {
  AggregationBudgetInput,
  aggregationBudget,
  CreateDeliveryInput,
  CreateSeriesInput,
  cancelDelivery,
  createDelivery,
  createSeries,
  DeliveryIdInput,
  deleteDraft,
  duplicateDelivery,
  ExportDeliveriesInput,
  exportDeliveries,
  getDelivery,
  getSeries,
  ListDeliveriesInput,
  ListSeriesInput,
  listDeliveries,
  listSeries,
  PreviewRecipientsInput,
  previewDeliveryRecipients,
  ScheduleDeliveryInput,
  scheduleDelivery,
  sendTestDelivery,
  stopSeries,
  UpdateDeliveryInput,
  UpdateSeriesInput,
  updateDelivery,
  updateSeries,
} from '@kairan/core'
import { router, staffCan } from '../../trpc.ts'

const manage = staffCan('deliveries.manage')

/**
 * Message deliveries (SEG-7…SEG-11): compose, test, schedule, cancel, history, recurring series.
 * Image uploads are an admin resource route calling core's `uploadDeliveryImage` (multipart).
 */
export const deliveriesRouter = router({
  list: manage.input(ListDeliveriesInput).query(({ ctx, input }) => listDeliveries({ ctx: ctx.core, input })),
  get: manage.input(DeliveryIdInput).query(({ ctx, input }) => getDelivery({ ctx: ctx.core, input })),
  create: manage
    .input(CreateDeliveryInput)
    .mutation(({ ctx, input }) => createDelivery({ ctx: ctx.core, input })),
  update: manage
    .input(UpdateDeliveryInput)
    .mutation(({ ctx, input }) => updateDelivery({ ctx: ctx.core, input })),
  previewRecipients: manage
    .input(PreviewRecipientsInput)
    .query(({ ctx, input }) => previewDeliveryRecipients({ ctx: ctx.core, input })),
  schedule: manage
    .input(ScheduleDeliveryInput)
    .mutation(({ ctx, input }) => scheduleDelivery({ ctx: ctx.core, input })),
  cancel: manage
    .input(DeliveryIdInput)
    .mutation(({ ctx, input }) => cancelDelivery({ ctx: ctx.core, input })),
  sendTest: manage
    .input(DeliveryIdInput)
    .mutation(({ ctx, input }) => sendTestDelivery({ ctx: ctx.core, input })),
  duplicate: manage
    .input(DeliveryIdInput)
    .mutation(({ ctx, input }) => duplicateDelivery({ ctx: ctx.core, input })),
  deleteDraft: manage
    .input(DeliveryIdInput)
    .mutation(({ ctx, input }) => deleteDraft({ ctx: ctx.core, input })),
  /** Aggregation units used this month (LINE allows 1,000): the composer warns when nearly spent. */
  budget: manage
    .input(AggregationBudgetInput)
    .query(({ ctx, input }) => aggregationBudget({ ctx: ctx.core, secrets: ctx.secrets, input })),
  /** The CSV or .xlsx file as bytes (server-side callers only: the admin's download route). */
  export: staffCan('deliveries.export')
    .input(ExportDeliveriesInput)
    .mutation(({ ctx, input }) => exportDeliveries({ ctx: ctx.core, input })),
  series: router({
    list: manage.input(ListSeriesInput).query(({ ctx, input }) => listSeries({ ctx: ctx.core, input })),
    get: manage.input(DeliveryIdInput).query(({ ctx, input }) => getSeries({ ctx: ctx.core, input })),
    create: manage
      .input(CreateSeriesInput)
      .mutation(({ ctx, input }) => createSeries({ ctx: ctx.core, input })),
    update: manage
      .input(UpdateSeriesInput)
      .mutation(({ ctx, input }) => updateSeries({ ctx: ctx.core, input })),
    stop: manage.input(DeliveryIdInput).mutation(({ ctx, input }) => stopSeries({ ctx: ctx.core, input })),
  }),
})
