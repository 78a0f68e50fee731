import type { BlobStore, CitizenActor, SecretBox } from '@kairan/core'
import type { Db } from '@kairan/db'
import type { Logger } from 'pino'
import type { LiffChannel } from '../server/channels.ts'

// What server/app.ts hands every loader and action as `context` (built in its getLoadContext).
declare module '@remix-run/node' {
  // biome-ignore lint/style/useConsistentTypeDefinitions: module augmentation needs an interface.
  interface AppLoadContext {
    /** This response's CSP nonce: every inline <script> must carry it. */
    nonce: string
    /** The process's database handle; loaders pass it to core/tRPC, never query it themselves. */
    db: Db
    /** Application encryption (the channels' LINE credentials). */
    secrets: SecretBox
    /** Where form uploads live (UPLOADS_DIR or S3), encrypted with `secrets`. */
    storage: BlobStore
    clientIp: string | null
    userAgent: string
    requestId: string
    /** Child logger tagged with the request id. */
    log: Logger
    /** Under /c/:channelId, the channel (server/citizen-guard.ts); null when unknown or elsewhere. */
    channel: LiffChannel | null
    /** The resident signed in on that channel's pages (session cookie), or null. */
    citizen: CitizenActor | null
    /** Whether cookies get the Secure flag (SESSION_COOKIE_SECURE). */
    isCookieSecure: boolean
  }
}

export type { AppLoadContext } from '@remix-run/node'
