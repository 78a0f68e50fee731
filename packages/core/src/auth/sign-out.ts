import type { Db } from '@kairan/db'
import { staffUsers } from '@kairan/db/schema'
import { eq } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import type { RequestInfo } from '../ctx.ts'
import { deleteStaffSession, findStaffSession } from './session.ts'

/** Ends the session of this token (if any) and logs it. */
export async function signOut({
  db,
  request,
  token,
}: {
  db: Db
  request: RequestInfo
  token: string | null
}) {
  if (!token) return
  const session = await findStaffSession(db, token)
  if (!session) return
  const [user] = await db
    .select({ email: staffUsers.email })
    .from(staffUsers)
    .where(eq(staffUsers.id, session.userId))
  await db.transaction(async (tx) => {
    await deleteStaffSession(tx, session.id)
    await writeAccessLog(
      tx,
      { request },
      {
        tenantId: session.tenantId,
        action: 'auth.sign_out',
        staff: { userId: session.userId, email: user?.email ?? null },
      },
    )
  })
}
