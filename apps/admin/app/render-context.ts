import { type AdminLanguage, DEFAULT_LANGUAGE, isAdminLanguage } from '@kairan/i18n'
import { createContext, useContext } from 'react'

/** What entry.server.tsx knows about the request that components cannot get from loader data. */
export type RenderContext = { nonce: string; lang: AdminLanguage | undefined }

/**
 * Provided only while rendering on the server. In the browser the nonce stays empty: scripts added
 * after hydration are modules loaded from 'self', and browsers hide nonce attributes anyway, so the
 * empty value also keeps hydration from seeing a mismatch.
 */
const RenderContextValue = createContext<RenderContext>({ nonce: '', lang: undefined })

export const RenderContextProvider = RenderContextValue.Provider

/** The CSP nonce for inline <script> elements. */
export function useNonce(): string {
  return useContext(RenderContextValue).nonce
}

/**
 * The request's language for when the root loader's data is missing: no route matched (Remix
 * runs no loader then) or the root loader failed. The server knows it from the request; the
 * browser reads back the `<html lang>` the server rendered, so hydration sees the same value.
 */
export function useDocumentLanguage(): AdminLanguage {
  const { lang } = useContext(RenderContextValue)
  if (lang) return lang
  if (typeof document !== 'undefined' && isAdminLanguage(document.documentElement.lang)) {
    return document.documentElement.lang
  }
  return DEFAULT_LANGUAGE
}
