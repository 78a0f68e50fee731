import { createCitizenCallerFactory } from './citizen-trpc.ts'
import { citizenRouter } from './routers/citizen/index.ts'
import { staffRouter } from './routers/staff/index.ts'
import { createCallerFactory } from './trpc.ts'

export type { CitizenContext, CitizenProcedureMeta } from './citizen-trpc.ts'
export { type CitizenRouter, citizenRouter } from './routers/citizen/index.ts'
export { type StaffRouter, staffRouter } from './routers/staff/index.ts'
export type { ProcedureMeta, StaffContext } from './trpc.ts'

/** Server-side calls from Remix loaders and actions (CONVENTIONS C12). */
export const createStaffCaller = createCallerFactory(staffRouter)
/** The LIFF app's server-side calls. */
export const createCitizenCaller = createCitizenCallerFactory(citizenRouter)
