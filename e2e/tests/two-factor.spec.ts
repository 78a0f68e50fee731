import { decodeBase32IgnorePadding } from '@oslojs/encoding'
import { generateHOTP } from '@oslojs/otp'
import { expect, type Page, test } from '@playwright/test'
import { capture, signIn, signOut } from '../support/staff.ts'
import { runState } from '../support/state.ts'

/** The code an authenticator app would show, `offset` 30-second steps from now. */
function totp(secret: string, offset = 0): string {
  const step = Math.floor(Date.now() / 30_000) + offset
  return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), 6)
}

/** Mantine's PinInput: one box per digit. */
async function typeCode(page: Page, code: string) {
  for (const [i, digit] of [...code].entries()) await page.getByLabel(`確認コード ${i + 1}桁目`).fill(digit)
}

test('a staff member turns on two-step sign-in and then needs a code to sign in', async ({ page }) => {
  const run = runState()
  const suffix = Date.now().toString(36)
  const person = { email: `totp-${suffix}@demo.kairan.jp`, password: 'totp-person-password' }

  await signIn(page, run.adminEmail, run.adminPassword)
  await page.goto('/staff/new')
  await page.getByLabel('氏名').fill(`二段階 太郎 ${suffix}`)
  await page.getByLabel('メールアドレス').fill(person.email)
  await page.getByLabel('初期パスワード').fill(person.password)
  await page.getByRole('button', { name: '追加する' }).click()
  await expect(page.getByText('職員を追加しました。')).toBeVisible()
  await signOut(page)

  await signIn(page, person.email, person.password)
  await page.getByRole('link', { name: 'アカウント設定' }).first().click()
  await page.getByRole('button', { name: '2段階認証を設定する' }).click()
  const secret = (await page.locator('code').first().textContent())?.trim() ?? ''
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  await capture(page, 'account-two-factor-setup')
  await typeCode(page, '000000')
  await page.getByRole('button', { name: '確認' }).click()
  await expect(page.getByText('確認コードが正しくないか、有効期限が切れています')).toBeVisible()
  await typeCode(page, totp(secret))
  await page.getByRole('button', { name: '確認' }).click()
  await expect(page.getByText('2段階認証を設定しました')).toBeVisible()
  await signOut(page)

  // Next sign-in: password, then the code (the next step's, as the current one was just used).
  await page.getByLabel('メールアドレス').fill(person.email)
  await page.getByLabel('パスワード').fill(person.password)
  await page.getByRole('button', { name: 'ログイン' }).click()
  await expect(page).toHaveURL(/\/login\/two-factor/, { timeout: 20_000 })
  await expect(page.getByRole('heading', { name: '2段階認証' })).toBeVisible()
  await capture(page, 'login-two-factor')
  await typeCode(page, totp(secret, 1))
  await page.getByRole('button', { name: '確認' }).click()
  await expect(page.getByRole('navigation', { name: 'メインメニュー' })).toBeVisible()
})
