import { router } from '../../trpc.ts'

/** Form builder: forms, drafts, publishing, schedule and links (FORM-1, FORM-5, FORM-7). */
export const formsRouter = router({})
