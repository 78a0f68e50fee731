import {
  type Answers,
  CONSENT_FIELD,
  type FieldErrors,
  type FormDefinition,
  type RawAnswers,
  validateAnswer,
  validateSubmission,
} from '@kairan/forms'
import { AnswerSummary, FormView } from '@kairan/forms/react'
import { useTranslation } from '@kairan/i18n'
import { PhoneFrame } from '@kairan/ui'
import { Alert, Button, Group, Stack, Text } from '@mantine/core'
import { IconArrowBackUp, IconChecklist, IconEraser } from '@tabler/icons-react'
import { Component, type ReactNode, useState } from 'react'

/**
 * The live preview: the same renderer and the same validator as the LIFF page, in the language
 * being edited, inside a phone frame. Staff can type answers and press "入力チェックを試す" to see
 * exactly the messages residents would get; a passing check shows the confirmation screen.
 */
export function FormPreview({
  definition,
  language,
  frameHeight,
}: {
  definition: FormDefinition
  language: string
  /** CSS height of the phone screen (it scrolls inside). */
  frameHeight: string
}) {
  const { t } = useTranslation()
  const [values, setValues] = useState<RawAnswers>({})
  const [consent, setConsent] = useState(false)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [checked, setChecked] = useState<
    { ok: true; answers: Answers } | { ok: false; count: number } | null
  >(null)
  const options = { language, audience: 'resident' as const }

  const runCheck = () => {
    try {
      const result = validateSubmission(definition, { answers: values, consent }, options)
      if (result.ok) {
        setErrors({})
        setChecked({ ok: true, answers: result.answers })
      } else {
        setErrors(result.errors)
        setChecked({ ok: false, count: Object.keys(result.errors).length })
      }
    } catch {
      // An unfinished definition (a pattern being typed…) cannot be checked yet.
      setChecked({ ok: false, count: -1 })
    }
  }
  const reset = () => {
    setValues({})
    setConsent(false)
    setErrors({})
    setChecked(null)
  }

  return (
    <Stack gap="sm" data-testid="form-preview">
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          {t('forms.preview.title')}
        </Text>
        <Group gap="xs">
          <Button
            size="xs"
            variant="subtle"
            color="gray"
            leftSection={<IconEraser size={14} />}
            onClick={reset}
          >
            {t('forms.preview.reset')}
          </Button>
          <Button
            size="xs"
            leftSection={<IconChecklist size={14} />}
            onClick={runCheck}
            data-testid="preview-check"
          >
            {t('forms.preview.check')}
          </Button>
        </Group>
      </Group>
      {checked && !checked.ok ? (
        <Alert color={checked.count < 0 ? 'gray' : 'red'} p="xs" role="status">
          <Text size="xs">
            {checked.count < 0
              ? t('forms.preview.cannotCheck')
              : t('forms.preview.errors', { count: checked.count })}
          </Text>
        </Alert>
      ) : null}
      {checked?.ok ? (
        <Alert color="green" p="xs" role="status">
          <Text size="xs">{t('forms.preview.ok')}</Text>
        </Alert>
      ) : null}
      <PreviewBoundary resetKey={`${language}:${JSON.stringify(definition)}`} fallback={<PreviewBroken />}>
        <PhoneFrame label={t('forms.preview.frameLabel')} height={frameHeight}>
          {checked?.ok ? (
            <Stack gap="md" p="md">
              <AnswerSummary
                definition={definition}
                language={language}
                answers={checked.answers}
                files={{}}
              />
              <Button
                variant="default"
                leftSection={<IconArrowBackUp size={16} />}
                onClick={() => setChecked(null)}
              >
                {t('forms.preview.backToForm')}
              </Button>
            </Stack>
          ) : (
            <div style={{ padding: 16 }}>
              <FormView
                definition={definition}
                language={language}
                values={values}
                onChange={(questionId, value) => {
                  setValues((v) => ({ ...v, [questionId]: value }))
                  setErrors(({ [questionId]: _cleared, ...rest }) => rest)
                }}
                errors={errors}
                consent={consent}
                onConsentChange={(next) => {
                  setConsent(next)
                  setErrors(({ [CONSENT_FIELD]: _cleared, ...rest }) => rest)
                }}
                files={{}}
                onBlurQuestion={(questionId) => {
                  try {
                    const result = validateAnswer(definition, questionId, values, options)
                    setErrors(({ [questionId]: _old, ...rest }) =>
                      result.ok ? rest : { ...rest, [questionId]: result.error },
                    )
                  } catch {
                    // As above: nothing to say about an unfinished definition.
                  }
                }}
                headingLevel={2}
                idPrefix="preview"
              />
            </div>
          )}
        </PhoneFrame>
      </PreviewBoundary>
      <Text size="xs" c="dimmed">
        {t('forms.preview.note')}
      </Text>
    </Stack>
  )
}

function PreviewBroken() {
  const { t } = useTranslation()
  return (
    <Alert color="gray" p="sm">
      <Text size="sm">{t('forms.preview.broken')}</Text>
    </Alert>
  )
}

/** A half-edited definition must never take the builder down with the preview. */
class PreviewBoundary extends Component<
  { resetKey: string; fallback: ReactNode; children: ReactNode },
  { failedKey: string | null }
> {
  override state = { failedKey: null as string | null }
  static getDerivedStateFromError() {
    return { failedKey: '__pending' }
  }
  override componentDidCatch() {
    this.setState({ failedKey: this.props.resetKey })
  }
  override render() {
    const { failedKey } = this.state
    if (failedKey !== null && (failedKey === '__pending' || failedKey === this.props.resetKey))
      return this.props.fallback
    return this.props.children
  }
}
