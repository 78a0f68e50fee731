import type { AttributeRow } from './labels.ts'

/** The residents' languages a condition may name (core's SEGMENT_LANGUAGES). */
export const SEGMENT_LANGUAGE_CODES = ['ja', 'en', 'ko', 'zh-Hans', 'zh-Hant', 'ja-easy'] as const
export type SegmentLanguage = (typeof SEGMENT_LANGUAGE_CODES)[number]

export type AttributeOp = 'is' | 'is_not' | 'any_of' | 'none_of' | 'is_set' | 'is_not_set'
export const ATTRIBUTE_OPS: AttributeOp[] = ['is', 'is_not', 'any_of', 'none_of', 'is_set', 'is_not_set']
export type FriendSinceOp = 'before' | 'after' | 'within_days' | 'not_within_days'
export const FRIEND_SINCE_OPS: FriendSinceOp[] = ['within_days', 'not_within_days', 'after', 'before']

/**
 * A condition as the builder holds it: core's SegmentCondition, except that values may still be
 * missing while staff are choosing them (`isComplete` tells).
 */
export type DraftCondition =
  | { kind: 'attribute'; key: string; op: AttributeOp; values: string[] }
  | { kind: 'language'; op: 'any_of' | 'none_of'; values: SegmentLanguage[] }
  | { kind: 'form'; formId: string; op: 'answered' | 'not_answered' }
  | { kind: 'friend_since'; op: FriendSinceOp; date?: string; days?: number }
  | { kind: 'test_device'; op: 'is' | 'is_not' }
export type ConditionKind = DraftCondition['kind']
export const CONDITION_KINDS: ConditionKind[] = [
  'attribute',
  'language',
  'form',
  'friend_since',
  'test_device',
]

export type DraftGroup = { op: 'and' | 'or'; conditions: DraftCondition[] }
export type DraftFilter = { version: 1; op: 'and' | 'or'; groups: DraftGroup[] }

export const EMPTY_FILTER: DraftFilter = { version: 1, op: 'and', groups: [] }
export const MAX_GROUPS = 10
export const MAX_CONDITIONS = 30

/** A new condition of a kind, with sensible first choices (the first attribute, the last 30 days…). */
export function newCondition(
  kind: ConditionKind,
  attributes: AttributeRow[],
  forms: { id: string }[],
): DraftCondition {
  switch (kind) {
    case 'attribute': {
      const first = attributes[0]
      return { kind, key: first?.key ?? '', op: first?.kind === 'multiple' ? 'any_of' : 'is', values: [] }
    }
    case 'language':
      return { kind, op: 'any_of', values: [] }
    case 'form':
      return { kind, formId: forms[0]?.id ?? '', op: 'answered' }
    case 'friend_since':
      return { kind, op: 'within_days', days: 30 }
    case 'test_device':
      return { kind, op: 'is' }
  }
}

/** Whether a condition has everything its operator needs (else it is not counted or saved). */
export function isComplete(condition: DraftCondition): boolean {
  switch (condition.kind) {
    case 'attribute':
      if (!condition.key) return false
      if (condition.op === 'is' || condition.op === 'is_not') return condition.values.length === 1
      if (condition.op === 'any_of' || condition.op === 'none_of') return condition.values.length > 0
      return true
    case 'language':
      return condition.values.length > 0
    case 'form':
      return condition.formId !== ''
    case 'friend_since':
      if (condition.op === 'before' || condition.op === 'after')
        return /^\d{4}-\d{2}-\d{2}$/.test(condition.date ?? '')
      return Number.isInteger(condition.days) && (condition.days ?? 0) >= 1 && (condition.days ?? 0) <= 3650
    case 'test_device':
      return true
  }
}

export function isFilterComplete(filter: DraftFilter): boolean {
  return filter.groups.every((g) => g.conditions.length > 0 && g.conditions.every(isComplete))
}

/**
 * The filter as the server takes it: empty groups dropped, only the fields each operator uses
 * (`values` cleared for is_set, `date` or `days` for friend_since).
 */
export function toFilter(filter: DraftFilter): DraftFilter {
  return {
    version: 1,
    op: filter.op,
    groups: filter.groups
      .filter((g) => g.conditions.length > 0)
      .map((g) => ({
        op: g.op,
        conditions: g.conditions.map((c): DraftCondition => {
          if (c.kind === 'attribute') {
            const values = c.op === 'is_set' || c.op === 'is_not_set' ? [] : c.values
            return { kind: c.kind, key: c.key, op: c.op, values }
          }
          if (c.kind === 'friend_since') {
            return c.op === 'before' || c.op === 'after'
              ? { kind: c.kind, op: c.op, date: c.date }
              : { kind: c.kind, op: c.op, days: c.days }
          }
          return c
        }),
      })),
  }
}

/** When an attribute condition's operator changes: keep what still fits (one value for is / is_not). */
export function withAttributeOp(
  condition: Extract<DraftCondition, { kind: 'attribute' }>,
  op: AttributeOp,
): DraftCondition {
  const values =
    op === 'is' || op === 'is_not'
      ? condition.values.slice(0, 1)
      : op === 'is_set' || op === 'is_not_set'
        ? []
        : condition.values
  return { ...condition, op, values }
}
