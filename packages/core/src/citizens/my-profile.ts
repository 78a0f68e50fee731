import { citizens } from '@kairan/db/schema'
import { and, eq } from 'drizzle-orm'
import { type Ctx, requireCitizen } from '../ctx.ts'
import { NotFound } from '../errors.ts'
import { RESIDENT_LANGUAGE_CODES, SetMyLanguageInput } from '../schemas.ts'

export type ResidentLanguage = (typeof RESIDENT_LANGUAGE_CODES)[number]

/**
 * The page language for a resident: their own choice, else their LINE app's language mapped to
 * one we translate into, else English for any other foreign language.
 */
export function residentLanguage(preferred: string | null, lineLanguage: string | null): ResidentLanguage {
  if (preferred && (RESIDENT_LANGUAGE_CODES as readonly string[]).includes(preferred)) {
    return preferred as ResidentLanguage
  }
  const code = (lineLanguage ?? 'ja').toLowerCase()
  if (code === 'ja' || code.startsWith('ja-')) return 'ja'
  if (code === 'ko' || code.startsWith('ko-')) return 'ko'
  if (code === 'zh-hant' || code === 'zh-tw' || code === 'zh-hk' || code === 'zh-mo') return 'zh-Hant'
  if (code === 'zh' || code.startsWith('zh-')) return 'zh-Hans'
  return 'en'
}

async function loadSelf(ctx: Ctx) {
  requireCitizen(ctx)
  const [citizen] = await ctx.db
    .select()
    .from(citizens)
    .where(and(eq(citizens.id, ctx.actor.citizenId), eq(citizens.channelId, ctx.actor.channelId)))
  if (!citizen) throw new NotFound('errors.not_found')
  return citizen
}

/** "My page": who the resident is to us, and the language pages use. */
export async function getMyProfile({ ctx }: { ctx: Ctx }) {
  const citizen = await loadSelf(ctx)
  return {
    displayName: citizen.displayName,
    pictureUrl: citizen.pictureUrl,
    isFriend: citizen.status === 'following',
    language: residentLanguage(citizen.preferredLanguage, citizen.lineLanguage),
    hasChosenLanguage: citizen.preferredLanguage !== null,
  }
}
export type MyProfile = Awaited<ReturnType<typeof getMyProfile>>

export async function setMyLanguage({ ctx, input }: { ctx: Ctx; input: { language: string } }) {
  const citizen = await loadSelf(ctx)
  const { language } = SetMyLanguageInput.parse(input)
  await ctx.db
    .update(citizens)
    .set({ preferredLanguage: language, updatedAt: new Date() })
    .where(eq(citizens.id, citizen.id))
  return { language }
}
