import type { FormResponseDetail } from '@kairan/core'
import { useTranslation } from '@kairan/i18n'
import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core'
import { IconExternalLink, IconFile, IconPhoto, IconVideo } from '@tabler/icons-react'

type AttachedFile = FormResponseDetail['files'][number]

/** The staff media route: the decrypted file, access-logged on every fetch. */
export function uploadUrl(uploadId: string): string {
  return `/forms/uploads/${uploadId}`
}

function fileSize(bytes: number, lang: string): string {
  const format = new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 1 })
  if (bytes < 1024) return `${format.format(bytes)} B`
  if (bytes < 1024 * 1024) return `${format.format(bytes / 1024)} KB`
  return `${format.format(bytes / (1024 * 1024))} MB`
}

/**
 * The files of an answer with their type and size; videos play here (loaded only when played, so
 * merely opening the page does not fetch them), images open full size in a new tab.
 */
export function AttachedFiles({ files }: { files: AttachedFile[] }) {
  const { t, i18n } = useTranslation()
  return (
    <Card withBorder data-testid="answer-files">
      <Stack gap="md">
        <Title order={2} size="h4">
          {t('formAnswers.detail.files')}
        </Title>
        {files.map((file) => {
          const isVideo = file.contentType.startsWith('video/')
          const isImage = file.contentType.startsWith('image/')
          const Icon = isVideo ? IconVideo : isImage ? IconPhoto : IconFile
          const name = file.fileName ?? t('formAnswers.detail.unnamedFile')
          return (
            <Stack key={file.id} gap="xs">
              <Group gap="sm" wrap="nowrap" justify="space-between">
                <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                  <Icon size={18} aria-hidden />
                  <Text size="sm" truncate="end" title={name}>
                    {name}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {fileSize(file.byteSize, i18n.language)}
                  </Text>
                </Group>
                <Anchor href={uploadUrl(file.id)} target="_blank" rel="noopener noreferrer" size="sm">
                  <Group gap={4} component="span" wrap="nowrap">
                    {t('formAnswers.detail.openFile')}
                    <IconExternalLink size={14} aria-hidden />
                  </Group>
                </Anchor>
              </Group>
              {isVideo ? (
                // biome-ignore lint/a11y/useMediaCaption: residents' own recordings have no captions to offer.
                <video
                  controls
                  preload="none"
                  src={uploadUrl(file.id)}
                  style={{ width: '100%', maxHeight: 360, borderRadius: 8, background: '#000' }}
                  aria-label={name}
                >
                  {t('formAnswers.detail.videoUnsupported')}
                </video>
              ) : null}
            </Stack>
          )
        })}
      </Stack>
    </Card>
  )
}
