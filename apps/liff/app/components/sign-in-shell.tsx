import { Button, Loader } from '@mantine/core'
import { useFetcher, useNavigation } from '@remix-run/react'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { getIdToken, type IdTokenOutcome } from '../lib/liff.client.ts'
import { useText } from '../lib/text.tsx'
import type { SessionActionData } from '../routes/c.$channelId.session.tsx'

type Channel = { id: string; liffId: string | null; isLiffConfigured: boolean; isEmulator: boolean }

type FailureKey =
  | SessionActionData['key']
  | 'errors.liff_init_failed'
  | 'errors.liff_token_missing'
  | 'errors.network'
  | 'signIn.cookiesBlocked'

/** The address to come back to after signing in: path and query, without LIFF's login parameters. */
function returnPath(): string {
  const url = new URL(window.location.href)
  if (url.searchParams.has('liffClientId')) {
    for (const name of ['code', 'state', 'liffClientId', 'liffRedirectUri']) url.searchParams.delete(name)
  }
  return `${url.pathname}${url.search}`
}

/**
 * What a page shows until the resident is signed in: a light "signing in" screen whose script runs
 * LIFF (loaded only now), posts the ID token to `/c/:channelId/session` and lets the redirect bring
 * the page back signed in. Failures stay on screen, translated, with a way to try again.
 */
export function SignInShell({
  channel,
  isSignedIn,
  onSignedIn,
}: {
  channel: Channel
  /** Already signed in (the emulator switched residents): signing in again replaces the session. */
  isSignedIn: boolean
  onSignedIn: () => void
}) {
  const { text } = useText()
  const fetcher = useFetcher<SessionActionData>()
  const navigation = useNavigation()
  const [failure, setFailure] = useState<FailureKey | null>(
    channel.isLiffConfigured ? null : 'errors.liff_not_configured',
  )
  const hasStarted = useRef(false)
  const hasSubmitted = useRef(false)
  const sawBusy = useRef(false)

  const signIn = useCallback(async () => {
    if (!channel.liffId || !channel.isLiffConfigured) return
    setFailure(null)
    let outcome: IdTokenOutcome | { kind: 'error'; key: 'errors.network' }
    try {
      outcome = await getIdToken({ liffId: channel.liffId, isEmulator: channel.isEmulator })
    } catch {
      // The LIFF SDK chunk itself did not load: offline, most likely.
      outcome = { kind: 'error', key: 'errors.network' }
    }
    if (outcome.kind === 'redirecting') return
    if (outcome.kind === 'error') {
      setFailure(outcome.key)
      return
    }
    hasSubmitted.current = true
    sawBusy.current = false
    fetcher.submit(
      { idToken: outcome.idToken, redirectTo: returnPath() },
      { method: 'post', action: `/c/${channel.id}/session` },
    )
  }, [channel, fetcher.submit])

  // Once per page load (React's development double effects included).
  useEffect(() => {
    if (hasStarted.current) return
    hasStarted.current = true
    void signIn()
  }, [signIn])

  // The action refused (bad token…), or it redirected and the page came back still signed out:
  // the browser did not keep the cookie.
  useEffect(() => {
    if (!hasSubmitted.current) return
    if (fetcher.state !== 'idle' || navigation.state !== 'idle') {
      sawBusy.current = true
      return
    }
    if (!sawBusy.current) return
    hasSubmitted.current = false
    if (fetcher.data && !fetcher.data.ok) setFailure(fetcher.data.key)
    else if (isSignedIn) onSignedIn()
    else setFailure('signIn.cookiesBlocked')
  }, [fetcher.state, fetcher.data, navigation.state, isSignedIn, onSignedIn])

  const retry = () => {
    // Without a working LIFF set-up, or after LINE refused the token, a fresh start is the way.
    if (!channel.isLiffConfigured || (!channel.isEmulator && failure !== 'errors.network')) {
      window.location.reload()
      return
    }
    void signIn()
  }

  if (failure) {
    return (
      <div className="k-stack">
        <h1 className="k-title">{text('signIn.failedTitle')}</h1>
        <div className="k-alert" role="alert">
          <IconAlertTriangle aria-hidden="true" size={24} stroke={1.8} />
          <p>{text(failure)}</p>
        </div>
        <Button size="lg" fullWidth onClick={retry}>
          {text('common.retry')}
        </Button>
      </div>
    )
  }
  return (
    <div className="k-stack k-signin">
      <h1 className="k-title">{text('signIn.title')}</h1>
      <Loader aria-hidden="true" size="md" />
      <p role="status">{text('signIn.description')}</p>
    </div>
  )
}
