export type { i18n as I18n, TFunction } from 'i18next'
// Re-exported so apps and @kairan/ui use the same react-i18next copy without depending on it directly.
export { I18nextProvider, Trans, useTranslation } from 'react-i18next'
export { adminResources, createI18n } from './create-i18n.ts'
export {
  ADMIN_LANGUAGES,
  type AdminLanguage,
  DEFAULT_LANGUAGE,
  isAdminLanguage,
  pickLanguage,
  RESIDENT_LANGUAGE_NAMES,
  RESIDENT_LANGUAGES,
  type ResidentLanguage,
} from './languages.ts'
export * from './resident/index.ts'
export { en } from './resources/en.ts'
export { type AdminMessages, ja } from './resources/ja.ts'
