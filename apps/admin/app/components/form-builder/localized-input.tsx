import type { LocalizedText } from '@kairan/forms'
import { setLocalizedText } from '@kairan/forms'
import { useTranslation } from '@kairan/i18n'
import { Badge, Text, Textarea, TextInput } from '@mantine/core'
import type { ReactNode } from 'react'

export type LocalizedInputProps = {
  label: ReactNode
  description?: ReactNode
  value: LocalizedText | undefined
  onChange: (next: LocalizedText) => void
  /** The builder's language tab: the input edits this language. */
  language: string
  /** Japanese must be filled in (question labels, option labels, the consent checkbox). */
  isRequired?: boolean
  isMultiline?: boolean
  maxLength?: number
  placeholder?: string
  /** A message (already translated) to show on the field: a save or publish issue. */
  error?: string | null
  autoFocus?: boolean
  testId?: string
}

/**
 * One text of the form in the language being edited. In a translation tab the Japanese original
 * is shown under the input as a reference, and a text still missing its translation is marked,
 * so staff can find what is left to translate.
 */
export function LocalizedInput({
  label,
  description,
  value,
  onChange,
  language,
  isRequired = false,
  isMultiline = false,
  maxLength,
  placeholder,
  error,
  autoFocus,
  testId,
}: LocalizedInputProps) {
  const { t } = useTranslation()
  const isJapanese = language === 'ja'
  const japanese = value?.ja?.trim() ?? ''
  const current = value?.[language] ?? ''
  const isMissing = !isJapanese && japanese !== '' && current.trim() === ''
  const reference = isJapanese ? null : (
    <Text size="xs" c="dimmed" component="span" style={{ whiteSpace: 'pre-wrap' }}>
      {japanese ? t('forms.lang.reference', { text: japanese }) : t('forms.lang.referenceEmpty')}
    </Text>
  )
  // Nothing to translate: an optional text left empty in Japanese is hidden in translation tabs.
  if (!isJapanese && !isRequired && japanese === '' && current.trim() === '') return null
  // Inline, so Mantine's required asterisk stays on the label's line.
  const fieldLabel = isMissing ? (
    <>
      {label}{' '}
      <Badge size="xs" color="yellow" variant="light" component="span" style={{ verticalAlign: 'middle' }}>
        {t('forms.lang.missingBadge')}
      </Badge>
    </>
  ) : (
    label
  )
  const common = {
    label: fieldLabel,
    description: isJapanese ? description : reference,
    value: current,
    onChange: (e: { currentTarget: { value: string } }) =>
      onChange(setLocalizedText(value, language, e.currentTarget.value)),
    required: isRequired && isJapanese,
    maxLength,
    placeholder: isJapanese ? placeholder : japanese || undefined,
    error: error ?? undefined,
    autoFocus,
    lang: language === 'ja-easy' ? 'ja' : language,
    'data-testid': testId,
    'data-missing-translation': isMissing ? 'true' : undefined,
    styles: isMissing ? { input: { borderColor: 'var(--mantine-color-yellow-6)' } } : undefined,
  }
  return isMultiline ? <Textarea autosize minRows={2} maxRows={10} {...common} /> : <TextInput {...common} />
}
