import { useTranslation } from '@kairan/i18n'
import { Badge, type BadgeProps } from '@mantine/core'

export const FORM_STATUSES = ['draft', 'open', 'scheduled', 'closed', 'archived'] as const
export type FormStatus = (typeof FORM_STATUSES)[number]

const COLORS: Record<FormStatus, string> = {
  draft: 'gray',
  open: 'green',
  scheduled: 'blue',
  closed: 'orange',
  archived: 'dark',
}

export function isFormStatus(value: unknown): value is FormStatus {
  return typeof value === 'string' && (FORM_STATUSES as readonly string[]).includes(value)
}

/** 下書き / 受付中 / 受付前 / 受付終了 / アーカイブ */
export function FormStatusBadge({ status, ...props }: { status: FormStatus } & Omit<BadgeProps, 'children'>) {
  const { t } = useTranslation()
  return (
    // A span: the badge also sits inside paragraphs (the page header's description).
    <Badge
      component="span"
      color={COLORS[status]}
      variant={status === 'open' ? 'filled' : 'light'}
      {...props}
    >
      {t(`forms.status.${status}`)}
    </Badge>
  )
}
