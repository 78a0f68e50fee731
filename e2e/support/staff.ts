import { expect, type Page } from '@playwright/test'

/** Signs in through the real sign-in page (no back door, CONVENTIONS C20). */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login')
  await page.getByLabel('メールアドレス').fill(email)
  await page.getByLabel('パスワード').fill(password)
  await page.getByRole('button', { name: 'ログイン' }).click()
  await expect(page.getByRole('navigation', { name: 'メインメニュー' })).toBeVisible()
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'ログアウト' }).click()
  await expect(page).toHaveURL(/\/login$/)
}

/** Key screens go to e2e/screenshots (the in-app manual is made from them later, PLAT-7). */
export async function capture(page: Page, name: string) {
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true })
}
