import {
  RESIDENT_LANGUAGE_NAMES,
  RESIDENT_LANGUAGES,
  type ResidentLanguage,
  residentHtmlLang,
} from '@kairan/i18n'
import { useFetcher, useRouteLoaderData } from '@remix-run/react'
import { IconCheck, IconWorld } from '@tabler/icons-react'
import { type KeyboardEvent, useEffect, useRef } from 'react'
import { useText } from '../lib/text.tsx'
import type { loader as rootLoader } from '../root.tsx'
import type { LanguageActionData } from '../routes/c.$channelId.language.tsx'

/**
 * The header's language switch: a button showing the current language (in itself) that opens a
 * sheet at the bottom of the screen, where the thumb is, with one large button per language.
 * A plain <details> disclosure, so it works before the scripts have loaded; choosing a language
 * is an explicit press (never a side effect of moving through a list).
 */
export function LanguageMenu({ channelId }: { channelId: string }) {
  const root = useRouteLoaderData<typeof rootLoader>('root')
  const current: ResidentLanguage = root?.lang ?? 'ja'
  const fetcher = useFetcher<LanguageActionData>()
  const { text, plain } = useText()
  const details = useRef<HTMLDetailsElement>(null)
  const pending = fetcher.formData?.get('language')
  const shown = (typeof pending === 'string' ? pending : current) as ResidentLanguage

  const close = () => {
    if (!details.current?.open) return
    details.current.open = false
    details.current.querySelector('summary')?.focus()
  }
  // Closed once the new language is in place.
  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data?.ok && details.current) details.current.open = false
  }, [fetcher.state, fetcher.data])

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') close()
  }

  return (
    <details className="k-langmenu" ref={details} onKeyDown={onKeyDown}>
      <summary className="k-langmenu-button">
        <IconWorld aria-hidden="true" size={22} stroke={1.8} />
        <span className="k-visually-hidden">{plain('common.language')}: </span>
        <span lang={residentHtmlLang(shown)}>{RESIDENT_LANGUAGE_NAMES[shown]}</span>
      </summary>
      {/* For pointers; keyboards close with Escape or the button. */}
      <div className="k-sheet-backdrop" aria-hidden="true" onClick={close} />
      <fetcher.Form
        method="post"
        action={`/c/${channelId}/language`}
        className="k-sheet"
        aria-labelledby="language-menu-title"
      >
        <p id="language-menu-title" className="k-sheet-title">
          {text('common.language')}
          {current === 'en' ? null : <span lang="en"> / Language</span>}
        </p>
        <div className="k-sheet-options">
          {RESIDENT_LANGUAGES.map((language) => (
            <button
              key={language}
              type="submit"
              name="language"
              value={language}
              className="k-sheet-option"
              aria-pressed={language === shown}
              lang={residentHtmlLang(language)}
            >
              <span>{RESIDENT_LANGUAGE_NAMES[language]}</span>
              {language === shown ? <IconCheck aria-hidden="true" size={22} /> : null}
            </button>
          ))}
        </div>
      </fetcher.Form>
    </details>
  )
}
