import { existsSync } from 'node:fs'
import { defineConfig, devices } from '@playwright/test'

/**
 * End-to-end tests against the built admin (CONVENTIONS C20). `npm test` runs them after the admin
 * build, with DATABASE_URL pointing at a PostgreSQL server; the web server (support/serve.ts) makes
 * a fresh database for the run on it and drops it afterwards. Specs read the run's admin account
 * with `runState()` from support/state.ts.
 */
const isCI = !!process.env.CI
const adminPort = Number(process.env.E2E_ADMIN_PORT ?? 3010)
const baseURL = `http://127.0.0.1:${adminPort}`
// Debian's Chromium (no browser download, CONVENTIONS); a normal machine may use Playwright's own.
const executablePath =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  // One admin server and one database per run: specs share them, so keep workers modest.
  workers: isCI ? 2 : undefined,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['html', { outputFolder: './playwright-report', open: 'never' }]],
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  use: {
    baseURL,
    headless: true,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          ...(executablePath ? { executablePath } : {}),
          // Root in a container, no network: no sandbox, no GPU, no background traffic.
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    // Creates the run's database, then starts the built admin (see support/serve.ts for why this
    // is not a globalSetup: Playwright starts web servers before global setup).
    command: 'node --import tsx e2e/support/serve.ts',
    cwd: '..',
    url: `${baseURL}/readyz`,
    env: { E2E_ADMIN_PORT: String(adminPort) },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  },
})
