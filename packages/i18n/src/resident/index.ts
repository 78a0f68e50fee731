export { type FuriganaSegment, parseFurigana, stripFurigana } from './furigana.ts'
export type { ResidentMessages } from './ja.ts'
export {
  DEFAULT_RESIDENT_LANGUAGE,
  isResidentLanguage,
  matchResidentLanguage,
  pickResidentLanguage,
  residentHtmlLang,
  residentTextDirection,
} from './languages.ts'
export { residentMessages } from './resources.ts'
export { createResidentTranslator, type ResidentValues, type Translate } from './translate.ts'
