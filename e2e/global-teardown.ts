import { existsSync } from 'node:fs'
import { runState, stateFile } from './support/state.ts'

/**
 * Runs BEFORE Playwright stops the web server, so it cannot drop the run's database while the
 * admin still holds connections to it. The web server (support/serve.ts) drops it as it stops,
 * right after this; it also drops databases of earlier runs that were killed before cleaning up.
 * Here we only say which database that is, for anyone reading a CI log.
 */
export default async function globalTeardown(): Promise<void> {
  if (!existsSync(stateFile)) return
  const { databaseName } = runState()
  console.log(`e2e: the web server drops the run's database ${databaseName} as it stops`)
}
