import type { Tx } from '@kairan/db'
import type { Ctx } from '../ctx.ts'

/** Runs a verb's writes and its access-log row in one transaction (CONVENTIONS C6). */
export function withTransaction<T>(ctx: Ctx, work: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.db.transaction(work)
}
