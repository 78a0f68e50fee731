import { citizenAttributeValues, citizens } from '@kairan/db/schema'
import { and, eq, inArray } from 'drizzle-orm'
import { type Ctx, requireCitizen } from '../ctx.ts'
import { Invalid, NotFound } from '../errors.ts'
import { loadDeliverySettings } from '../onboarding/delivery-settings.ts'
import { withTransaction } from '../shared/with-transaction.ts'
import { loadAttributes } from './attributes.ts'
import { UpdateMySettingsInput } from './inputs.ts'

function resolve(map: Record<string, string>, language: string): string {
  return map[language] || map.ja || Object.values(map)[0] || ''
}

async function loadSelf(ctx: Ctx) {
  requireCitizen(ctx)
  const [citizen] = await ctx.db
    .select({ id: citizens.id, language: citizens.language })
    .from(citizens)
    .where(
      and(
        eq(citizens.id, ctx.actor.citizenId),
        eq(citizens.channelId, ctx.actor.channelId),
        eq(citizens.tenantId, ctx.actor.tenantId),
      ),
    )
  if (!citizen) throw new NotFound('errors.not_found')
  return citizen
}

/**
 * My settings (LIFF): the city's attributes in the resident's language with the values they hold,
 * so they can see and change what deliveries are chosen by (SEG-4).
 */
export async function getMySettings({ ctx }: { ctx: Ctx }) {
  const citizen = await loadSelf(ctx)
  requireCitizen(ctx)
  const [attributes, held, settings] = await Promise.all([
    loadAttributes(ctx.db, ctx.actor.tenantId),
    ctx.db
      .select({ key: citizenAttributeValues.key, values: citizenAttributeValues.values })
      .from(citizenAttributeValues)
      .where(eq(citizenAttributeValues.citizenId, citizen.id)),
    loadDeliverySettings(ctx.db, ctx.actor.channelId),
  ])
  const valuesByKey = new Map(held.map((h) => [h.key, h.values]))
  const language = citizen.language
  return {
    language,
    attributes: attributes.map((a) => {
      const known = new Set(a.options.map((o) => o.value))
      return {
        key: a.key,
        kind: a.kind,
        label: resolve(a.label, language),
        options: a.options.map((o) => ({ value: o.value, label: resolve(o.label, language) })),
        // Only values that are still options: a removed option is no longer offered or shown.
        values: (valuesByKey.get(a.key) ?? []).filter((v) => known.has(v)),
      }
    }),
    profileFormId: settings.profileFormId,
  }
}
export type MySettings = Awaited<ReturnType<typeof getMySettings>>

/**
 * Saves the resident's own choices. Each key must be a live attribute and each value one of its
 * options; a single-choice attribute takes at most one. An empty list clears the attribute.
 * Keys not sent are left as they are.
 */
export async function updateMySettings({ ctx, input }: { ctx: Ctx; input: UpdateMySettingsInput }) {
  const citizen = await loadSelf(ctx)
  requireCitizen(ctx)
  const { values } = UpdateMySettingsInput.parse(input)
  const { tenantId, channelId } = ctx.actor
  const attributes = await loadAttributes(ctx.db, tenantId)
  const byKey = new Map(attributes.map((a) => [a.key, a]))
  const fields: Record<string, string> = {}
  for (const [key, chosen] of Object.entries(values)) {
    const def = byKey.get(key)
    if (!def) {
      fields[`values.${key}`] = 'unknown_attribute'
      continue
    }
    const known = new Set(def.options.map((o) => o.value))
    if (chosen.some((v) => !known.has(v))) fields[`values.${key}`] = 'unknown_option'
    else if (def.kind === 'single' && chosen.length > 1) fields[`values.${key}`] = 'single_choice'
  }
  if (Object.keys(fields).length > 0) throw new Invalid('errors.invalid_input', fields)
  await withTransaction(ctx, async (tx) => {
    const cleared = Object.entries(values)
      .filter(([, chosen]) => chosen.length === 0)
      .map(([key]) => key)
    if (cleared.length > 0) {
      await tx
        .delete(citizenAttributeValues)
        .where(
          and(eq(citizenAttributeValues.citizenId, citizen.id), inArray(citizenAttributeValues.key, cleared)),
        )
    }
    for (const [key, chosen] of Object.entries(values)) {
      if (chosen.length === 0) continue
      const unique = [...new Set(chosen)]
      await tx
        .insert(citizenAttributeValues)
        .values({ tenantId, channelId, citizenId: citizen.id, key, values: unique, sourceFormId: null })
        .onConflictDoUpdate({
          target: [citizenAttributeValues.citizenId, citizenAttributeValues.key],
          set: { values: unique, sourceFormId: null, updatedAt: new Date() },
        })
    }
  })
  return getMySettings({ ctx })
}
