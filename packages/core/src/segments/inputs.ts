/**
 * Inputs of the attributes, segments, onboarding and My settings verbs (SEG-1…SEG-6), shared by
 * the admin's forms and the server. Imports only zod (bundled into the browser via schemas.ts).
 */
import { z } from 'zod'
import { AttributeKey, AttributeValue, SEGMENT_LANGUAGES, SegmentFilter } from './filter.ts'

/** A per-language text (`ja` required); empty translations are dropped (they fall back to ja). */
const labelMap = (max: number) =>
  z
    .partialRecord(z.enum(SEGMENT_LANGUAGES), z.string().trim().max(max, { error: 'errors.too_long' }))
    .transform((map) => {
      const out: Record<string, string> = {}
      for (const [lang, value] of Object.entries(map)) if (value && value !== '') out[lang] = value
      return out
    })
    .refine((map) => typeof map.ja === 'string' && map.ja !== '', { message: 'ja_required' })

/** A per-language text that may be left empty (then the built-in default is used). */
const optionalTextMap = (max: number) =>
  z
    .partialRecord(z.enum(SEGMENT_LANGUAGES), z.string().max(max, { error: 'errors.too_long' }))
    .transform((map) => {
      const out: Record<string, string> = {}
      for (const [lang, value] of Object.entries(map)) if (value && value.trim() !== '') out[lang] = value
      return out
    })

export const AttributeOptionInput = z.object({ value: AttributeValue, label: labelMap(100) })
export type AttributeOptionInput = z.infer<typeof AttributeOptionInput>

const options = z
  .array(AttributeOptionInput)
  .min(1, { error: 'errors.required' })
  .max(200)
  .refine((list) => new Set(list.map((o) => o.value)).size === list.length, {
    message: 'duplicate_value',
  })

export const ListAttributesInput = z.object({ includeDeleted: z.boolean().optional() }).default({})
export type ListAttributesInput = z.input<typeof ListAttributesInput>

export const CreateAttributeInput = z.object({
  key: AttributeKey,
  kind: z.enum(['single', 'multiple']),
  label: labelMap(100),
  options,
})
export type CreateAttributeInput = z.input<typeof CreateAttributeInput>

/** The key and kind are fixed once created (values are stored under the key). */
export const UpdateAttributeInput = z.object({ id: z.uuid(), label: labelMap(100), options })
export type UpdateAttributeInput = z.input<typeof UpdateAttributeInput>

export const AttributeIdInput = z.object({ id: z.uuid() })
export const AttributeKeyInput = z.object({ key: AttributeKey })
export const ReorderAttributesInput = z.object({ ids: z.array(z.uuid()).min(1).max(500) })

export const CountSegmentInput = z.object({ channelId: z.uuid(), filter: SegmentFilter })
export type CountSegmentInput = z.input<typeof CountSegmentInput>

const segmentName = z
  .string()
  .trim()
  .min(1, { error: 'errors.required' })
  .max(100, { error: 'errors.too_long' })
const segmentDescription = z.string().trim().max(1000, { error: 'errors.too_long' }).nullish()

export const SegmentIdInput = z.object({ id: z.uuid() })
export const ListSegmentsInput = z.object({ channelId: z.uuid(), includeArchived: z.boolean().optional() })
export const CreateSegmentInput = z.object({
  channelId: z.uuid(),
  name: segmentName,
  description: segmentDescription,
  filter: SegmentFilter,
})
export type CreateSegmentInput = z.input<typeof CreateSegmentInput>
export const UpdateSegmentInput = z.object({
  id: z.uuid(),
  name: segmentName,
  description: segmentDescription,
  filter: SegmentFilter,
})
export type UpdateSegmentInput = z.input<typeof UpdateSegmentInput>

export const DeliverySettingsInput = z.object({ channelId: z.uuid() })
export const UpdateDeliverySettingsInput = z.object({
  channelId: z.uuid(),
  profileFormId: z.uuid().nullable(),
  greetingEnabled: z.boolean(),
  greetingText: optionalTextMap(4000),
  reminderEnabled: z.boolean(),
  reminderAfterDays: z.number().int().min(1).max(90),
  reminderText: optionalTextMap(4000),
  confirmThreshold: z.number().int().min(0).max(10_000_000),
})
export type UpdateDeliverySettingsInput = z.input<typeof UpdateDeliverySettingsInput>

/** My settings: attribute key → the chosen option values (empty clears the attribute). */
export const UpdateMySettingsInput = z.object({
  values: z.record(AttributeKey, z.array(AttributeValue).max(200)),
})
export type UpdateMySettingsInput = z.input<typeof UpdateMySettingsInput>
