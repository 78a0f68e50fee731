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

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    ADMIN_HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: databaseUrlEnv,
    /** Believe X-Forwarded-For/-Proto/-Host: only when a reverse proxy we run sits in front. */
    TRUST_PROXY: booleanishEnv.default(false),
    /** How many proxies we run in front of the app (load balancer + nginx = 2). */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
    LOG_LEVEL: logLevelEnv,
    /**
     * The address residents' phones and LINE reach apps/liff at: the webhook URL and the LIFF
     * endpoint URL staff copy into the LINE Developers console are built from it.
     */
    LIFF_PUBLIC_URL: z
      .string()
      .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be an http:// or https:// URL')
      .transform((url) => url.replace(/\/+$/, ''))
      .default('http://localhost:3100'),
    /** The LINE emulator's phone page (development and staff training only), linked from empty lists. */
    LINE_EMULATOR_URL: z
      .string()
      .regex(/^https?:\/\/[^\s?#]+$/, 'must be an http:// or https:// URL')
      .optional(),
    SESSION_COOKIE_SECURE: booleanishEnv.optional(),
    /** "id:base64-32-byte-key[,older…]": the first encrypts, all decrypt (SEC-2 key rotation). */
    KAIRAN_ENCRYPTION_KEYS: encryptionKeysEnv(
      'e.g. k1:<32 random bytes in base64>; `npm start` makes one for development',
    ),
    /** Form uploads: a local folder (UPLOADS_DIR) or an S3-compatible bucket (S3_*); the same as liff and worker. */
    ...storageEnvShape,
  })
  .superRefine(refineStorageEnv)
  .transform((env) => ({
    ...env,
    STORAGE: storageConfigFromEnv(env, repoRoot),
    // Secure cookies need HTTPS; production always has it, a laptop usually does not.
    SESSION_COOKIE_SECURE: env.SESSION_COOKIE_SECURE ?? env.NODE_ENV === 'production',
  }))

export type Env = z.infer<typeof EnvSchema>

export { EnvError }

/**
 * Parses an environment (a plain record, so tests need not touch `process.env`). An empty value
 * counts as unset: `ADMIN_PORT=` in a compose file must mean the default, not port 0.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  return parseEnvironment(EnvSchema, source, 'apps/admin')
}

/** The process environment, parsed. The only place in apps/admin that reads `process.env` (CONVENTIONS C14). */
export function loadEnv(): Env {
  return parseEnv(process.env)
}
