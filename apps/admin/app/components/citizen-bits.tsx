import { useTranslation } from '@kairan/i18n'
import {
  ActionIcon,
  Avatar,
  type AvatarProps,
  Badge,
  CopyButton,
  Group,
  Text,
  type TextProps,
  Tooltip,
} from '@mantine/core'
import { IconCheck, IconCopy, IconDeviceMobile } from '@tabler/icons-react'
import type { CitizenStatus } from '~/lib/friends.ts'

const STATUS_LOOKS: Record<CitizenStatus, { color: string; key: string }> = {
  following: { color: 'green', key: 'friends.statusFollowing' },
  blocked: { color: 'red', key: 'friends.statusBlocked' },
  not_following: { color: 'gray', key: 'friends.statusNotFollowing' },
}

export function CitizenStatusBadge({ status }: { status: CitizenStatus }) {
  const { t } = useTranslation()
  const look = STATUS_LOOKS[status]
  return (
    <Badge color={look.color} variant="light" data-status={status}>
      {t(look.key)}
    </Badge>
  )
}

/** The resident's LINE picture, or their initial when there is none (or it cannot be loaded). */
export function CitizenAvatar({
  name,
  pictureUrl,
  ...props
}: { name: string | null; pictureUrl: string | null } & Omit<AvatarProps, 'src' | 'name'>) {
  return (
    <Avatar src={pictureUrl} alt="" radius="xl" color="green" {...props}>
      {name ? Array.from(name)[0] : null}
    </Avatar>
  )
}

/** The display name, or 「（名前未取得）」 when LINE has not given us one. */
export function CitizenName({ name, ...props }: { name: string | null } & TextProps) {
  const { t } = useTranslation()
  return name ? (
    <Text span {...props}>
      {name}
    </Text>
  ) : (
    <Text span c="dimmed" fs="italic" {...props}>
      {t('friends.noName')}
    </Text>
  )
}

export function TestDeviceBadge({ label }: { label: string }) {
  const { t } = useTranslation()
  return (
    <Tooltip label={label}>
      <Badge
        color="violet"
        variant="light"
        tt="none"
        leftSection={<IconDeviceMobile size={12} aria-hidden />}
      >
        {t('testDevices.badge')}
      </Badge>
    </Tooltip>
  )
}

/** A copy-to-clipboard icon button for a value shown next to it. */
export function CopyIconButton({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation()
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? t('common.copied') : label} withArrow>
          <ActionIcon
            variant="subtle"
            color={copied ? 'teal' : 'gray'}
            onClick={copy}
            aria-label={copied ? t('common.copied') : label}
          >
            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  )
}

/** A value in small monospace with its copy button (LINE user IDs). */
export function MonoWithCopy({ value, copyLabel }: { value: string; copyLabel: string }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Text ff="monospace" size="xs" style={{ wordBreak: 'break-all' }}>
        {value}
      </Text>
      <CopyIconButton value={value} label={copyLabel} />
    </Group>
  )
}
