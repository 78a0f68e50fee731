import { Button } from '@mantine/core'
import { isRouteErrorResponse, useRouteError } from '@remix-run/react'
import { useHasMessages, useText } from '../lib/text.tsx'

function statusOf(error: unknown): number {
  return isRouteErrorResponse(error) ? error.status : 500
}

/** The error page's content (one h1), in the resident's language; bilingual when that is unknown. */
export function ErrorView() {
  const error = useRouteError()
  const status = statusOf(error)
  const hasMessages = useHasMessages()
  // Details help developers; residents and attackers alike get none in production.
  const detail = import.meta.env.DEV && error instanceof Error ? error.stack : undefined
  return (
    <div className="k-stack">
      {hasMessages ? <TranslatedError status={status} /> : <BilingualError status={status} />}
      {detail ? <pre className="k-detail">{detail}</pre> : null}
    </div>
  )
}

function TranslatedError({ status }: { status: number }) {
  const { text } = useText()
  const kind = status === 404 ? 'notFound' : 'internal'
  return (
    <>
      <h1 className="k-title">{text(`errorPage.${kind}Title`)}</h1>
      <p>{text(`errorPage.${kind}Description`)}</p>
      <p className="k-muted">{text('errorPage.statusCode', { status })}</p>
      {status === 404 ? null : (
        <Button size="lg" fullWidth onClick={() => window.location.reload()}>
          {text('errorPage.reload')}
        </Button>
      )}
    </>
  )
}

/** Without root data there are no messages; Japanese and English cover most residents. */
function BilingualError({ status }: { status: number }) {
  const isNotFound = status === 404
  return (
    <>
      <h1 className="k-title">
        {isNotFound ? 'ページが見つかりません' : 'エラーが発生しました'}
        <span lang="en" className="k-subtitle">
          {isNotFound ? 'Page not found' : 'Something went wrong'}
        </span>
      </h1>
      <p>
        {isNotFound
          ? 'URLが間違っているか、ページが削除された可能性があります。'
          : '時間をおいて、もう一度お試しください。'}
      </p>
      <p lang="en">
        {isNotFound
          ? 'The address may be wrong, or the page may have been removed.'
          : 'Please try again in a little while.'}
      </p>
      <p className="k-muted">{status}</p>
    </>
  )
}
