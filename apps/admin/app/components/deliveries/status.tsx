import { useTranslation } from '@kairan/i18n'
import { Badge, type BadgeProps } from '@mantine/core'
import { type DeliveryStatus, isDeliveryStatus } from './content.ts'

const COLORS: Record<DeliveryStatus, string> = {
  draft: 'gray',
  scheduled: 'blue',
  sending: 'cyan',
  sent: 'green',
  partially_failed: 'orange',
  failed: 'red',
  cancelled: 'dark',
}

/** 下書き / 予約済み / 配信中 / 配信済み / 一部失敗 / 失敗 / 取り消し */
export function DeliveryStatusBadge({ status, ...props }: { status: string } & Omit<BadgeProps, 'children'>) {
  const { t } = useTranslation()
  if (!isDeliveryStatus(status)) return null
  return (
    <Badge
      color={COLORS[status]}
      variant={status === 'sending' ? 'filled' : 'light'}
      data-testid="delivery-status"
      data-status={status}
      {...props}
    >
      {t(`deliveries.status.${status}`)}
    </Badge>
  )
}
