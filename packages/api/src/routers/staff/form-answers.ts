import { router } from '../../trpc.ts'

/** Answers of forms: table, detail, statistics and exports (FORM-2, SEC-5). */
export const formAnswersRouter = router({})
