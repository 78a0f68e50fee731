import {
  RESIDENT_LANGUAGE_NAMES,
  RESIDENT_LANGUAGES,
  type ResidentLanguage,
  residentHtmlLang,
} from '@kairan/i18n'
import { Button } from '@mantine/core'
import { useFetcher } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useText } from '../lib/text.tsx'
import type { LanguageActionData } from '../routes/c.$channelId.language.tsx'

/**
 * My page's language setting: one card per language, each written in itself (and, underneath, in
 * the page's language). A tap saves at once and the page re-renders in that language. Moving
 * through the cards with arrow keys only selects; "Use this language" then saves — so a keyboard
 * or screen-reader user never flips the whole page's language just by looking at the options.
 */
export function LanguageSetting({ channelId, current }: { channelId: string; current: ResidentLanguage }) {
  const fetcher = useFetcher<LanguageActionData>()
  const { text, plain } = useText()
  const [selected, setSelected] = useState<ResidentLanguage>(current)
  const byPointer = useRef(false)
  const [hasSaved, setHasSaved] = useState(false)
  useEffect(() => setSelected(current), [current])
  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data?.ok) setHasSaved(true)
  }, [fetcher.state, fetcher.data])

  const save = (language: ResidentLanguage) => {
    setHasSaved(false)
    fetcher.submit({ language }, { method: 'post', action: `/c/${channelId}/language` })
  }
  const failure = fetcher.state === 'idle' && fetcher.data && !fetcher.data.ok ? fetcher.data.key : null
  const isBusy = fetcher.state !== 'idle'

  return (
    <section className="k-card" aria-labelledby="language-heading">
      <h2 id="language-heading" className="k-heading">
        {text('myPage.languageTitle')}
      </h2>
      <p id="language-description">{text('myPage.languageDescription')}</p>
      <fetcher.Form
        method="post"
        action={`/c/${channelId}/language`}
        onSubmit={(event) => {
          event.preventDefault()
          save(selected)
        }}
      >
        <fieldset
          className="k-radio-cards"
          aria-labelledby="language-heading"
          aria-describedby="language-description"
          aria-busy={isBusy}
        >
          {RESIDENT_LANGUAGES.map((language) => {
            const ownName = RESIDENT_LANGUAGE_NAMES[language]
            const localName = plain(`languages.${language}`)
            return (
              <label
                key={language}
                className="k-radio-card"
                data-checked={selected === language || undefined}
                onPointerDown={() => {
                  byPointer.current = true
                }}
                onKeyDown={() => {
                  byPointer.current = false
                }}
              >
                <input
                  type="radio"
                  name="language"
                  value={language}
                  checked={selected === language}
                  onChange={() => {
                    setSelected(language)
                    if (byPointer.current) save(language)
                  }}
                />
                <span className="k-radio-card-text">
                  <span className="k-radio-card-name" lang={residentHtmlLang(language)}>
                    {ownName}
                  </span>
                  {localName === ownName ? null : (
                    <span className="k-radio-card-hint">{text(`languages.${language}`)}</span>
                  )}
                </span>
              </label>
            )
          })}
        </fieldset>
        {selected !== current && !isBusy ? (
          <Button type="submit" size="lg" fullWidth mt="md">
            {text('myPage.languageSave')}
          </Button>
        ) : null}
      </fetcher.Form>
      <p role="status" className="k-saved">
        {failure ? text(failure) : hasSaved && !isBusy ? text('myPage.languageSaved') : null}
      </p>
    </section>
  )
}
