import { parseKeys } from '@kairan/core'
import { z } from 'zod'

/** 'true'/'false'/'1'/'0' (any case), as environment variables spell booleans. */
const booleanish = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0']))
  .transform((value) => value === 'true' || value === '1')

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    ADMIN_HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z
      .string({ error: 'is required (e.g. postgres://user:password@host:5432/kairan)' })
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
    /** Believe X-Forwarded-For/-Proto/-Host: only when a reverse proxy we run sits in front. */
    TRUST_PROXY: booleanish.default(false),
    /** How many proxies we run in front of the app (load balancer + nginx = 2). */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
    SESSION_COOKIE_SECURE: booleanish.optional(),
    /** "id:base64-32-byte-key[,older…]": the first encrypts, all decrypt (SEC-2 key rotation). */
    KAIRAN_ENCRYPTION_KEYS: z
      .string({
        error: 'is required (e.g. k1:<32 random bytes in base64>; `npm start` makes one for development)',
      })
      .refine(
        (spec) => {
          try {
            parseKeys(spec)
            return true
          } catch {
            return false
          }
        },
        { error: 'must be "id:base64key" entries of 32-byte keys, comma-separated' },
      ),
  })
  .transform((env) => ({
    ...env,
    // Secure cookies need HTTPS; production always has it, a laptop usually does not.
    SESSION_COOKIE_SECURE: env.SESSION_COOKIE_SECURE ?? env.NODE_ENV === 'production',
  }))

export type Env = z.infer<typeof EnvSchema>

export class EnvError extends Error {
  override name = 'EnvError'
}

/**
 * Parses an environment (a plain record, so tests need not touch `process.env`). An empty value
 * counts as unset: `ADMIN_PORT=` in a compose file must mean the default, not port 0.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  )
  const result = EnvSchema.safeParse(present)
  if (result.success) return result.data
  const problems = result.error.issues.map(
    (issue) => `  - ${issue.path.join('.') || '(env)'}: ${issue.message}`,
  )
  throw new EnvError(`apps/admin cannot start, its environment is invalid:\n${problems.join('\n')}`)
}

/** The process environment, parsed. The only place in apps/admin that reads `process.env` (CONVENTIONS C14). */
export function loadEnv(): Env {
  return parseEnv(process.env)
}
