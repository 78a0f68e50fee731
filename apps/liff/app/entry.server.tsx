import { PassThrough } from 'node:stream'
import { type AppLoadContext, createReadableStreamFromReadable, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { RenderContextProvider } from './render-context.ts'

/** How long deferred data may stream before the response is cut off (Remix reads this export). */
export const streamTimeout = 5_000

/**
 * Streams the HTML. Browsers get the shell as soon as it is ready; crawlers and other bots wait
 * for everything. The request's CSP nonce goes to Remix (its hydration and turbo-stream scripts),
 * to React (its streaming scripts) and to the components through RenderContextProvider.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const isBot = isbot(request.headers.get('user-agent') ?? '')
  const { nonce } = loadContext
  return new Promise<Response>((resolve, reject) => {
    let hasShellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <RenderContextProvider value={{ nonce }}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </RenderContextProvider>,
      {
        nonce,
        [isBot ? 'onAllReady' : 'onShellReady']() {
          hasShellRendered = true
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (hasShellRendered) loadContext.log.error({ err: error }, 'streaming render failed')
        },
      },
    )
    setTimeout(abort, streamTimeout + 1_000)
  })
}

/** Thrown 4xx responses (unknown channel…) are expected outcomes, not faults (CONVENTIONS C9). */
function isExpectedResponse(error: unknown): boolean {
  if (error instanceof Response) return error.status < 500
  return typeof error === 'object' && error !== null && 'status' in error && Number(error.status) < 500
}

/** Logs faults in loaders, actions and rendering; a request aborted because the resident left is not one. */
export function handleError(
  error: unknown,
  { request, context }: { request: Request; context: AppLoadContext },
) {
  if (request.signal.aborted || isExpectedResponse(error)) return
  context.log.error({ err: error }, 'remix error')
}
