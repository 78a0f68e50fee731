import { createInstance, type i18n, type Resource } from 'i18next'
import { ADMIN_LANGUAGES, type AdminLanguage, DEFAULT_LANGUAGE } from './languages.ts'
import { en } from './resources/en.ts'
import { ja } from './resources/ja.ts'

/** Every admin message, in the shape i18next expects (one `translation` namespace per language). */
export const adminResources = {
  ja: { translation: ja },
  en: { translation: en },
} satisfies Record<AdminLanguage, Resource[string]>

/**
 * A fresh, fully initialised i18next instance. A new instance per request on the server (never the
 * global one) so concurrent requests in different languages cannot change each other's language;
 * the client builds one per language change. `resources` defaults to every admin message; pass
 * only the current language's bundle (as the root loader hands it to the browser) to keep it small.
 */
export function createI18n(lang: AdminLanguage, resources: Resource = adminResources): i18n {
  const instance = createInstance()
  // Resources are in memory, so init completes synchronously and `t` works on the first render.
  void instance.init({
    lng: lang,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: ADMIN_LANGUAGES,
    resources,
    initAsync: false,
    // React escapes what it renders; escaping here too would show `&amp;` to users.
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  })
  return instance
}
