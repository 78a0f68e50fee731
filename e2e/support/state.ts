import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * What the e2e web server (support/serve.ts) prepared for this run: a fresh database with the demo
 * city and its admin, whose password is made per run, its channels connected to the LINE emulator.
 * Specs read it with `runState()`.
 */
export type RunState = {
  adminEmail: string
  adminPassword: string
  /** The run's own database (dropped when the run ends). */
  databaseUrl: string
  databaseName: string
  /** The admin under test, e.g. http://127.0.0.1:3010 */
  baseURL: string
  tenantSlug: string
  /** The LINE emulator (API + phone page), e.g. http://127.0.0.1:3310 */
  emulatorURL: string
  /** apps/liff (LIFF pages, webhook), e.g. http://127.0.0.1:3110 */
  liffURL: string
  /** The demo city's production channel: Kairan's id and LINE's channel ID in the emulator. */
  channelId: string
  lineChannelId: string
  /** pid of support/serve.ts */
  pid: number
}

export const runDir = fileURLToPath(new URL('../.run', import.meta.url))
export const stateFile = fileURLToPath(new URL('../.run/state.json', import.meta.url))

export function runState(): RunState {
  if (!existsSync(stateFile)) {
    throw new Error(
      `No ${stateFile}: the e2e web server (e2e/support/serve.ts) writes it when it starts. ` +
        'Run the suite with `npm test -- --e2e-only` or `npm run test:e2e -w @kairan/e2e` (DATABASE_URL set).',
    )
  }
  return JSON.parse(readFileSync(stateFile, 'utf8')) as RunState
}
