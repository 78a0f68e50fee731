/** Languages of the staff admin UI; the first is the default. */
export const ADMIN_LANGUAGES = ['ja', 'en'] as const
export type AdminLanguage = (typeof ADMIN_LANGUAGES)[number]
export const DEFAULT_LANGUAGE: AdminLanguage = 'ja'

/**
 * Languages a resident can choose in the LIFF pages. `ja-easy` is やさしい日本語 (plain Japanese
 * for residents still learning it), which many cities publish alongside standard Japanese.
 */
export const RESIDENT_LANGUAGES = ['ja', 'en', 'ko', 'zh-Hans', 'zh-Hant', 'ja-easy'] as const
export type ResidentLanguage = (typeof RESIDENT_LANGUAGES)[number]

/** Each resident language written in itself, as a language picker should show it. */
export const RESIDENT_LANGUAGE_NAMES: Record<ResidentLanguage, string> = {
  ja: '日本語',
  en: 'English',
  ko: '한국어',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
  'ja-easy': 'やさしい にほんご',
}

export function isAdminLanguage(value: unknown): value is AdminLanguage {
  return typeof value === 'string' && (ADMIN_LANGUAGES as readonly string[]).includes(value)
}

/** `en-US` → `en`: the admin UI has one variant per language, so only the primary subtag matters. */
function matchAdminLanguage(tag: string): AdminLanguage | undefined {
  const primary = tag.trim().toLowerCase().split('-')[0]
  return isAdminLanguage(primary) ? primary : undefined
}

type WeightedTag = { tag: string; q: number; index: number }

function parseAcceptLanguage(header: string): WeightedTag[] {
  const tags: WeightedTag[] = []
  header.split(',').forEach((part, index) => {
    const [tag = '', ...params] = part.split(';').map((s) => s.trim())
    if (!tag) return
    let q = 1
    for (const param of params) {
      const match = /^q=([0-9.]+)$/i.exec(param)
      if (match?.[1]) q = Number(match[1])
    }
    // q=0 means "not acceptable"; a malformed q is ignored rather than trusted.
    if (Number.isFinite(q) && q > 0) tags.push({ tag, q, index })
  })
  return tags.sort((a, b) => b.q - a.q || a.index - b.index)
}

/**
 * The admin UI language for a request: an explicit choice (the `kairan_lang` cookie) wins, then
 * the browser's Accept-Language preference order, then Japanese.
 */
export function pickLanguage(
  cookieValue: string | null | undefined,
  acceptLanguageHeader: string | null | undefined,
): AdminLanguage {
  if (isAdminLanguage(cookieValue)) return cookieValue
  if (acceptLanguageHeader) {
    for (const { tag } of parseAcceptLanguage(acceptLanguageHeader)) {
      const language = matchAdminLanguage(tag)
      if (language) return language
    }
  }
  return DEFAULT_LANGUAGE
}
