import { ADMIN_LANGUAGES, useTranslation } from '@kairan/i18n'
import { SegmentedControl } from '@mantine/core'
import { useFetcher, useLocation } from '@remix-run/react'

const LABELS = { ja: '日本語', en: 'English' } as const

/** ja ⇄ en; posts to /set-language and reloads the page in the chosen language. */
export function LanguageSwitch() {
  const { i18n, t } = useTranslation()
  const fetcher = useFetcher()
  const location = useLocation()
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('common.language')}
      value={i18n.language}
      data={ADMIN_LANGUAGES.map((lang) => ({ value: lang, label: LABELS[lang] }))}
      onChange={(lang) => {
        fetcher.submit(
          { lang, redirectTo: `${location.pathname}${location.search}` },
          { method: 'post', action: '/set-language' },
        )
      }}
    />
  )
}
