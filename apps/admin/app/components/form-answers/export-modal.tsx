import { useTranslation } from '@kairan/i18n'
import { Alert, Button, Group, Modal, Radio, SegmentedControl, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconDownload, IconShieldCheck } from '@tabler/icons-react'
import { useState } from 'react'
import { type AnswerPageFilters, answerFiltersToSearch, hasAnswerFilters } from './answer-filters.ts'

type ExportFormat = 'csv' | 'xlsx'

type ExportModalProps = {
  formId: string
  filters: AnswerPageFilters
  /** Answers the current filters keep (what the file will hold). */
  count: number
  opened: boolean
  onClose: () => void
}

/** The download link of an export with the page's filters (the resource route logs it). */
export function exportHref(
  formId: string,
  filters: AnswerPageFilters,
  format: ExportFormat,
  language: string,
) {
  const search = answerFiltersToSearch(filters)
  search.set('format', format)
  search.set('lang', language)
  return `/forms/${formId}/answers/export?${search.toString()}`
}

/** Choose CSV or .xlsx and the language of questions and options, then download. */
export function ExportModal({ formId, filters, count, opened, onClose }: ExportModalProps) {
  const { t, i18n } = useTranslation()
  const [format, setFormat] = useState<ExportFormat>('xlsx')
  const [language, setLanguage] = useState(i18n.language === 'en' ? 'en' : 'ja')
  const isFiltered = hasAnswerFilters(filters)
  return (
    <Modal opened={opened} onClose={onClose} title={t('formAnswers.export.title')} size="lg">
      <Stack gap="md">
        <Radio.Group
          label={t('formAnswers.export.format')}
          value={format}
          onChange={(value) => setFormat(value === 'csv' ? 'csv' : 'xlsx')}
        >
          <Stack gap="xs" mt="xs">
            <Radio
              value="xlsx"
              label={t('formAnswers.export.xlsx')}
              description={t('formAnswers.export.xlsxHelp')}
              data-testid="export-format-xlsx"
            />
            <Radio
              value="csv"
              label={t('formAnswers.export.csv')}
              description={t('formAnswers.export.csvHelp')}
              data-testid="export-format-csv"
            />
          </Stack>
        </Radio.Group>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="export-language-label">
            {t('formAnswers.export.language')}
          </Text>
          <SegmentedControl
            aria-labelledby="export-language-label"
            value={language}
            onChange={setLanguage}
            data={[
              { value: 'ja', label: t('common.japanese') },
              { value: 'en', label: t('common.english') },
            ]}
            w={{ base: '100%', xs: 260 }}
          />
          <Text size="xs" c="dimmed">
            {t('formAnswers.export.languageHelp')}
          </Text>
        </Stack>
        <Text size="sm">
          {isFiltered
            ? t('formAnswers.export.scopeFiltered', { count })
            : t('formAnswers.export.scopeAll', { count })}
        </Text>
        <Alert color="orange" variant="light" icon={<IconShieldCheck size={18} />}>
          {t('formAnswers.export.logged')}
        </Alert>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            component="a"
            href={exportHref(formId, filters, format, language)}
            download
            leftSection={<IconDownload size={16} />}
            data-testid="export-download"
            onClick={() => {
              notifications.show({ message: t('formAnswers.export.started'), color: 'green' })
              onClose()
            }}
          >
            {t('formAnswers.export.download')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
