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
