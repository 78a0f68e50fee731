import type { FullConfig } from '@playwright/test'
import { runState } from './support/state.ts'

/**
 * Runs after the web server is up (Playwright starts web servers first), so the run's database
 * and admin account already exist (support/serve.ts). Checks that they belong to this run's
 * server and that the admin, the LIFF app and the LINE emulator are ready, so a broken set-up fails
 * once, clearly.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const state = runState()
  const baseURL = config.projects[0]?.use.baseURL
  if (baseURL && baseURL !== state.baseURL) {
    throw new Error(`e2e/.run/state.json is for ${state.baseURL}, but the suite tests ${baseURL}`)
  }
  const res = await fetch(`${state.baseURL}/readyz`)
  if (res.status !== 200) throw new Error(`The admin under test is not ready: /readyz answered ${res.status}`)
  // The LIFF app and the emulator start alongside the admin; give them a moment too.
  for (const url of [`${state.liffURL}/readyz`, `${state.emulatorURL}/_emulator/channels`]) {
    await waitFor(url, 60_000)
  }
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    try {
      if ((await fetch(url)).ok) return
    } catch {}
    if (Date.now() > end) throw new Error(`${url} is not ready (see e2e/.run/*.log)`)
    await new Promise((r) => setTimeout(r, 250))
  }
}
