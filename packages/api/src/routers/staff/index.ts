import { router } from '../../trpc.ts'
import { attributesRouter } from './attributes.ts'
import { auditLogRouter } from './audit-log.ts'
import { channelsRouter } from './channels.ts'
import { deliveriesRouter } from './deliveries.ts'
import { formAnswersRouter } from './form-answers.ts'
import { formsRouter } from './forms.ts'
import { friendsRouter } from './friends.ts'
import { meRouter } from './me.ts'
import { onboardingRouter } from './onboarding.ts'
import { securityRouter } from './security.ts'
import { segmentsRouter } from './segments.ts'
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
  attributes: attributesRouter,
  segments: segmentsRouter,
  onboarding: onboardingRouter,
  deliveries: deliveriesRouter,
})
export type StaffRouter = typeof staffRouter
