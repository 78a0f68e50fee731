import { type SQL, sql } from 'drizzle-orm'
import type { SegmentCondition, SegmentFilter, SegmentGroup } from './filter.ts'

export type SegmentScope = { tenantId: string; channelId: string }

const TRUE = sql`true`
const FALSE = sql`false`

/** `ARRAY['district=north', …]::text[]`, one parameter per element. */
function textArray(values: readonly string[]): SQL {
  return sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`
}

/** The instant a Tokyo calendar day starts ('2026-04-01' → 2026-03-31T15:00:00Z). */
export function tokyoDayStart(date: string): Date {
  return new Date(`${date}T00:00:00+09:00`)
}

/** Today's date in Tokyo ('YYYY-MM-DD'). */
export function tokyoDate(now: Date): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10)
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/**
 * The live definition of `key` exists (an InitPlan evaluated once per query, not per resident).
 * A segment on a deleted or never-defined attribute matches nobody instead of failing a send.
 */
function attributeDefined(scope: SegmentScope, key: string): SQL {
  return sql`exists (select 1 from attribute_definitions d where d.tenant_id = ${scope.tenantId} and d.key = ${key} and d.deleted_at is null)`
}

/** The tokens of every option of the live definition of `key` (once per query). */
function optionTokens(scope: SegmentScope, key: string): SQL {
  return sql`(select coalesce(array_agg(d.key || '=' || (o.value ->> 'value')), '{}'::text[]) from attribute_definitions d, jsonb_array_elements(d.options) o(value) where d.tenant_id = ${scope.tenantId} and d.key = ${key} and d.deleted_at is null)`
}

function conditionSql(c: SegmentCondition, scope: SegmentScope, now: Date): SQL {
  switch (c.kind) {
    case 'attribute': {
      const tokens = c.values.map((v) => `${c.key}=${v}`)
      const defined = attributeDefined(scope, c.key)
      switch (c.op) {
        case 'is':
        case 'any_of':
          if (tokens.length === 0) return FALSE
          return sql`(${defined} and c.attribute_tokens && ${textArray(tokens)})`
        case 'is_not':
        case 'none_of':
          // Residents without any value are "not north" too.
          if (tokens.length === 0) return FALSE
          return sql`(${defined} and not (c.attribute_tokens && ${textArray(tokens)}))`
        case 'is_set':
          return sql`(c.attribute_tokens && ${optionTokens(scope, c.key)})`
        case 'is_not_set':
          return sql`(${defined} and not (c.attribute_tokens && ${optionTokens(scope, c.key)}))`
      }
      return FALSE
    }
    case 'language': {
      const list = sql.join(
        c.values.map((v) => sql`${v}`),
        sql`, `,
      )
      return c.op === 'any_of' ? sql`(c.language in (${list}))` : sql`(c.language not in (${list}))`
    }
    case 'form': {
      // Uncorrelated: PostgreSQL hashes the form's respondents once (a hashed SubPlan) instead of
      // looking each resident up, and the scan of citizens can stay parallel.
      const answered = sql`(c.id in (select r.citizen_id from form_responses r where r.form_id = ${c.formId} and r.tenant_id = ${scope.tenantId}))`
      return c.op === 'answered' ? answered : sql`(not ${answered})`
    }
    case 'friend_since': {
      // Calendar days in Tokyo: `after` includes its day, `before` excludes it; `within_days n`
      // is today and the n-1 days before it.
      let cutoff: Date
      if (c.op === 'before' || c.op === 'after') {
        if (!c.date) return FALSE
        cutoff = tokyoDayStart(c.date)
      } else {
        if (!c.days) return FALSE
        cutoff = tokyoDayStart(addDays(tokyoDate(now), -(c.days - 1)))
      }
      const at = sql`${cutoff.toISOString()}::timestamptz`
      if (c.op === 'after' || c.op === 'within_days') return sql`(c.followed_at >= ${at})`
      if (c.op === 'before') return sql`(c.followed_at < ${at})`
      return sql`(c.followed_at is null or c.followed_at < ${at})`
    }
    case 'test_device': {
      // A handful of rows: read once into an array (an InitPlan), not once per resident.
      const device = sql`(c.id = any (array(select t.citizen_id from channel_test_devices t where t.channel_id = ${scope.channelId})))`
      return c.op === 'is' ? device : sql`(not ${device})`
    }
  }
}

function groupSql(group: SegmentGroup, scope: SegmentScope, now: Date): SQL {
  if (group.conditions.length === 0) return TRUE
  const parts = group.conditions.map((c) => conditionSql(c, scope, now))
  return sql`(${sql.join(parts, group.op === 'and' ? sql` and ` : sql` or `)})`
}

/**
 * SEG-6: the SQL condition (over `citizens c`) for the residents a segment matches. Always only
 * the channel's followers. Attribute conditions are array operators on `c.attribute_tokens` and
 * language on `c.language`, so a count is one scan of the channel's residents. An empty filter
 * (no groups) is every follower.
 */
export function segmentWhere(filter: SegmentFilter, scope: SegmentScope, now: Date = new Date()): SQL {
  const base = sql`c.channel_id = ${scope.channelId} and c.tenant_id = ${scope.tenantId} and c.status = 'following'`
  if (filter.groups.length === 0) return sql`(${base})`
  const groups = filter.groups.map((g) => groupSql(g, scope, now))
  return sql`(${base} and (${sql.join(groups, filter.op === 'and' ? sql` and ` : sql` or `)}))`
}
