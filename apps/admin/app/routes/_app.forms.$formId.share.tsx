import { useTranslation } from '@kairan/i18n'
import { EmptyState } from '@kairan/ui'
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Image,
  Loader,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { IconBrandLine, IconDownload, IconHistory, IconInfoCircle } from '@tabler/icons-react'
import QRCode from 'qrcode'
import { useEffect, useState } from 'react'
import { requirePagePermission, requireSignedIn } from '~/.server/staff.server.ts'
import { CopyUrlField } from '~/components/copy-url-field.tsx'
import { type LoadedForm, useFormRouteData } from '~/components/form-builder/form-route.ts'
import { formatDateTime } from '~/lib/friends.ts'

export const meta: MetaFunction = () => [{ title: 'Kairan — フォームの公開 / Share form' }]

export function loader({ context, request }: LoaderFunctionArgs) {
  requirePagePermission(requireSignedIn(context, request), 'forms.manage')
  return null
}

/** Links and QR codes for every channel of the city, and the published versions. */
export default function FormSharePage() {
  const { form, liffPublicUrl } = useFormRouteData()
  const { t } = useTranslation()
  if (!form) return null
  return (
    <Stack gap="lg" maw={960}>
      <Card withBorder>
        <Stack gap="md">
          <div>
            <Title order={2} size="h4">
              {t('forms.share.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('forms.share.help')}
            </Text>
          </div>
          <StatusNotice form={form} />
          {form.channels.length === 0 ? (
            <EmptyState
              icon={<IconBrandLine size={32} />}
              title={t('forms.share.noChannelsTitle')}
              description={t('forms.share.noChannelsText')}
            />
          ) : (
            form.channels.map((channel) => (
              <ChannelLinks
                key={channel.id}
                formId={form.id}
                title={form.draft.title.ja ?? ''}
                channel={channel}
                liffPublicUrl={liffPublicUrl}
              />
            ))
          )}
        </Stack>
      </Card>
      <Versions form={form} />
    </Stack>
  )
}

function StatusNotice({ form }: { form: LoadedForm }) {
  const { t } = useTranslation()
  if (form.status === 'open') return null
  const key =
    form.status === 'draft'
      ? 'forms.share.notice.draft'
      : form.status === 'scheduled'
        ? 'forms.share.notice.scheduled'
        : form.status === 'closed'
          ? 'forms.share.notice.closed'
          : 'forms.share.notice.archived'
  return (
    <Alert color={form.status === 'scheduled' ? 'blue' : 'yellow'} icon={<IconInfoCircle size={18} />}>
      <Text size="sm">{t(key)}</Text>
      {form.status === 'draft' ? (
        <Anchor component={Link} to={`/forms/${form.id}`} size="sm">
          {t('forms.share.goPublish')}
        </Anchor>
      ) : null}
    </Alert>
  )
}

function ChannelLinks({
  formId,
  title,
  channel,
  liffPublicUrl,
}: {
  formId: string
  title: string
  channel: LoadedForm['channels'][number]
  liffPublicUrl: string
}) {
  const { t } = useTranslation()
  const lineUrl = channel.liffId ? `https://liff.line.me/${channel.liffId}/forms/${formId}` : null
  const directUrl = `${liffPublicUrl}/c/${channel.id}/forms/${formId}`
  const fileBase = `${title || 'form'}_${channel.name}`
  return (
    <Card withBorder padding="md" data-channel-id={channel.id}>
      <Stack gap="md">
        <Group gap="xs">
          <IconBrandLine size={18} color="var(--mantine-color-green-7)" />
          <Text fw={600}>{channel.name}</Text>
        </Group>
        {lineUrl ? (
          <UrlWithQr
            label={t('forms.share.lineUrl')}
            description={t('forms.share.lineUrlHelp')}
            url={lineUrl}
            fileName={`${fileBase}_LINE.png`}
            testId="form-line-url"
            isRecommended
          />
        ) : (
          <Alert color="gray" p="sm" icon={<IconInfoCircle size={16} />}>
            <Text size="sm">{t('forms.share.noLiff')}</Text>
            <Anchor component={Link} to={`/settings/channels/${channel.id}`} size="sm">
              {t('forms.share.noLiffLink')}
            </Anchor>
          </Alert>
        )}
        <UrlWithQr
          label={t('forms.share.directUrl')}
          description={t('forms.share.directUrlHelp')}
          url={directUrl}
          fileName={`${fileBase}.png`}
          testId="form-direct-url"
        />
      </Stack>
    </Card>
  )
}

/** File names staff download: keep letters (Japanese too), drop what file systems refuse. */
function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 120)
}

function UrlWithQr({
  label,
  description,
  url,
  fileName,
  testId,
  isRecommended = false,
}: {
  label: string
  description: string
  url: string
  fileName: string
  testId: string
  isRecommended?: boolean
}) {
  const { t } = useTranslation()
  const [qr, setQr] = useState<string | null>(null)
  useEffect(() => {
    let isCurrent = true
    // Large enough to print on an A4 poster; a data: URL, so nothing leaves the page.
    QRCode.toDataURL(url, { width: 640, margin: 2, errorCorrectionLevel: 'M' })
      .then((data) => {
        if (isCurrent) setQr(data)
      })
      .catch(() => {
        if (isCurrent) setQr(null)
      })
    return () => {
      isCurrent = false
    }
  }, [url])
  return (
    <Group align="flex-start" gap="md" wrap="wrap">
      <Stack gap={4} style={{ flex: '1 1 360px', minWidth: 0 }}>
        {isRecommended ? (
          <Badge size="xs" color="green" variant="light">
            {t('forms.share.recommended')}
          </Badge>
        ) : null}
        <CopyUrlField label={label} description={description} value={url} testId={testId} />
      </Stack>
      <Stack gap={4} align="center" w={140}>
        {qr ? (
          <Image
            src={qr}
            alt={t('forms.share.qrAlt', { label })}
            w={120}
            h={120}
            data-testid={`${testId}-qr`}
          />
        ) : (
          <Loader size="sm" my={48} />
        )}
        <Button
          component="a"
          href={qr ?? undefined}
          download={safeFileName(fileName)}
          size="compact-xs"
          variant="light"
          leftSection={<IconDownload size={12} />}
          disabled={!qr}
        >
          {t('forms.share.saveQr')}
        </Button>
      </Stack>
    </Group>
  )
}

function Versions({ form }: { form: LoadedForm }) {
  const { t, i18n } = useTranslation()
  const versions = [...form.versions].sort((a, b) => b.version - a.version)
  return (
    <Card withBorder>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            {t('forms.versions.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('forms.versions.help')}
          </Text>
        </div>
        {versions.length === 0 ? (
          <EmptyState
            icon={<IconHistory size={32} />}
            title={t('forms.versions.emptyTitle')}
            description={t('forms.versions.emptyText')}
          />
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing="xs" data-testid="form-versions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('forms.versions.version')}</Table.Th>
                  <Table.Th>{t('forms.versions.publishedAt')}</Table.Th>
                  <Table.Th>{t('forms.versions.publishedBy')}</Table.Th>
                  <Table.Th ta="right">{t('forms.versions.answers')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {versions.map((v) => (
                  <Table.Tr key={v.id}>
                    <Table.Td>
                      <Group gap="xs">
                        <Text size="sm" fw={500}>
                          {t('forms.versions.number', { version: v.version })}
                        </Text>
                        {form.currentVersion?.id === v.id ? (
                          <Badge size="xs" color="green" variant="light">
                            {t('forms.versions.current')}
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(v.publishedAt, i18n.language)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={v.publishedBy ? undefined : 'dimmed'}>
                        {v.publishedBy ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">{t('forms.versions.answerCount', { count: v.responseCount })}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  )
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'
