import { type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { myProfile, requireChannel } from '~/.server/citizen.server.ts'
import { liffStateTarget } from '~/.server/i18n.server.ts'
import { ErrorView } from '~/components/error-view.tsx'
import { SignInShell } from '~/components/sign-in-shell.tsx'
import { SiteHeader } from '~/components/site-header.tsx'
import { hasEmulatorToken } from '~/lib/liff.client.ts'

/**
 * Every page of a channel: the channel (404 when unknown) and, when signed in, the resident's
 * profile. Child routes render only for a signed-in resident; without a session the sign-in shell
 * takes their place. Child loaders run either way, so they must return null without `context.citizen`.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const channel = requireChannel(context, params)
  const profile = await myProfile(context)
  if (profile) {
    // A deep link (`https://liff.line.me/<liffId>/path`) arrives as `?liff.state=/path`.
    const target = liffStateTarget(request.url, channel.id)
    if (target) throw redirect(target)
  }
  return {
    channel: {
      id: channel.id,
      name: channel.name,
      liffId: channel.liffId,
      isLiffConfigured: channel.isLiffConfigured,
      isEmulator: channel.emulatorOrigin !== null,
    },
    profile,
  }
}
export type ChannelLayoutData = Awaited<ReturnType<typeof loader>>

/** Residents' own data: never stored by a cache or the browser's back/forward store. */
export const headers = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.channel.name || 'LINE' }]

export default function ChannelLayout() {
  const { channel, profile } = useLoaderData<typeof loader>()
  // The emulator's phone page opens the page with a token for the resident it shows, who may not be
  // the one this browser's cookie belongs to: sign in again then.
  const [isSwitching, setIsSwitching] = useState(false)
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on the page's first load.
  useEffect(() => {
    if (channel.isEmulator && profile && hasEmulatorToken()) setIsSwitching(true)
  }, [])
  return (
    <>
      <SiteHeader channelId={channel.id} channelName={channel.name} />
      <main id="main" className="k-main">
        {profile && !isSwitching ? (
          <Outlet />
        ) : (
          <SignInShell
            channel={channel}
            isSignedIn={profile !== null}
            onSignedIn={() => setIsSwitching(false)}
          />
        )}
      </main>
    </>
  )
}

/** The channel itself failed (unknown channel: 404): no header, just the explanation. */
export function ErrorBoundary() {
  return (
    <main id="main" className="k-main">
      <ErrorView />
    </main>
  )
}
