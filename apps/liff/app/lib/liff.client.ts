/**
 * LIFF in the browser, loaded only by the sign-in shell (never part of a signed-in page's bundle).
 *
 * - LINE (production): `liff.init({ liffId })`, `liff.login()` when needed (outside the LINE app),
 *   then `liff.getIDToken()`.
 * - LINE emulator: `@line/liff-mock`; the ID token comes from the `#kairan-emulator-id-token=`
 *   fragment the emulator appends (see packages/line-emulator/README.md), removed from the address
 *   as soon as it is read.
 */

export type LiffSetup = { liffId: string; isEmulator: boolean }

export type IdTokenOutcome =
  | { kind: 'token'; idToken: string }
  /** `liff.login()` is taking the browser to LINE; nothing more to do on this page. */
  | { kind: 'redirecting' }
  | { kind: 'error'; key: 'errors.liff_init_failed' | 'errors.liff_token_missing' }

const EMULATOR_FRAGMENT = 'kairan-emulator-id-token'

// Read once per page load: the fragment is gone from the address afterwards.
let emulatorToken: string | null | undefined

/** Whether the address carries a token from the emulator (a resident was just switched there). */
export function hasEmulatorToken(): boolean {
  return emulatorToken != null || new URLSearchParams(window.location.hash.slice(1)).has(EMULATOR_FRAGMENT)
}

/** Takes the emulator's ID token out of the address bar (and history), keeping any other fragment. */
export function takeEmulatorToken(): string | null {
  if (emulatorToken !== undefined) return emulatorToken
  const params = new URLSearchParams(window.location.hash.slice(1))
  emulatorToken = params.get(EMULATOR_FRAGMENT)
  if (emulatorToken !== null) {
    params.delete(EMULATOR_FRAGMENT)
    const rest = params.toString()
    const { pathname, search } = window.location
    // Keep Remix's history state: it tracks its own entries there.
    window.history.replaceState(window.history.state, '', `${pathname}${search}${rest ? `#${rest}` : ''}`)
  }
  return emulatorToken
}

type Liff = typeof import('@line/liff')['default']
let ready: Promise<Liff> | undefined

async function initLiff(setup: LiffSetup): Promise<Liff> {
  const { default: liff } = await import('@line/liff')
  if (setup.isEmulator) {
    const { LiffMockPlugin } = await import('@line/liff-mock')
    liff.use(new LiffMockPlugin())
    // `mock` is the plugin's own init option.
    await liff.init({ liffId: setup.liffId, mock: true } as Parameters<Liff['init']>[0])
  } else {
    await liff.init({ liffId: setup.liffId })
  }
  return liff
}

/** Runs LIFF (once per page load) and gets the resident's ID token for signing in. */
export async function getIdToken(setup: LiffSetup): Promise<IdTokenOutcome> {
  const token = setup.isEmulator ? takeEmulatorToken() : null
  let liff: Liff
  try {
    ready ??= initLiff(setup)
    liff = await ready
  } catch {
    ready = undefined
    return { kind: 'error', key: 'errors.liff_init_failed' }
  }
  if (setup.isEmulator) {
    if (!token) return { kind: 'error', key: 'errors.liff_token_missing' }
    const mock = (liff as Liff & { $mock: { set: (data: Record<string, unknown>) => void } }).$mock
    mock.set({ isLoggedIn: true, getIDToken: token })
  }
  if (!liff.isLoggedIn()) {
    // Outside the LINE app: LINE Login, then back to this very address.
    liff.login({ redirectUri: window.location.href })
    return { kind: 'redirecting' }
  }
  const idToken = liff.getIDToken()
  return idToken ? { kind: 'token', idToken } : { kind: 'error', key: 'errors.liff_token_missing' }
}
