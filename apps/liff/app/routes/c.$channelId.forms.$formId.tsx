// The form's fields are Mantine inputs; the other pages need none of their styles.
import '@mantine/core/styles/Input.css'
import { localize } from '@kairan/forms'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  isRouteErrorResponse,
  useLoaderData,
  useParams,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { TRPCError } from '@trpc/server'
import { citizenCaller, requireChannel } from '~/.server/citizen.server.ts'
import { formatDateTime } from '~/.server/forms.server.ts'
import { pageLanguage } from '~/.server/i18n.server.ts'
import { ErrorView } from '~/components/error-view.tsx'
import { FormPage } from '~/components/forms/form-page.tsx'
import { MyPageLink } from '~/components/forms/form-states.tsx'
import { useText } from '~/lib/text.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import type { ChannelLayoutData } from './c.$channelId.tsx'

/**
 * `/c/:channelId/forms/:formId`: a form as the resident sees it (LINE opens
 * `https://liff.line.me/<liffId>/forms/<formId>` here). The citizen router decides what they may
 * see: the published version (staff notes stripped), the form's state and their own answers. An
 * unknown form, or another city's, is a 404. Dates are formatted here, in the page's language, so
 * the server's and the browser's renderings match.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const channel = requireChannel(context, params)
  // Without a session the layout shows the sign-in shell instead of this page.
  if (!context.citizen) return null
  const language = await pageLanguage(request, context)
  let form: Awaited<ReturnType<ReturnType<typeof citizenCaller>['forms']['get']>>
  try {
    form = await citizenCaller(context, channel).forms.get({ formId: params.formId ?? '' })
  } catch (error) {
    // Not found, another tenant's, or not a form id at all.
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) {
      throw new Response(null, { status: 404 })
    }
    throw error
  }
  if (!form.version) throw new Response(null, { status: 404 })
  const date = (value: Date | string | null) => (value ? formatDateTime(value, language) : null)
  return {
    channelId: channel.id,
    form: {
      id: form.formId,
      answerMode: form.answerMode,
      status: form.status,
      opensAt: date(form.opensAt),
      closesAt: date(form.closesAt),
      sendsReceipt: form.sendsReceipt,
      version: form.version,
      myResponses: form.myResponses.map((response) => ({
        id: response.id,
        formVersionId: response.formVersionId,
        submittedAt: date(response.submittedAt) ?? '',
        editedAt:
          new Date(response.updatedAt).getTime() - new Date(response.submittedAt).getTime() > 1000
            ? date(response.updatedAt)
            : null,
        answers: response.answers,
        files: response.files,
      })),
    },
  }
}
export type FormPageData = NonNullable<Awaited<ReturnType<typeof loader>>>

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const root = matches.find((m) => m.id === 'root')?.data as { lang?: string } | undefined
  const layout = matches.find((m) => m.id === 'routes/c.$channelId')?.data as ChannelLayoutData | undefined
  const title = data?.form.version
    ? localize(data.form.version.definition.title, root?.lang ?? 'ja').replace(
        /\{([^{}|]+)\|[^{}|]+\}/g,
        '$1',
      )
    : ''
  return [{ title: [title, layout?.channel.name].filter(Boolean).join(' | ') }]
}

export default function FormRoute() {
  const data = useLoaderData<typeof loader>()
  const root = useRouteLoaderData<typeof rootLoader>('root')
  if (!data) return null
  return <FormPage channelId={data.channelId} form={data.form} language={root?.lang ?? 'ja'} />
}

/**
 * An unknown form (a mistyped link, another city's, one withdrawn): said plainly, with the way to
 * My page and its list of forms. Other failures: the general error view. The header, and its
 * language menu, stay either way.
 */
export function ErrorBoundary() {
  const error = useRouteError()
  const { channelId } = useParams()
  const { text } = useText()
  if (!isRouteErrorResponse(error) || error.status !== 404 || !channelId) return <ErrorView />
  return (
    <div className="k-stack">
      <h1 className="k-title">{text('errorPage.notFoundTitle')}</h1>
      <p>{text('errors.form_not_found')}</p>
      <MyPageLink channelId={channelId} variant="filled" />
    </div>
  )
}
