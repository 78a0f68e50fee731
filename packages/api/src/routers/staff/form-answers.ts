import {
  ExportFormResponsesInput,
  exportFormResponses,
  FormResponseIdInput,
  FormResponseStatsInput,
  formResponseStats,
  getFormResponse,
  ListFormResponsesInput,
  listFormResponses,
  readFormUpload,
} from '@kairan/core'
import { UploadIdInput } from '@kairan/core/schemas'
import { router, staffCan } from '../../trpc.ts'

const read = staffCan('form_answers.read')

/**
 * Answers of forms: table, detail, statistics and exports (FORM-2). Answers are sealed at rest
 * (SEC-2) and opened in core; listing, viewing, files and exports are access-logged (SEC-5).
 */
export const formAnswersRouter = router({
  list: read
    .input(ListFormResponsesInput)
    .query(({ ctx, input }) => listFormResponses({ ctx: ctx.core, secrets: ctx.secrets, input })),
  get: read
    .input(FormResponseIdInput)
    .query(({ ctx, input }) => getFormResponse({ ctx: ctx.core, secrets: ctx.secrets, input })),
  stats: read
    .input(FormResponseStatsInput)
    .query(({ ctx, input }) => formResponseStats({ ctx: ctx.core, secrets: ctx.secrets, input })),
  /** The CSV or .xlsx file as bytes (server-side callers only: the admin's download route). */
  export: staffCan('form_answers.export')
    .input(ExportFormResponsesInput)
    .mutation(({ ctx, input }) => exportFormResponses({ ctx: ctx.core, secrets: ctx.secrets, input })),
  /** An uploaded image or video, decrypted (server-side callers only: the admin's media route). */
  file: read
    .input(UploadIdInput)
    .query(({ ctx, input }) =>
      readFormUpload({ ctx: ctx.core, secrets: ctx.secrets, storage: ctx.storage, input }),
    ),
})
