import { type Logger, pino } from 'pino'
import type { Env } from './env.ts'

export type { Logger }

/**
 * The process logger (CONVENTIONS C15). Request logs never include headers, cookies or query
 * strings; the redaction below is a second line of defence for anything logged by mistake.
 */
export function createLogger(env: Pick<Env, 'LOG_LEVEL'>): Logger {
  return pino({
    level: env.LOG_LEVEL,
    base: { app: 'admin' },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        'headers.cookie',
        'headers.authorization',
        '*.password',
        '*.token',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  })
}
