import '@mantine/core/styles/baseline.css'
import '@mantine/core/styles/default-css-variables.css'
import '@mantine/core/styles/global.css'
import '@mantine/core/styles/UnstyledButton.css'
import '@mantine/core/styles/Button.css'
import '@mantine/core/styles/Loader.css'
import './liff.css'
import {
  createResidentTranslator,
  type ResidentLanguage,
  type ResidentMessages,
  residentHtmlLang,
  residentMessages,
  residentTextDirection,
} from '@kairan/i18n'
import { kairanTheme } from '@kairan/ui'
import {
  type CSSVariablesResolver,
  darken,
  MantineProvider,
  mantineHtmlProps,
  mergeThemeOverrides,
} from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from '@remix-run/react'
import { type ReactNode, useMemo } from 'react'
import { pageLanguage } from './.server/i18n.server.ts'
import { ErrorView } from './components/error-view.tsx'
import { TranslateProvider } from './lib/text.tsx'
import { useNonce } from './render-context.ts'

/**
 * The page language and its messages (only that language travels to the browser). After an action
 * (a language change) this runs again, and the whole page re-renders in the new language.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const lang: ResidentLanguage = await pageLanguage(request, context)
  return { lang, messages: residentMessages[lang] as ResidentMessages }
}

/**
 * The page title when no route below sets one: an error page (unknown address, failure), in the
 * resident's language. Screen readers announce it first (WCAG 2.4.2).
 */
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const page = data?.messages.errorPage
  const isNotFound = isRouteErrorResponse(error) && error.status === 404
  return [{ title: (isNotFound ? page?.notFoundTitle : page?.internalTitle) ?? 'LINE' }]
}

// Teal at shade 9 keeps white button text above 4.5:1 (shade 6, Mantine's default, is 2.5:1).
const theme = mergeThemeOverrides(kairanTheme, { primaryShade: 9 })

/**
 * Primary buttons darken on hover. Mantine's hover for shade 9 is the lighter shade 8, under which
 * white text falls to 3.9:1 (teal), below WCAG AA's 4.5:1.
 */
const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const hover = darken(t.colors[t.primaryColor]?.[9] ?? '#087f5b', 0.1)
  return {
    variables: {},
    light: {
      '--mantine-primary-color-filled-hover': hover,
      [`--mantine-color-${t.primaryColor}-filled-hover`]: hover,
    },
    dark: {},
  }
}

/**
 * The document around both the pages and the error boundary, which also renders without root data
 * (a failed root loader); then the error boundary speaks Japanese and English itself.
 */
export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const lang = data?.lang ?? 'ja'
  const messages = data?.messages
  // A new translator only when the language changes; a new one on every revalidation would
  // re-render everything.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `messages` only changes together with `lang`.
  const translate = useMemo(() => (messages ? createResidentTranslator(lang, messages) : null), [lang])
  const nonce = useNonce()
  return (
    <html
      lang={residentHtmlLang(lang)}
      dir={residentTextDirection(lang)}
      data-resident-lang={lang}
      {...mantineHtmlProps}
    >
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#ffffff" />
        {/* No favicon request: LIFF pages open inside LINE, which shows none. */}
        <link rel="icon" href="data:," />
        <Meta />
        <Links />
      </head>
      <body>
        <TranslateProvider value={translate}>
          <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} forceColorScheme="light">
            {children}
          </MantineProvider>
        </TranslateProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

/** Anything unhandled, and unknown addresses: a plain explanation in the resident's language. */
export function ErrorBoundary() {
  return (
    <main className="k-main" id="main">
      <ErrorView />
    </main>
  )
}
