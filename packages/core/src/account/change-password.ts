import { staffSessions, staffUsers } from '@kairan/db/schema'
import { and, eq, ne } from 'drizzle-orm'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { hashPassword, verifyPassword } from '../auth/password.ts'
import { type Ctx, requireStaff } from '../ctx.ts'
import { Invalid } from '../errors.ts'
import { ChangePasswordInput } from '../schemas.ts'
import { withTransaction } from '../shared/with-transaction.ts'

/** The signed-in person changes their password; their other sessions end. */
export async function changeOwnPassword({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requireStaff(ctx)
  const { currentPassword, newPassword } = ChangePasswordInput.parse(input)
  const [user] = await ctx.db.select().from(staffUsers).where(eq(staffUsers.id, ctx.actor.userId))
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new Invalid('errors.invalid_password', { currentPassword: 'errors.invalid_password' })
  }
  const passwordHash = await hashPassword(newPassword)
  await withTransaction(ctx, async (tx) => {
    await tx.update(staffUsers).set({ passwordHash }).where(eq(staffUsers.id, user.id))
    await tx
      .delete(staffSessions)
      .where(and(eq(staffSessions.userId, user.id), ne(staffSessions.id, ctx.actor.sessionId)))
    await writeAccessLog(tx, ctx, { tenantId: ctx.actor.tenantId, action: 'account.password_change' })
  })
}
