import { useTranslation } from '@kairan/i18n'
import { Badge, type BadgeProps } from '@mantine/core'
import { IconBroadcast, IconFlask } from '@tabler/icons-react'

export type ChannelKind = 'production' | 'staging'

export type EnvironmentBadgeProps = Omit<BadgeProps, 'color' | 'children' | 'leftSection'> & {
  kind: ChannelKind
  /** Translated text; defaults to `common.production` (本番) / `common.staging` (検証用). */
  label?: string
}

const looks = {
  // Staging stands out in warm colours so nobody mistakes a test send for a real one.
  staging: { color: 'orange', Icon: IconFlask },
  production: { color: 'blue', Icon: IconBroadcast },
} as const

/** Marks which LINE channel (real residents or the test account) a screen or action targets. */
export function EnvironmentBadge({ kind, label, variant = 'light', ...badgeProps }: EnvironmentBadgeProps) {
  const { t } = useTranslation()
  const { color, Icon } = looks[kind]
  return (
    <Badge
      {...badgeProps}
      variant={variant}
      color={color}
      leftSection={<Icon size={12} stroke={2} aria-hidden />}
      data-environment={kind}
    >
      {label ?? t(kind === 'staging' ? 'common.staging' : 'common.production')}
    </Badge>
  )
}
