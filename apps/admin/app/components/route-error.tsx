import { useTranslation } from '@kairan/i18n'
import { EmptyState } from '@kairan/ui'
import { Button } from '@mantine/core'
import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { IconAlertTriangle, IconLock, IconSearch } from '@tabler/icons-react'

/**
 * The error boundary of every signed-in page: it renders inside the admin shell, so the
 * navigation stays and the staff member can go on elsewhere (403 for a missing permission, 404…).
 */
export function RouteErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const kind = status === 404 ? 'notFound' : status === 401 || status === 403 ? 'forbidden' : 'internal'
  const Icon = kind === 'forbidden' ? IconLock : kind === 'notFound' ? IconSearch : IconAlertTriangle
  return (
    <EmptyState
      icon={<Icon size={36} />}
      title={t(`errorPage.${kind}Title`)}
      description={`${t(`errorPage.${kind}Description`)} (${t('errorPage.statusCode', { status })})`}
      action={
        <Button component={Link} to="/">
          {t('errorPage.backHome')}
        </Button>
      }
    />
  )
}
