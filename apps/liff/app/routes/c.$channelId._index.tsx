import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { IconAdjustments, IconChevronRight, IconCircleCheck, IconUserPlus } from '@tabler/icons-react'
import { citizenCaller, requireChannel } from '~/.server/citizen.server.ts'
import { formatDateTime } from '~/.server/forms.server.ts'
import { pageLanguage } from '~/.server/i18n.server.ts'
import { ErrorView } from '~/components/error-view.tsx'
import { type OpenFormItem, OpenForms } from '~/components/forms/open-forms.tsx'
import { LanguageSetting } from '~/components/language-setting.tsx'
import { useText } from '~/lib/text.tsx'
import type { ChannelLayoutData } from './c.$channelId.tsx'

/**
 * The forms the resident can answer now (and single-answer forms they may still change). A failing
 * list must not take My page down with it: the section then says so.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const channel = requireChannel(context, params)
  if (!context.citizen) return null
  const language = await pageLanguage(request, context)
  let forms: OpenFormItem[] | null
  try {
    const rows = await citizenCaller(context, channel).forms.listOpen()
    forms = rows.map((row) => ({
      id: row.id,
      title: row.title,
      closesAt: row.closesAt ? formatDateTime(row.closesAt, language) : null,
      answerMode: row.answerMode,
      myResponseCount: row.myResponseCount,
    }))
  } catch (error) {
    context.log.error({ err: error }, 'open forms for My page failed')
    forms = null
  }
  return { forms }
}

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((m) => m.id === 'root')?.data as { messages?: { myPage: { title: string } } }
  const layout = matches.find((m) => m.id === 'routes/c.$channelId')?.data as ChannelLayoutData | undefined
  const title = (root?.messages?.myPage.title ?? '').replace(/\{([^{}|]+)\|[^{}|]+\}/g, '$1')
  return [{ title: [title, layout?.channel.name].filter(Boolean).join(' | ') }]
}

/**
 * My page: who the resident is to the city's account (LINE name and picture, friend or not), the
 * forms they can answer, and the language of their pages. Rendered only for a signed-in resident (see the layout).
 */
export default function MyPage() {
  const data = useRouteLoaderData<ChannelLayoutData>('routes/c.$channelId')
  const page = useLoaderData<typeof loader>()
  const { text, plain } = useText()
  if (!data?.profile) return null
  const { channel, profile } = data
  const name = profile.displayName ?? ''
  const account = channel.name
  return (
    <div className="k-stack">
      <h1 className="k-title">{text('myPage.title')}</h1>

      <section className="k-card k-profile" aria-label={plain('myPage.nameLabel')}>
        {profile.pictureUrl ? (
          <img
            className="k-avatar"
            src={profile.pictureUrl}
            alt={plain('myPage.pictureAlt', { name: name || plain('myPage.noName') })}
            width={72}
            height={72}
            referrerPolicy="no-referrer"
          />
        ) : null}
        <div className="k-profile-text">
          <p className="k-label">{text('myPage.nameLabel')}</p>
          <p className="k-name">{name || text('myPage.noName')}</p>
        </div>
      </section>

      {page ? <OpenForms channelId={channel.id} language={profile.language} forms={page.forms} /> : null}

      <Link className="k-form-link" to={`/c/${channel.id}/settings`} data-testid="my-settings-link">
        <IconAdjustments aria-hidden="true" size={26} className="k-form-link-icon" />
        <span className="k-form-link-text">
          <span className="k-form-link-title">{text('settings.linkTitle')}</span>
          <span className="k-form-link-meta">{text('settings.linkDescription')}</span>
        </span>
        <IconChevronRight aria-hidden="true" size={22} className="k-form-link-icon" />
      </Link>

      <section className="k-card" aria-labelledby="friend-heading">
        <h2 id="friend-heading" className="k-heading">
          {text('myPage.friendTitle')}
        </h2>
        {profile.isFriend ? (
          <div className="k-status k-status-ok">
            <IconCircleCheck aria-hidden="true" size={28} stroke={1.8} />
            <div>
              <p className="k-status-title">{text('myPage.friend')}</p>
              <p>{text('myPage.friendDescription', { account })}</p>
            </div>
          </div>
        ) : (
          <div className="k-status k-status-hint">
            <IconUserPlus aria-hidden="true" size={28} stroke={1.8} />
            <div>
              <p className="k-status-title">{text('myPage.notFriend')}</p>
              <p>{text('myPage.notFriendDescription', { account })}</p>
            </div>
          </div>
        )}
      </section>

      <LanguageSetting channelId={channel.id} current={profile.language} />
    </div>
  )
}

/** A failure inside My page keeps the header (and its language menu). */
export function ErrorBoundary() {
  return <ErrorView />
}
