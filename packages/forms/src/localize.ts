import { FORM_LANGUAGES, type FormDefinition, type LocalizedText } from './definition.ts'

/**
 * The text in `language`, else the closest fallback: やさしい日本語 and every missing language
 * fall back to Japanese, which is always present on a published form.
 */
export function localize(text: LocalizedText | undefined, language: string): string {
  if (!text) return ''
  const exact = text[language]
  if (exact !== undefined && exact.trim() !== '') return exact
  const primary = language.split('-')[0]
  if (primary && primary !== language && primary !== 'ja') {
    const near = text[primary]
    if (near !== undefined && near.trim() !== '') return near
  }
  return text.ja ?? ''
}

/** Where a translation is missing: the JSON paths of texts that have Japanese but not `language`. */
export function missingTranslations(def: FormDefinition, language: string): string[] {
  if (language === 'ja') return []
  const missing: string[] = []
  const check = (text: LocalizedText | undefined, path: string) => {
    if (text?.ja && text.ja.trim() !== '' && !(text[language] && text[language].trim() !== ''))
      missing.push(path)
  }
  check(def.title, 'title')
  check(def.description, 'description')
  check(def.thankYou, 'thankYou')
  if (def.consent) {
    check(def.consent.text, 'consent.text')
    check(def.consent.linkLabel, 'consent.linkLabel')
    check(def.consent.checkboxLabel, 'consent.checkboxLabel')
  }
  def.sections.forEach((section, s) => {
    check(section.title, `sections.${s}.title`)
    check(section.description, `sections.${s}.description`)
    section.questions.forEach((q, i) => {
      const p = `sections.${s}.questions.${i}`
      if (q.type === 'staff_note') return
      check(q.label, `${p}.label`)
      check(q.help, `${p}.help`)
      if ('placeholder' in q) check(q.placeholder, `${p}.placeholder`)
      if ('unit' in q) check(q.unit, `${p}.unit`)
      if ('charRule' in q && q.charRule?.kind === 'pattern')
        check(q.charRule.patternMessage, `${p}.charRule.patternMessage`)
      if ('options' in q) {
        q.options.forEach((o, k) => {
          check(o.label, `${p}.options.${k}.label`)
        })
      }
    })
  })
  return missing
}

/** Missing-translation counts per builder language tab. */
export function translationCoverage(def: FormDefinition): Record<string, number> {
  return Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, missingTranslations(def, lang).length]))
}
