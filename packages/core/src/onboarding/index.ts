export {
  type DeliverySettings,
  getDeliverySettings,
  loadDeliverySettings,
  updateDeliverySettings,
} from './delivery-settings.ts'
export { greetingMessages, profileFormUrl, replyFollowGreeting } from './greeting.ts'
export {
  type ReminderCounts,
  type ReminderDeps,
  reminderRetryKey,
  sendProfileReminders,
} from './reminders.ts'
export { DEFAULT_GREETING_TEXT, DEFAULT_REMINDER_TEXT, onboardingText } from './texts.ts'
