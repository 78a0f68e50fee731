import { fileURLToPath } from 'node:url'
import {
  booleanishEnv,
  databaseUrlEnv,
  EnvError,
  encryptionKeysEnv,
  logLevelEnv,
  parseEnvironment,
  refineStorageEnv,
  storageConfigFromEnv,
  storageEnvShape,
} from '@kairan/core'
import { z } from 'zod'

/** Relative UPLOADS_DIR values start here, so admin, liff and worker share one folder whatever their cwd. */
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))

/** An origin a page may be framed by (`https://host[:port]`), as CSP frame-ancestors takes it. */
const origin = z
  .string()
  .regex(/^https?:\/\/[^/\s;,'"]+$/, 'must be origins like https://example.jp, separated by spaces')

/** The LIFF app's whole configuration (CONVENTIONS C14); the only file that reads process.env. */
const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: databaseUrlEnv,
    LIFF_PORT: z.coerce.number().int().min(0).max(65_535).default(3100),
    LIFF_HOST: z.string().min(1).default('0.0.0.0'),
    /** "id:base64-32-byte-key[,older…]": the same keys as apps/admin and apps/worker. */
    KAIRAN_ENCRYPTION_KEYS: encryptionKeysEnv('the same keys as apps/admin and apps/worker'),
    /** off: webhook events are only handled by the worker (for tests and special set-ups). */
    WEBHOOK_INLINE_HANDLING: z.enum(['on', 'off']).default('on'),
    /** Believe X-Forwarded-For/-Proto/-Host: only when a reverse proxy we run sits in front. */
    TRUST_PROXY: booleanishEnv.default(false),
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
    /** Secure flag on the resident session cookie; defaults to on in production (HTTPS). */
    SESSION_COOKIE_SECURE: booleanishEnv.optional(),
    /**
     * Who may show LIFF pages in a frame (CSP frame-ancestors, besides the app itself), space
     * separated. The default is the LINE emulator's phone page; production needs none ("none").
     */
    LIFF_FRAME_ANCESTORS: z
      .string()
      .default('http://127.0.0.1:3300 http://localhost:3300')
      .transform((value) => (value.trim() === 'none' ? [] : value.trim().split(/\s+/)))
      .pipe(z.array(origin)),
    LOG_LEVEL: logLevelEnv,
    /** Form uploads: a local folder (UPLOADS_DIR) or an S3-compatible bucket (S3_*); the same as admin and worker. */
    ...storageEnvShape,
  })
  .superRefine(refineStorageEnv)
  .transform((env) => ({
    ...env,
    STORAGE: storageConfigFromEnv(env, repoRoot),
    // Secure cookies need HTTPS; production always has it, a laptop usually does not.
    SESSION_COOKIE_SECURE: env.SESSION_COOKIE_SECURE ?? env.NODE_ENV === 'production',
  }))

export type LiffEnv = z.infer<typeof EnvSchema>

export { EnvError }

/**
 * Parses an environment (a plain record, so tests need not touch `process.env`) and fails loudly,
 * naming every bad variable. An empty value counts as unset: `LIFF_PORT=` means the default.
 */
export function parseEnv(source: Record<string, string | undefined>): LiffEnv {
  return parseEnvironment(EnvSchema, source, 'apps/liff')
}

/** The process environment, parsed. The only place in apps/liff that reads `process.env`. */
export function loadEnv(): LiffEnv {
  return parseEnv(process.env)
}
