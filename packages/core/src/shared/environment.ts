import { z } from 'zod'
import { parseKeys } from './secret-box.ts'

/**
 * Pieces every app's `env.ts` (CONVENTIONS C14) builds its schema from, so the apps spell and
 * check the shared variables the same way. Each app still owns its schema and its `loadEnv`.
 */

/** 'true'/'false'/'1'/'0' (any case), as environment variables spell booleans. */
export const booleanishEnv = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0']))
  .transform((value) => value === 'true' || value === '1')

export const databaseUrlEnv = z
  .string({ error: 'is required (e.g. postgres://user:password@host:5432/kairan)' })
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')

/** "id:base64-32-byte-key[,older…]": the first encrypts, all decrypt (SEC-2 key rotation). */
export const encryptionKeysEnv = (requiredHint: string) =>
  z.string({ error: `is required (${requiredHint})` }).refine(
    (spec) => {
      try {
        parseKeys(spec)
        return true
      } catch {
        return false
      }
    },
    { error: 'must be "id:base64key" entries of 32-byte keys, comma-separated' },
  )

export const logLevelEnv = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info')

export class EnvError extends Error {
  override name = 'EnvError'
}

/**
 * Parses an environment (a plain record, so tests need not touch `process.env`) and fails loudly,
 * naming every bad variable. An empty value counts as unset: `ADMIN_PORT=` in a compose file
 * must mean the default, not port 0.
 */
export function parseEnvironment<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined>,
  app: string,
): z.infer<S> {
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  )
  const result = schema.safeParse(present)
  if (result.success) return result.data
  const problems = result.error.issues.map(
    (issue) => `  - ${issue.path.join('.') || '(env)'}: ${issue.message}`,
  )
  throw new EnvError(`${app} cannot start, its environment is invalid:\n${problems.join('\n')}`)
}
