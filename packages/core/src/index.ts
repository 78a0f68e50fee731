export { changeOwnPassword } from './account/change-password.ts'
export { switchChannel, switchTenant } from './account/switch-scope.ts'
export {
  type AccessLogRow,
  accessLogFacets,
  exportAccessLogsCsv,
  listAccessLogs,
  toCsv,
} from './audit/list-access-logs.ts'
export { pruneAccessLogs } from './audit/prune-access-logs.ts'
export { writeAccessLog } from './audit/write-access-log.ts'
export { authenticateStaffRequest, type StaffRequestAuth } from './auth/authenticate-staff-request.ts'
export { hashPassword, verifyPassword } from './auth/password.ts'
export { SESSION_COOKIE, SESSION_TTL_MS } from './auth/session.ts'
export { type SignInResult, signIn } from './auth/sign-in.ts'
export { signOut } from './auth/sign-out.ts'
export { THROTTLE_POLICY } from './auth/throttle.ts'
export { beginTotpSetup, confirmTotpSetup, disableOwnTotp, verifyTwoFactor } from './auth/two-factor.ts'
export { requireTenantChannel } from './channels/channel-scope.ts'
export {
  type ChannelSettings,
  checkChannelConnection,
  getChannelSettings,
  listChannelSettings,
  updateChannelCredentials,
} from './channels/channel-settings.ts'
export { addTestDevice, listTestDevices, removeTestDevice } from './channels/test-devices.ts'
export {
  authenticateCitizen,
  CITIZEN_SESSION_COOKIE,
  CITIZEN_SESSION_TTL_MS,
  type IdTokenVerifier,
  signInCitizen,
  signOutCitizen,
} from './citizens/citizen-session.ts'
export { type CitizenDetail, getCitizen } from './citizens/get-citizen.ts'
export { getMessageContent } from './citizens/get-message-content.ts'
export { type CitizenListRow, listCitizenLanguages, listCitizens } from './citizens/list-citizens.ts'
export {
  getMyProfile,
  type MyProfile,
  type ResidentLanguage,
  residentLanguage,
  setMyLanguage,
} from './citizens/my-profile.ts'
export * from './ctx.ts'
// Deliveries: composer model, images, CRUD, history, export (helper H2).
export * from './delivery/budget.ts'
export * from './delivery/deliveries.ts'
export * from './delivery/export.ts'
// Fan-out (exactly once), the worker's delivery pump steps, statistics fetch (helper H4).
export * from './delivery/fanout.ts'
export * from './delivery/history.ts'
export * from './delivery/images.ts'
export * from './delivery/render.ts'
export { deliveryRetryKey } from './delivery/retry-key.ts'
export * from './delivery/stats-fetch.ts'
export * from './errors.ts'
export * from './forms/index.ts'
// Staff-side reads of form answers (helper E's folder; kept apart so both can grow independently).
export * from './forms/responses/index.ts'
export { defineJob, type JobContext, type JobDefinition } from './jobs/define-job.ts'
export { jobs } from './jobs/index.ts'
export {
  type ChannelLine,
  defaultLineClientFactory,
  type LineClientFactory,
  loadChannelLine,
} from './line/channel-line.ts'
export * from './live/index.ts'
export * from './onboarding/index.ts'
export * from './permissions.ts'
export { isIpAllowed, isValidCidr, parseCidr, parseIp } from './security/cidr.ts'
export { type ClientIpOptions, clientIp, normalizeIp, type RequestLike } from './security/client-ip.ts'
export { getAllowlist, saveAllowlist } from './security/save-allowlist.ts'
export { getSecuritySettings, updateSecuritySettings } from './security/security-settings.ts'
export * from './segments/index.ts'
export { contentDisposition } from './shared/content-disposition.ts'
export {
  booleanishEnv,
  databaseUrlEnv,
  EnvError,
  encryptionKeysEnv,
  logLevelEnv,
  parseEnvironment,
} from './shared/environment.ts'
export { createSecretBox, generateKeySpec, parseKeys, type SecretBox } from './shared/secret-box.ts'
export { createStaff } from './staff/create-staff.ts'
export { getStaff } from './staff/get-staff.ts'
export { listStaff, type StaffListRow } from './staff/list-staff.ts'
export { resetStaffPassword, resetStaffTwoFactor } from './staff/reset-staff-password.ts'
export { setStaffDisabled } from './staff/set-staff-disabled.ts'
export { updateStaff } from './staff/update-staff.ts'
export * from './storage/index.ts'
export { type ChannelSummary, listTenantChannels } from './tenancy/channels.ts'
export { connectChannelsToEmulator, type EmulatorChannelConfig } from './tenancy/connect-emulator.ts'
export { createFirstAdmin, generatePassword } from './tenancy/create-first-admin.ts'
export { CreateTenantInput, createTenant } from './tenancy/create-tenant.ts'
export { DEMO_TENANT_SLUG, seedDemoCity } from './tenancy/seed-demo-city.ts'
export {
  type HandleOutcome,
  handlePendingWebhookEvents,
  handleWebhookEvent,
  handleWebhookEvents,
  type WebhookDeps,
} from './webhook/handle-webhook-events.ts'
export { storeWebhookEvents } from './webhook/store-webhook-events.ts'
export { pruneWebhookEvents, WEBHOOK_EVENT_RETENTION_DAYS } from './webhook/webhook-retention.ts'
