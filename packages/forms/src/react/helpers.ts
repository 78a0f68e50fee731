import { tokyoDate } from '../validate.ts'

/** A date question's bound as `YYYY-MM-DD` for `<input type="date" min max>`. */
export function resolveDateBound(bound: string | undefined, now: Date = new Date()): string | undefined {
  if (!bound) return undefined
  // 'today' in Japan, as the validator reads it.
  return bound === 'today' ? tokyoDate(now) : bound
}

/** The id of a question's input (or of its group of choices), for focusing the first error. */
export function questionFieldId(questionId: string, idPrefix = 'kf'): string {
  return `${idPrefix}-${questionId}`
}

/** The `lang` attribute for a form language: やさしい日本語 is Japanese to browsers. */
export function htmlLang(language: string): string {
  return language === 'ja-easy' ? 'ja' : language
}

/** A locale `Intl` accepts for a form language. */
export function intlLocale(language: string): string {
  if (language === 'ja-easy') return 'ja'
  try {
    return Intl.getCanonicalLocales(language)[0] ?? 'ja'
  } catch {
    return 'ja'
  }
}

const BYTES_PER_MB = 1024 * 1024

/** An upload question's size limit in bytes (MB are binary megabytes, as the server counts them). */
export function maxUploadBytes(maxSizeMb: number): number {
  return Math.floor(maxSizeMb * BYTES_PER_MB)
}

/** "820 KB", "2.4 MB": file sizes as phones show them. */
export function formatFileSize(bytes: number, language: string): string {
  const locale = intlLocale(language)
  if (bytes < BYTES_PER_MB) {
    const kb = Math.max(1, Math.round(bytes / 1024))
    return `${new Intl.NumberFormat(locale).format(kb)} KB`
  }
  const mb = bytes / BYTES_PER_MB
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(mb)} MB`
}
