import { type Logger, pino } from 'pino'
import type { LiffEnv } from './env.ts'

export type { Logger }

/**
 * The process logger (CONVENTIONS C15). Request logs never include headers, cookies or query
 * strings; the redaction below is a second line of defence for anything logged by mistake.
 */
export function createLogger(env: Pick<LiffEnv, 'LOG_LEVEL'>): Logger {
  return pino({
    level: env.LOG_LEVEL,
    base: { app: 'liff' },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        'headers.cookie',
        'headers.authorization',
        '*.idToken',
        '*.token',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  })
}
