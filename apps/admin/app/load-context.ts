import type { BlobStore, SecretBox, StaffRequestAuth } from '@kairan/core'
import type { Db } from '@kairan/db'
import type { Logger } from 'pino'

// What server/app.ts hands every loader and action as `context` (built in its getLoadContext).
declare module '@remix-run/node' {
  // biome-ignore lint/style/useConsistentTypeDefinitions: module augmentation needs an interface.
  interface AppLoadContext {
    /** This response's CSP nonce: every inline <script> must carry it. */
    nonce: string
    /** The process's database handle; loaders pass it to core/tRPC, never query it themselves. */
    db: Db
    /** From core's clientIp (proxy-aware); null when unknown. */
    clientIp: string | null
    userAgent: string
    requestId: string
    /** Child logger tagged with the request id. */
    log: Logger
    /** What the guard (server/guard.ts) decided for this request: session, tenant, IP, 2FA. */
    auth: StaffRequestAuth
    /** The raw session token from the cookie (the two-factor steps need it). */
    sessionToken: string | null
    /** Application encryption (TOTP secrets, answers, uploaded files). */
    secrets: SecretBox
    /** Where form uploads live (UPLOADS_DIR or S3), encrypted with `secrets`. */
    storage: BlobStore
    /** Whether cookies get the Secure flag (SESSION_COOKIE_SECURE). */
    isCookieSecure: boolean
    /** LIFF_PUBLIC_URL without a trailing slash: where LINE sends webhooks and opens LIFF pages. */
    liffPublicUrl: string
    /** LINE_EMULATOR_URL (development and training), or null. */
    lineEmulatorUrl: string | null
  }
}

export type { AppLoadContext } from '@remix-run/node'
