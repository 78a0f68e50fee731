import { FORM_LANGUAGES, type FormLanguage } from '@kairan/forms'
import { useTranslation } from '@kairan/i18n'
import { Badge, Tabs, Tooltip } from '@mantine/core'

/** The builder's language tabs; each shows how many texts still lack a translation. */
export function LanguageTabs({
  value,
  onChange,
  coverage,
}: {
  value: FormLanguage
  onChange: (language: FormLanguage) => void
  /** Missing translations per language (`translationCoverage`). */
  coverage: Record<string, number>
}) {
  const { t } = useTranslation()
  return (
    <Tabs
      value={value}
      onChange={(next) => next && onChange(next as FormLanguage)}
      variant="pills"
      radius="xl"
      keepMounted={false}
      aria-label={t('forms.lang.tabs')}
    >
      <Tabs.List>
        {FORM_LANGUAGES.map((language) => {
          const missing = coverage[language] ?? 0
          return (
            <Tabs.Tab
              key={language}
              value={language}
              data-testid={`lang-tab-${language}`}
              rightSection={
                language === 'ja' ? null : missing > 0 ? (
                  <Tooltip label={t('forms.lang.missingTooltip', { count: missing })}>
                    <Badge size="xs" color="yellow" variant="filled" circle={missing < 10}>
                      {missing}
                    </Badge>
                  </Tooltip>
                ) : (
                  <Badge size="xs" color="green" variant="light">
                    ✓
                  </Badge>
                )
              }
              aria-label={
                language === 'ja'
                  ? t(`forms.lang.names.${language}`)
                  : `${t(`forms.lang.names.${language}`)}（${t('forms.lang.missingTooltip', { count: missing })}）`
              }
            >
              {t(`forms.lang.names.${language}`)}
            </Tabs.Tab>
          )
        })}
      </Tabs.List>
    </Tabs>
  )
}
