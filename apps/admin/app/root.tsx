import '@mantine/core/styles.css'
import '@mantine/charts/styles.css'
import '@mantine/dates/styles.css'
import '@mantine/notifications/styles.css'
import 'dayjs/locale/ja'
import { adminResources, createI18n, I18nextProvider, useTranslation } from '@kairan/i18n'
import { kairanTheme } from '@kairan/ui'
import {
  Button,
  ColorSchemeScript,
  Container,
  MantineProvider,
  mantineHtmlProps,
  Stack,
  Text,
  Title,
} from '@mantine/core'
import { DatesProvider } from '@mantine/dates'
import { Notifications } from '@mantine/notifications'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { type ReactNode, useMemo } from 'react'
import { languageFromRequest } from './.server/i18n.server.ts'
import { useDocumentLanguage, useNonce } from './render-context.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = languageFromRequest(request)
  // Only the current language travels to the browser; a switch reloads this loader anyway.
  return { lang, resources: { [lang]: adminResources[lang] } }
}

export const meta: MetaFunction = () => [{ title: 'Kairan' }]

/**
 * The document around both the pages and the error boundary. It reads the root data with
 * useRouteLoaderData because the error boundary also renders when there is none (no route
 * matched, or the root loader failed); then the request's language and the bundled messages serve.
 */
export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const documentLanguage = useDocumentLanguage()
  const lang = data?.lang ?? documentLanguage
  const resources = data?.resources
  // A language's messages do not change while the page is open, so a new instance is only needed
  // when the language does; rebuilding on every revalidation would re-render the whole app.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `resources` only changes together with `lang`.
  const i18n = useMemo(() => createI18n(lang, resources ?? adminResources), [lang])
  const nonce = useNonce()
  return (
    <html lang={lang} {...mantineHtmlProps}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <ColorSchemeScript nonce={nonce} defaultColorScheme="light" />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <MantineProvider theme={kairanTheme} defaultColorScheme="light">
            {/* Japanese calendars start the week on Sunday. */}
            <DatesProvider settings={{ locale: lang, firstDayOfWeek: 0 }}>
              <Notifications position="top-right" />
              {children}
            </DatesProvider>
          </MantineProvider>
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

const errorTexts = {
  notFound: { title: 'errorPage.notFoundTitle', description: 'errorPage.notFoundDescription' },
  forbidden: { title: 'errorPage.forbiddenTitle', description: 'errorPage.forbiddenDescription' },
  internal: { title: 'errorPage.internalTitle', description: 'errorPage.internalDescription' },
} as const

function errorKind(status: number): keyof typeof errorTexts {
  if (status === 404) return 'notFound'
  if (status === 401 || status === 403) return 'forbidden'
  return 'internal'
}

/** Every unhandled error ends here: a plain explanation in the staff's language and a way home. */
export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const texts = errorTexts[errorKind(status)]
  // Details help developers; staff and attackers alike get none in production.
  const detail = import.meta.env.DEV && error instanceof Error ? error.stack : undefined
  return (
    <Container size="sm" py={80}>
      <Stack gap="md">
        <Text c="dimmed" size="sm">
          {t('errorPage.statusCode', { status })}
        </Text>
        <Title order={1}>{t(texts.title)}</Title>
        <Text>{t(texts.description)}</Text>
        <div>
          <Button component={Link} to="/" reloadDocument>
            {t('errorPage.backHome')}
          </Button>
        </div>
        {detail ? (
          <Text component="pre" size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
            {detail}
          </Text>
        ) : null}
      </Stack>
    </Container>
  )
}
