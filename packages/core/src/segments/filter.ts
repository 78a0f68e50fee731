import { z } from 'zod'

/**
 * The residents' languages (= schemas.ts RESIDENT_LANGUAGE_CODES; a test keeps them equal). Kept
 * here so that schemas.ts can re-export this module without an import cycle.
 */
export const SEGMENT_LANGUAGES = ['ja', 'en', 'ko', 'zh-Hans', 'zh-Hant', 'ja-easy'] as const

/** An attribute key (`district`, `age_group`): what `citizen_attribute_values.key` holds. */
export const AttributeKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'attribute_key')
/** An option value of an attribute (`north`, `30s`); also a form option id when mapped. */
export const AttributeValue = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'attribute_value')

/**
 * One condition of a segment (SEG-6). Attribute ops: `is` / `is_not` take one value; `any_of` /
 * `none_of` take one or more; `is_set` / `is_not_set` take none (the resident answered or not).
 */
export const SegmentCondition = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('attribute'),
    key: AttributeKey,
    op: z.enum(['is', 'is_not', 'any_of', 'none_of', 'is_set', 'is_not_set']),
    values: z.array(AttributeValue).max(200).default([]),
  }),
  z.object({
    kind: z.literal('language'),
    op: z.enum(['any_of', 'none_of']),
    values: z.array(z.enum(SEGMENT_LANGUAGES)).min(1),
  }),
  z.object({
    kind: z.literal('form'),
    formId: z.uuid(),
    op: z.enum(['answered', 'not_answered']),
  }),
  z.object({
    kind: z.literal('friend_since'),
    /** `before` / `after` a date (Asia/Tokyo, inclusive of `after`), or within the last `days`. */
    op: z.enum(['before', 'after', 'within_days', 'not_within_days']),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    days: z.number().int().min(1).max(3650).optional(),
  }),
  z.object({
    kind: z.literal('test_device'),
    op: z.enum(['is', 'is_not']),
  }),
])
export type SegmentCondition = z.infer<typeof SegmentCondition>

/** Conditions joined by `op`. */
export const SegmentGroup = z.object({
  op: z.enum(['and', 'or']),
  conditions: z.array(SegmentCondition).min(1).max(30),
})
export type SegmentGroup = z.infer<typeof SegmentGroup>

/**
 * A segment: groups joined by `op` (e.g. (district is north OR district is east) AND language is
 * English). No groups means every friend. Only followers are ever counted or sent to.
 */
export const SegmentFilter = z
  .object({
    version: z.literal(1).default(1),
    op: z.enum(['and', 'or']),
    groups: z.array(SegmentGroup).max(10),
  })
  .superRefine((filter, ctx) => {
    // What each op needs, so a saved segment always means something (segmentWhere still treats
    // an incomplete condition as false rather than throwing at send time).
    filter.groups.forEach((group, g) => {
      group.conditions.forEach((c, i) => {
        const path = ['groups', g, 'conditions', i]
        if (c.kind === 'attribute') {
          const n = c.values.length
          if ((c.op === 'is' || c.op === 'is_not') && n !== 1)
            ctx.addIssue({ code: 'custom', message: 'one_value', path: [...path, 'values'] })
          if ((c.op === 'any_of' || c.op === 'none_of') && n < 1)
            ctx.addIssue({ code: 'custom', message: 'values_required', path: [...path, 'values'] })
        }
        if (c.kind === 'friend_since') {
          if ((c.op === 'before' || c.op === 'after') && !c.date)
            ctx.addIssue({ code: 'custom', message: 'date_required', path: [...path, 'date'] })
          if ((c.op === 'within_days' || c.op === 'not_within_days') && !c.days)
            ctx.addIssue({ code: 'custom', message: 'days_required', path: [...path, 'days'] })
        }
      })
    })
  })
export type SegmentFilter = z.infer<typeof SegmentFilter>
