// What the request handlers share.

import type { IdTokenIssuer } from './id-token.ts'
import type { OpenApi } from './openapi/validate.ts'
import type { RateLimiter } from './rate-limit.ts'
import type { EmulatorState } from './state.ts'
import type { Webhooks } from './webhooks.ts'

export type EmulatorContext = {
  state: EmulatorState
  webhooks: Webhooks
  idTokens: IdTokenIssuer
  rateLimiter: RateLimiter
  openApi: OpenApi
  /** The address browsers use (no trailing slash). */
  publicUrl(): string
  log(line: string): void
}
