import { staffRouter } from './routers/staff/index.ts'
import { createCallerFactory } from './trpc.ts'

export { type StaffRouter, staffRouter } from './routers/staff/index.ts'
export type { ProcedureMeta, StaffContext } from './trpc.ts'

/** Server-side calls from Remix loaders and actions (CONVENTIONS C12). */
export const createStaffCaller = createCallerFactory(staffRouter)
