/**
 * Input schemas shared by the admin's forms (client-side validation) and the server (tRPC and
 * core verbs), so both refuse the same things (CONVENTIONS C8). Messages are i18n keys.
 * This module imports only zod: it is bundled into the browser.
 */
import { z } from 'zod'
import { PERMISSIONS, ROLES } from './permissions.ts'
import { isValidCidr } from './security/cidr.ts'

export const PASSWORD_MIN_LENGTH = 12

const email = z
  .string()
  .trim()
  .min(1, { error: 'errors.required' })
  .max(254, { error: 'errors.invalid_email' })
  .pipe(z.email({ error: 'errors.invalid_email' }))
  .transform((e) => e.toLowerCase())

const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { error: 'errors.password_too_short' })
  .max(200, { error: 'errors.password_too_long' })

const displayName = z
  .string()
  .trim()
  .min(1, { error: 'errors.required' })
  .max(100, { error: 'errors.too_long' })

export const SignInInput = z.object({
  email,
  password: z.string().min(1, { error: 'errors.required' }).max(200, { error: 'errors.invalid_credentials' }),
})
export type SignInInput = z.infer<typeof SignInInput>

export const TotpCodeInput = z.object({
  code: z
    .string()
    .trim()
    .transform((c) => c.replace(/[\s-]/g, '').normalize('NFKC'))
    .pipe(z.string().regex(/^\d{6}$/, { error: 'errors.invalid_totp' })),
})
export type TotpCodeInput = z.infer<typeof TotpCodeInput>

export const ConfirmTotpSetupInput = TotpCodeInput.extend({
  pendingSecret: z.string().min(1).max(500),
})
export type ConfirmTotpSetupInput = z.infer<typeof ConfirmTotpSetupInput>

export const DisableTotpInput = z.object({
  password: z.string().min(1, { error: 'errors.required' }).max(200),
})
export type DisableTotpInput = z.infer<typeof DisableTotpInput>

const permissionList = z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length)

export const CreateStaffInput = z.object({
  email,
  displayName,
  role: z.enum(ROLES),
  permissions: permissionList.default([]),
  /** Ignored when the e-mail already has a Kairan account (it keeps its own password). */
  password: newPassword,
})
export type CreateStaffInput = z.infer<typeof CreateStaffInput>

export const UpdateStaffInput = z.object({
  membershipId: z.uuid(),
  displayName,
  role: z.enum(ROLES),
  permissions: permissionList.default([]),
})
export type UpdateStaffInput = z.infer<typeof UpdateStaffInput>

export const StaffIdInput = z.object({ membershipId: z.uuid() })
export type StaffIdInput = z.infer<typeof StaffIdInput>

export const SetStaffDisabledInput = StaffIdInput.extend({ isDisabled: z.boolean() })
export type SetStaffDisabledInput = z.infer<typeof SetStaffDisabledInput>

export const ResetStaffPasswordInput = StaffIdInput.extend({ password: newPassword })
export type ResetStaffPasswordInput = z.infer<typeof ResetStaffPasswordInput>

export const ListStaffInput = z
  .object({
    query: z.string().trim().max(100).optional(),
    includeDisabled: z.boolean().default(true),
  })
  .default({ includeDisabled: true })
export type ListStaffInput = z.infer<typeof ListStaffInput>

export const ChangePasswordInput = z
  .object({
    currentPassword: z.string().min(1, { error: 'errors.required' }).max(200),
    newPassword,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    error: 'errors.passwords_do_not_match',
    path: ['confirmPassword'],
  })
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>

export const AllowlistEntryInput = z.object({
  cidr: z
    .string()
    .trim()
    .min(1, { error: 'errors.required' })
    .refine(isValidCidr, { error: 'errors.invalid_cidr' }),
  label: z.string().trim().max(100, { error: 'errors.too_long' }).default(''),
})
export type AllowlistEntryInput = z.infer<typeof AllowlistEntryInput>

export const SaveAllowlistInput = z.object({
  entries: z.array(AllowlistEntryInput).max(200, { error: 'errors.too_many_entries' }),
  /** The admin saw that the new list shuts out their own address, and confirmed. */
  confirmSelfLockout: z.boolean().default(false),
})
export type SaveAllowlistInput = z.infer<typeof SaveAllowlistInput>

export const SecuritySettingsInput = z.object({
  requireTwoFactor: z.boolean(),
  accessLogRetentionDays: z.coerce
    .number({ error: 'errors.invalid_number' })
    .int({ error: 'errors.invalid_number' })
    .min(30, { error: 'errors.retention_range' })
    .max(3650, { error: 'errors.retention_range' }),
})
export type SecuritySettingsInput = z.infer<typeof SecuritySettingsInput>

const dateString = z.iso.date({ error: 'errors.invalid_date' })

export const AccessLogFilterInput = z.object({
  staffUserId: z.uuid().optional(),
  action: z.string().trim().max(100).optional(),
  /** Inclusive days in Asia/Tokyo, YYYY-MM-DD. */
  from: dateString.optional(),
  to: dateString.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(10).max(200).default(50),
})
export type AccessLogFilterInput = z.infer<typeof AccessLogFilterInput>

export const SwitchTenantInput = z.object({ tenantId: z.uuid() })
export type SwitchTenantInput = z.infer<typeof SwitchTenantInput>

export const SwitchChannelInput = z.object({ channelId: z.uuid() })
export type SwitchChannelInput = z.infer<typeof SwitchChannelInput>

/** Languages a resident can choose on LIFF pages (REACH-1). Kept here so browsers can import it. */
export const RESIDENT_LANGUAGE_CODES = ['ja', 'en', 'ko', 'zh-Hans', 'zh-Hant', 'ja-easy'] as const

export const CITIZEN_STATUSES = ['following', 'blocked', 'not_following'] as const

export const ListCitizensInput = z.object({
  channelId: z.uuid(),
  query: z.string().trim().max(100, { error: 'errors.too_long' }).optional(),
  status: z.enum(CITIZEN_STATUSES).optional(),
  language: z.string().trim().max(20).optional(),
  /** yyyy-mm-dd, a day in Asia/Tokyo */
  addedSince: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'errors.invalid_date' })
    .optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(10).max(200).default(50),
})
export type ListCitizensInput = z.input<typeof ListCitizensInput>

export const CitizenIdInput = z.object({ citizenId: z.uuid() })

export const ChannelIdInput = z.object({ channelId: z.uuid() })

const optionalSecret = (pattern: RegExp, error: string) =>
  z
    .string()
    .trim()
    .max(500, { error: 'errors.too_long' })
    .refine((v) => v === '' || pattern.test(v), { error })
    .optional()

/**
 * Channel credentials. An empty secret or token means "keep the saved one" (they are never sent
 * back to the browser); the other fields are saved as given, empty = none.
 */
export const UpdateChannelCredentialsInput = z.object({
  channelId: z.uuid(),
  lineChannelId: z
    .string()
    .trim()
    .refine((v) => v === '' || /^\d{6,20}$/.test(v), { error: 'errors.channel_id_digits' }),
  channelSecret: optionalSecret(/^[0-9a-f]{32}$/, 'errors.channel_secret_format'),
  accessToken: optionalSecret(/^[A-Za-z0-9+/=._-]{10,}$/, 'errors.access_token_format'),
  liffId: z
    .string()
    .trim()
    .refine((v) => v === '' || /^\d{6,20}-[A-Za-z0-9]{4,20}$/.test(v), { error: 'errors.liff_id_format' }),
  loginChannelId: z
    .string()
    .trim()
    .refine((v) => v === '' || /^\d{6,20}$/.test(v), { error: 'errors.channel_id_digits' }),
  apiBaseUrl: z
    .string()
    .trim()
    .refine((v) => v === '' || /^https?:\/\/[^\s/?#]+\/?$/.test(v), { error: 'errors.base_url_format' }),
})
export type UpdateChannelCredentialsInput = z.input<typeof UpdateChannelCredentialsInput>

export const AddTestDeviceInput = z.object({
  citizenId: z.uuid(),
  label: z.string().trim().min(1, { error: 'errors.required' }).max(50, { error: 'errors.too_long' }),
})

export const TestDeviceIdInput = z.object({ testDeviceId: z.uuid() })

export const SetMyLanguageInput = z.object({ language: z.enum(RESIDENT_LANGUAGE_CODES) })

// --- Forms (issue 4) ---------------------------------------------------------------------------
// Definitions and answers are checked with @kairan/forms' own schemas inside the verbs, which
// report their problems per field; these inputs only carry them.

export const FORM_STATUSES = ['draft', 'open', 'scheduled', 'closed', 'archived'] as const
export type FormStatus = (typeof FORM_STATUSES)[number]
export const FORM_ANSWER_MODES = ['single', 'multiple'] as const

export const FormIdInput = z.object({ formId: z.uuid() })
export type FormIdInput = z.infer<typeof FormIdInput>

export const ListFormsInput = z
  .object({
    status: z.enum(FORM_STATUSES).optional(),
    q: z.string().trim().max(100, { error: 'errors.too_long' }).optional(),
  })
  .default({})
export type ListFormsInput = z.input<typeof ListFormsInput>

export const CreateFormInput = z.object({
  title: z.string().trim().min(1, { error: 'errors.required' }).max(200, { error: 'errors.too_long' }),
})
export type CreateFormInput = z.infer<typeof CreateFormInput>

const revision = z.number().int().min(1)

export const SaveFormDraftInput = z.object({
  formId: z.uuid(),
  /** The revision the editor loaded; saving over a newer one is refused. */
  expectedRevision: revision,
  /** A `FormDraftDefinition` (checked in the verb, so each problem is reported at its path). */
  definition: z.unknown(),
})
export type SaveFormDraftInput = z.infer<typeof SaveFormDraftInput>

export const PublishFormInput = z.object({ formId: z.uuid(), expectedRevision: revision })
export type PublishFormInput = z.infer<typeof PublishFormInput>

/** A moment as a Date (in-process callers) or an ISO 8601 string with offset (JSON), or none. */
const instant = z
  .union([z.date(), z.iso.datetime({ offset: true, error: 'errors.invalid_date' })])
  .transform((value) => new Date(value))
  .nullable()

export const UpdateFormSettingsInput = z
  .object({
    formId: z.uuid(),
    answerMode: z.enum(FORM_ANSWER_MODES),
    opensAt: instant,
    closesAt: instant,
    /** null: no limit. Lowering it below the answers already received closes the form. */
    responseLimit: z
      .number({ error: 'errors.invalid_number' })
      .int({ error: 'errors.invalid_number' })
      .min(1, { error: 'errors.form_response_limit_range' })
      .max(1_000_000, { error: 'errors.form_response_limit_range' })
      .nullable(),
    sendsReceipt: z.boolean(),
  })
  .refine((s) => !s.opensAt || !s.closesAt || s.closesAt > s.opensAt, {
    error: 'errors.form_closes_before_opens',
    path: ['closesAt'],
  })
export type UpdateFormSettingsInput = z.input<typeof UpdateFormSettingsInput>

export const SetFormClosedInput = z.object({ formId: z.uuid(), closed: z.boolean() })
export type SetFormClosedInput = z.infer<typeof SetFormClosedInput>

/** BCP 47-ish tags as form texts use them (`ja`, `ja-easy`, `zh-Hant`). */
const formLanguage = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'errors.invalid_input' })

export const SubmitFormResponseInput = z.object({
  formId: z.uuid(),
  /** The version the resident was shown; the answer keeps it (FORM-7). */
  versionId: z.uuid(),
  /** The resident's own answer being changed (single-answer forms). */
  responseId: z.uuid().optional(),
  /**
   * Made by the page for each new answer and sent again on a retry: a submission whose first try
   * was stored (the reply was lost on a bad connection) returns that answer instead of adding one.
   */
  submissionKey: z.uuid().optional(),
  /** `RawAnswers` as the renderer holds them; validated with the form's own validator. */
  answers: z.record(
    z.string().max(40),
    z.union([z.string().max(20_000), z.number(), z.array(z.string().max(20_000)).max(500)]).optional(),
  ),
  consent: z.boolean(),
  language: formLanguage,
})
export type SubmitFormResponseInput = z.infer<typeof SubmitFormResponseInput>

export const UploadIdInput = z.object({ uploadId: z.uuid() })
export type UploadIdInput = z.infer<typeof UploadIdInput>

export const PostalCodeInput = z.object({ code: z.string().max(20) })
export type PostalCodeInput = z.infer<typeof PostalCodeInput>

// Segments (SEG-1…SEG-6): the filter model and the attributes / segments / onboarding inputs.
export * from './segments/filter.ts'
export * from './segments/inputs.ts'
