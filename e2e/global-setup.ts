import type { FullConfig } from '@playwright/test'
import { runState } from './support/state.ts'

/**
 * Runs after the web server is up (Playwright starts web servers first), so the run's database
 * and admin account already exist (support/serve.ts). Checks that they belong to this run's
 * server and that the admin under test is ready, so a broken set-up fails once, clearly.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const state = runState()
  const baseURL = config.projects[0]?.use.baseURL
  if (baseURL && baseURL !== state.baseURL) {
    throw new Error(`e2e/.run/state.json is for ${state.baseURL}, but the suite tests ${baseURL}`)
  }
  const res = await fetch(`${state.baseURL}/readyz`)
  if (res.status !== 200) throw new Error(`The admin under test is not ready: /readyz answered ${res.status}`)
}
