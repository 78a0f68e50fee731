import { expect, test } from '@playwright/test'
import { runState } from '../support/state.ts'

test('the admin under test answers /healthz with JSON in the browser', async ({ page }) => {
  const res = await page.goto('/healthz')
  expect(res?.status()).toBe(200)
  expect(res?.headers()['content-type']).toContain('application/json')
  expect(await res?.json()).toMatchObject({ ok: true })
})

test('the run has its own database and admin account', async ({ request }) => {
  const state = runState()
  expect(state.databaseName).toMatch(/^kairan_e2e_/)
  expect(state.adminEmail).toBe('admin@demo.kairan.jp')
  expect((await request.get('/readyz')).status()).toBe(200)
})
