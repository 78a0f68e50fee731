import type { TFunction } from '@kairan/i18n'

/** A per-language label map (`{ ja, en, … }`, `ja` required by the server). */
export type LabelMap = Record<string, string>

/** The admin's own language ('en' → English), falling back to Japanese, then to any text. */
export function labelIn(map: LabelMap | null | undefined, language: string): string {
  if (!map) return ''
  const lang = language.startsWith('en') ? 'en' : 'ja'
  return map[lang]?.trim() || map.ja?.trim() || Object.values(map).find((v) => v.trim() !== '') || ''
}

/** The attribute shape the pages use (core's AttributeDef, serialised). */
export type AttributeRow = {
  id: string
  key: string
  kind: 'single' | 'multiple'
  label: LabelMap
  options: { value: string; label: LabelMap }[]
  position: number
  deletedAt: string | Date | null
}

/** Missing translations per resident language of an attribute's texts (name and option labels). */
export function attributeCoverage(
  label: LabelMap,
  options: { label: LabelMap }[],
  languages: readonly string[],
): Record<string, number> {
  const texts = [label, ...options.map((o) => o.label)].filter((m) => (m.ja ?? '').trim() !== '')
  return Object.fromEntries(
    languages.map((lang) => [lang, texts.filter((m) => (m[lang] ?? '').trim() === '').length]),
  )
}

/** A server field message (zod message or key) as a translated sentence for the attribute editor. */
export function attributeFieldMessage(t: TFunction, message: string | undefined): string | undefined {
  if (!message) return undefined
  if (message === 'attribute_key' || message.endsWith('attribute_key'))
    return t('segments.attributes.errors.keyInvalid')
  if (message.includes('key_exists')) return t('segments.attributes.errors.keyDuplicate')
  if (message === 'attribute_value') return t('segments.attributes.errors.valueInvalid')
  if (message === 'duplicate_value') return t('segments.attributes.errors.valueDuplicate')
  if (message === 'ja_required') return t('segments.attributes.errors.labelRequired')
  if (message.startsWith('errors.')) return t(message)
  return t('errors.invalid_input')
}
