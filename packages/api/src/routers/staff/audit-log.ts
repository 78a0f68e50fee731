import { accessLogFacets, exportAccessLogsCsv, listAccessLogs } from '@kairan/core'
import { AccessLogFilterInput } from '@kairan/core/schemas'
import { z } from 'zod'
import { router, staffCan } from '../../trpc.ts'

const read = staffCan('audit.read')

export const auditLogRouter = router({
  list: read.input(AccessLogFilterInput).query(({ ctx, input }) => listAccessLogs({ ctx: ctx.core, input })),
  facets: read.query(({ ctx }) => accessLogFacets({ ctx: ctx.core })),
  /** CSV text (UTF-8 BOM); column titles come in the staff's language. The export is logged. */
  exportCsv: read
    .input(
      z.object({
        filters: AccessLogFilterInput,
        header: z.tuple([
          z.string(),
          z.string(),
          z.string(),
          z.string(),
          z.string(),
          z.string(),
          z.string(),
          z.string(),
        ]),
      }),
    )
    .mutation(({ ctx, input }) =>
      exportAccessLogsCsv({ ctx: ctx.core, input: input.filters, header: input.header }),
    ),
})
