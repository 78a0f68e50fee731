import { RESIDENT_LANGUAGES, type ResidentLanguage } from '../languages.ts'

export const DEFAULT_RESIDENT_LANGUAGE: ResidentLanguage = 'ja'

export function isResidentLanguage(value: unknown): value is ResidentLanguage {
  return typeof value === 'string' && (RESIDENT_LANGUAGES as readonly string[]).includes(value)
}

/**
 * One browser language tag mapped to a resident language, or undefined when we do not translate
 * into it. Chinese follows the script: Taiwan, Hong Kong and Macau (and an explicit `Hant`) write
 * Traditional, everything else Simplified. やさしい日本語 is only ever chosen, never guessed.
 */
export function matchResidentLanguage(tag: string): ResidentLanguage | undefined {
  const parts = tag.trim().toLowerCase().split(/[-_]/)
  switch (parts[0]) {
    case 'ja':
      return 'ja'
    case 'en':
      return 'en'
    case 'ko':
      return 'ko'
    case 'zh':
      return parts.slice(1).some((p) => p === 'hant' || p === 'tw' || p === 'hk' || p === 'mo')
        ? 'zh-Hant'
        : 'zh-Hans'
    default:
      return undefined
  }
}

/** `Accept-Language` entries, most preferred first; `q=0` (not acceptable) and `*` are dropped. */
function acceptedTags(header: string): string[] {
  const tags: { tag: string; q: number; index: number }[] = []
  header.split(',').forEach((part, index) => {
    const [tag = '', ...params] = part.split(';').map((s) => s.trim())
    if (!tag || tag === '*') return
    let q = 1
    for (const param of params) {
      const match = /^q=([0-9.]+)$/i.exec(param)
      if (match?.[1]) q = Number(match[1])
    }
    if (Number.isFinite(q) && q > 0) tags.push({ tag, q, index })
  })
  return tags.sort((a, b) => b.q - a.q || a.index - b.index).map((t) => t.tag)
}

/**
 * The page language before the resident is known: an explicit choice (cookie) wins, then the
 * browser's preference order (inside LINE, the app's language). A browser that names only
 * languages we do not translate into gets English, as `residentLanguage` in core does for LINE
 * profiles; no header at all means Japanese.
 */
export function pickResidentLanguage(
  cookieValue: string | null | undefined,
  acceptLanguageHeader: string | null | undefined,
): ResidentLanguage {
  if (isResidentLanguage(cookieValue)) return cookieValue
  const tags = acceptLanguageHeader ? acceptedTags(acceptLanguageHeader) : []
  for (const tag of tags) {
    const language = matchResidentLanguage(tag)
    if (language) return language
  }
  return tags.length > 0 ? 'en' : DEFAULT_RESIDENT_LANGUAGE
}

/** The `lang` attribute for a resident language: やさしい日本語 is Japanese to browsers and screen readers. */
export function residentHtmlLang(language: ResidentLanguage): string {
  return language === 'ja-easy' ? 'ja' : language
}

/** Every resident language is written left to right; kept as a function for the day one is not. */
export function residentTextDirection(_language: ResidentLanguage): 'ltr' | 'rtl' {
  return 'ltr'
}
