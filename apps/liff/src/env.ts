import { z } from 'zod'

/** The LIFF app's whole configuration (CONVENTIONS C14); the only file that reads process.env. */
export const LiffEnv = z.object({
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is required (postgres://user:password@host:5432/database)' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
  LIFF_PORT: z.coerce.number().int().min(0).max(65_535).default(3100),
  LIFF_HOST: z.string().min(1).default('0.0.0.0'),
  KAIRAN_ENCRYPTION_KEYS: z.string({
    error: 'KAIRAN_ENCRYPTION_KEYS is required (the same keys as apps/admin and apps/worker)',
  }),
  /** off: webhook events are only handled by the worker (for tests and special set-ups). */
  WEBHOOK_INLINE_HANDLING: z.enum(['on', 'off']).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
})
export type LiffEnv = z.infer<typeof LiffEnv>

/**
 * Parses the environment at start-up and fails loudly, naming every bad variable. An empty value
 * counts as unset, so `LIFF_PORT=` in a compose file means the default.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): LiffEnv {
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  )
  const result = LiffEnv.safeParse(present)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`)
    throw new Error(`apps/liff: invalid environment\n${lines.join('\n')}`)
  }
  return result.data
}
