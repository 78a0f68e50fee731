import { type Consent, type FormDefinition, hasAnyText } from '@kairan/forms'
import { useTranslation } from '@kairan/i18n'
import { Card, Stack, Switch, Text, TextInput, Title } from '@mantine/core'
import { useRef } from 'react'
import { fieldProblem, problemMessage } from './issues.ts'
import { LocalizedInput } from './localized-input.tsx'

type Props = {
  definition: FormDefinition
  language: string
  onChange: (next: FormDefinition) => void
  /** Form-level problems: field path ("title", "consent.linkUrl") → message key. */
  problems: Map<string, string>
}

function useMessage(problems: Map<string, string>) {
  const { t } = useTranslation()
  return (field: string) => {
    const key = fieldProblem(problems, field)
    return key ? problemMessage(t, key) : undefined
  }
}

/** The top of the form: its title and introduction. */
export function FormIntroEditor({ definition, language, onChange, problems }: Props) {
  const { t } = useTranslation()
  const message = useMessage(problems)
  return (
    <Card withBorder padding="md" style={{ borderTop: '4px solid var(--mantine-color-blue-6)' }}>
      <Stack gap="sm">
        <LocalizedInput
          label={t('forms.texts.title')}
          description={t('forms.texts.titleHelp')}
          value={definition.title}
          language={language}
          isRequired
          maxLength={200}
          onChange={(title) => onChange({ ...definition, title })}
          error={message('title')}
          testId="form-title"
        />
        <LocalizedInput
          label={t('forms.texts.description')}
          description={t('forms.texts.descriptionHelp')}
          value={definition.description}
          language={language}
          isMultiline
          maxLength={5000}
          onChange={(description) =>
            onChange({ ...definition, description: hasAnyText(description) ? description : undefined })
          }
          error={message('description')}
        />
      </Stack>
    </Card>
  )
}

/** FORM-9 consent block and the thank-you message, after the questions. */
export function FormEndEditor({ definition, language, onChange, problems }: Props) {
  const { t } = useTranslation()
  const message = useMessage(problems)
  const isJapanese = language === 'ja'
  // Switching consent off and on again within a session brings the texts back.
  const lastConsent = useRef<Consent | undefined>(definition.consent)
  if (definition.consent) lastConsent.current = definition.consent
  const consent = definition.consent
  const setConsent = (next: Consent) => onChange({ ...definition, consent: next })
  // In a translation tab, only what has Japanese text to translate.
  const isConsentShown = isJapanese || consent !== undefined
  const isThankYouShown = isJapanese || hasAnyText(definition.thankYou)
  if (!isConsentShown && !isThankYouShown) return null
  return (
    <Stack gap="sm">
      <Card withBorder padding="md" display={isConsentShown ? undefined : 'none'}>
        <Stack gap="sm">
          <div>
            <Title order={3} size="h5">
              {t('forms.consent.title')}
            </Title>
            <Text size="xs" c="dimmed">
              {t('forms.consent.help')}
            </Text>
          </div>
          {isJapanese ? (
            <Switch
              label={t('forms.consent.enable')}
              checked={Boolean(consent)}
              onChange={(e) =>
                onChange({
                  ...definition,
                  consent: e.currentTarget.checked
                    ? (lastConsent.current ?? { checkboxLabel: { ja: t('forms.consent.defaultCheckbox') } })
                    : undefined,
                })
              }
              data-testid="consent-switch"
            />
          ) : null}
          {consent ? (
            <>
              <LocalizedInput
                label={t('forms.consent.text')}
                description={t('forms.consent.textHelp')}
                value={consent.text}
                language={language}
                isMultiline
                maxLength={5000}
                onChange={(text) => setConsent({ ...consent, text: hasAnyText(text) ? text : undefined })}
                error={message('consent.text')}
              />
              {isJapanese ? (
                <TextInput
                  label={t('forms.consent.linkUrl')}
                  description={t('forms.consent.linkUrlHelp')}
                  placeholder="https://www.city.example.lg.jp/privacy.html"
                  type="url"
                  value={consent.linkUrl ?? ''}
                  maxLength={2000}
                  onChange={(e) => {
                    const linkUrl = e.currentTarget.value.trim()
                    setConsent({ ...consent, linkUrl: linkUrl === '' ? undefined : linkUrl })
                  }}
                  error={message('consent.linkUrl')}
                />
              ) : null}
              {consent.linkUrl ? (
                <LocalizedInput
                  label={t('forms.consent.linkLabel')}
                  value={consent.linkLabel}
                  language={language}
                  maxLength={200}
                  placeholder={t('forms.consent.linkLabelPlaceholder')}
                  onChange={(linkLabel) =>
                    setConsent({ ...consent, linkLabel: hasAnyText(linkLabel) ? linkLabel : undefined })
                  }
                  error={message('consent.linkLabel')}
                />
              ) : null}
              <LocalizedInput
                label={t('forms.consent.checkboxLabel')}
                value={consent.checkboxLabel}
                language={language}
                isRequired
                maxLength={200}
                onChange={(checkboxLabel) => setConsent({ ...consent, checkboxLabel })}
                error={message('consent.checkboxLabel')}
              />
            </>
          ) : null}
        </Stack>
      </Card>
      <Card withBorder padding="md" display={isThankYouShown ? undefined : 'none'}>
        <LocalizedInput
          label={t('forms.texts.thankYou')}
          description={t('forms.texts.thankYouHelp')}
          value={definition.thankYou}
          language={language}
          isMultiline
          maxLength={2000}
          placeholder={t('forms.texts.thankYouPlaceholder')}
          onChange={(thankYou) =>
            onChange({ ...definition, thankYou: hasAnyText(thankYou) ? thankYou : undefined })
          }
          error={message('thankYou')}
        />
      </Card>
    </Stack>
  )
}
