import { createContext, useContext } from 'react'

/** What entry.server.tsx knows about the request that components cannot get from loader data. */
export type RenderContext = { nonce: string }

/**
 * Provided only while rendering on the server. In the browser the nonce stays empty: scripts added
 * after hydration are modules loaded from 'self', and browsers hide nonce attributes anyway, so the
 * empty value also keeps hydration from seeing a mismatch.
 */
const RenderContextValue = createContext<RenderContext>({ nonce: '' })

export const RenderContextProvider = RenderContextValue.Provider

/** The CSP nonce for inline <script> elements. */
export function useNonce(): string {
  return useContext(RenderContextValue).nonce
}
