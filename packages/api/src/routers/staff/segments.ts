import {
  archiveSegment,
  countSegment,
  createSegment,
  getSegment,
  listSegments,
  updateSegment,
} from '@kairan/core'
import {
  CountSegmentInput,
  CreateSegmentInput,
  ListSegmentsInput,
  SegmentIdInput,
  UpdateSegmentInput,
} from '@kairan/core/schemas'
import { router, staffCan } from '../../trpc.ts'

const manage = staffCan('segments.manage')
/** Delivery composers pick segments and see their counts. */
const read = staffCan('segments.manage', 'deliveries.manage')

/** Saved segments (SEG-6) and the builder's live count. */
export const segmentsRouter = router({
  list: read.input(ListSegmentsInput).query(({ ctx, input }) => listSegments({ ctx: ctx.core, input })),
  get: read.input(SegmentIdInput).query(({ ctx, input }) => getSegment({ ctx: ctx.core, input })),
  count: read.input(CountSegmentInput).query(({ ctx, input }) => countSegment({ ctx: ctx.core, input })),
  create: manage
    .input(CreateSegmentInput)
    .mutation(({ ctx, input }) => createSegment({ ctx: ctx.core, input })),
  update: manage
    .input(UpdateSegmentInput)
    .mutation(({ ctx, input }) => updateSegment({ ctx: ctx.core, input })),
  archive: manage
    .input(SegmentIdInput)
    .mutation(({ ctx, input }) => archiveSegment({ ctx: ctx.core, input })),
})
