import type { ResidentLanguage } from '../languages.ts'
import type { ResidentMessages } from './ja.ts'
import { residentHtmlLang } from './languages.ts'

export type ResidentValues = Record<string, string | number>
/** A message by its dotted key (`myPage.title`), with `{{name}}` values filled in. */
export type Translate = (key: string, values?: ResidentValues) => string

function lookUp(messages: unknown, key: string): string | undefined {
  let node = messages
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string' ? node : undefined
}

/**
 * The resident pages' translator: a few lines instead of i18next, which would be the largest
 * script on a phone-first page. Messages are those of one language (the only ones the browser
 * gets). `{{name}}` is replaced by `values.name`; with a numeric `count`, `key_one`/`key_other`
 * are chosen by the language's plural rules when they exist. A missing key shows the key itself.
 */
export function createResidentTranslator(language: ResidentLanguage, messages: ResidentMessages): Translate {
  const plurals = new Intl.PluralRules(residentHtmlLang(language))
  return (key, values) => {
    let message: string | undefined
    if (typeof values?.count === 'number') {
      message = lookUp(messages, `${key}_${plurals.select(values.count)}`) ?? lookUp(messages, `${key}_other`)
    }
    message ??= lookUp(messages, key)
    if (message === undefined) return key
    if (!values) return message
    return message.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    )
  }
}
