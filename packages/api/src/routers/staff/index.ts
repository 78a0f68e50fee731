import { router } from '../../trpc.ts'
import { auditLogRouter } from './audit-log.ts'
import { channelsRouter } from './channels.ts'
import { formAnswersRouter } from './form-answers.ts'
import { formsRouter } from './forms.ts'
import { friendsRouter } from './friends.ts'
import { meRouter } from './me.ts'
import { securityRouter } from './security.ts'
import { staffMembersRouter } from './staff.ts'

/** The admin's API: one router per domain; every procedure declares who may call it. */
export const staffRouter = router({
  me: meRouter,
  staff: staffMembersRouter,
  security: securityRouter,
  auditLog: auditLogRouter,
  friends: friendsRouter,
  channels: channelsRouter,
  forms: formsRouter,
  formAnswers: formAnswersRouter,
})
export type StaffRouter = typeof staffRouter
