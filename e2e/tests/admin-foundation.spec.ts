import { expect, test } from '@playwright/test'
import { capture, signIn, signOut } from '../support/staff.ts'
import { runState } from '../support/state.ts'

/**
 * The foundation's first journey, in a real Chromium against the built admin and a real
 * PostgreSQL: sign in, add a staff account, be refused an admin-only page as that account, edit
 * the IP allow-list (with a bad entry and the self-lockout guard), and find it all in the log.
 */
test.describe
  .serial('staff sign-in, roles, IP allow-list and access log', () => {
    // Read lazily: the web server writes the run's state after the specs are collected.
    const run = () => runState()
    const suffix = Date.now().toString(36)
    const clerk = {
      name: `窓口 花子 ${suffix}`,
      email: `clerk-${suffix}@demo.kairan.jp`,
      password: 'clerk-password-2026',
    }

    test('an anonymous visitor is sent to sign in, and a wrong password gets one generic message', async ({
      page,
    }) => {
      await page.goto('/staff')
      await expect(page).toHaveURL(/\/login\?redirectTo=%2Fstaff/)
      await capture(page, 'login')
      await page.getByLabel('メールアドレス').fill(run().adminEmail)
      await page.getByLabel('パスワード').fill('not-the-password')
      await page.getByRole('button', { name: 'ログイン' }).click()
      await expect(page.getByRole('alert')).toHaveText('メールアドレスまたはパスワードが正しくありません')
    })

    test('the admin adds a general staff member', async ({ page }) => {
      await signIn(page, run().adminEmail, run().adminPassword)
      await capture(page, 'home')
      await page.getByRole('link', { name: '職員管理' }).first().click()
      await page.getByRole('link', { name: '職員を追加' }).click()
      // The browser refuses what the server would refuse, before sending anything.
      await page.getByRole('button', { name: '追加する' }).click()
      await expect(page.getByText('この項目は必須です').first()).toBeVisible()
      await page.getByLabel('氏名').fill(clerk.name)
      await page.getByLabel('メールアドレス').fill(clerk.email)
      await page.getByLabel('初期パスワード').fill('short')
      await page.getByRole('button', { name: '追加する' }).click()
      await expect(page.getByText('パスワードは12文字以上で入力してください')).toBeVisible()
      await page.getByLabel('初期パスワード').fill(clerk.password)
      await expect(page.getByLabel('一般職員')).toBeChecked()
      await capture(page, 'staff-new')
      await page.getByRole('button', { name: '追加する' }).click()
      await expect(page.getByText('職員を追加しました。')).toBeVisible()
      await page.getByRole('link', { name: '職員一覧に戻る' }).click()
      await expect(page.getByRole('row', { name: new RegExp(clerk.email) })).toContainText('一般職員')
      await capture(page, 'staff-list')
    })

    test('the new staff member signs in and is refused the admin-only staff page', async ({ page }) => {
      await signIn(page, clerk.email, clerk.password)
      await expect(page.getByRole('link', { name: '職員管理' })).toHaveCount(0)
      const response = await page.goto('/staff')
      expect(response?.status()).toBe(403)
      await expect(page.getByRole('heading', { name: 'このページは表示できません' })).toBeVisible()
      await capture(page, 'forbidden')
      await page.goto('/')
      await signOut(page)
    })

    test('the admin edits the IP allow-list', async ({ page }) => {
      await signIn(page, run().adminEmail, run().adminPassword)
      await page.getByRole('link', { name: '接続元IP制限' }).first().click()
      await expect(page.getByTestId('allowlist-empty')).toBeVisible()
      await expect(page.getByText('許可リストが空のため、制限はありません')).toBeVisible()

      // A malformed CIDR: a field error, nothing saved.
      await page.getByRole('button', { name: '行を追加' }).click()
      await page.getByLabel('IPアドレス／範囲 1').fill('10.0.0.300/8')
      await page.getByRole('button', { name: '保存' }).click()
      await expect(
        page.getByText('IPアドレスまたはCIDR形式（例: 203.0.113.0/24）で入力してください'),
      ).toBeVisible()

      // A list without this browser's address needs an explicit confirmation; cancelling saves nothing.
      await page.getByLabel('IPアドレス／範囲 1').fill('10.0.0.0/8')
      await page.getByLabel('名前（任意） 1').fill('庁内LAN')
      await page.getByRole('button', { name: '保存' }).click()
      const dialog = page.getByRole('dialog', { name: '自分の接続元が許可されていません' })
      await expect(dialog).toBeVisible()
      await capture(page, 'ip-allowlist-lockout-guard')
      await dialog.getByRole('button', { name: 'キャンセル' }).click()
      await expect(dialog).toBeHidden()

      // Add this computer's address too, and save: the list applies at once, and we are still in.
      await page.getByRole('button', { name: '現在のIPアドレスを追加' }).click()
      await page.getByRole('button', { name: '保存' }).click()
      await expect(page.getByText('許可リストを保存しました。すぐに適用されます。')).toBeVisible()
      await page.reload()
      await expect(page.getByLabel('IPアドレス／範囲 1')).toHaveValue('10.0.0.0/8')
      await expect(page.getByLabel('IPアドレス／範囲 2')).toHaveValue('127.0.0.1/32')
      await capture(page, 'ip-allowlist')
    })

    test('both actions are in the access log, which exports as CSV', async ({ page }) => {
      await signIn(page, run().adminEmail, run().adminPassword)
      await page.getByRole('link', { name: 'アクセスログ' }).first().click()
      const table = page.getByTestId('access-log-table')
      await expect(table).toContainText('職員の追加')
      await expect(table).toContainText('IP許可リストの変更')
      await expect(table).toContainText('ログイン失敗')

      await page.getByRole('textbox', { name: '操作', exact: true }).click()
      await page.getByRole('option', { name: '職員の追加', exact: true }).click()
      await expect(page).toHaveURL(/action=staff\.create/)
      // Other specs add staff in parallel: check the filter (only additions) and our row, not a count.
      const bodyRows = table.locator('tbody tr')
      await expect(bodyRows.filter({ hasText: clerk.email })).toHaveCount(1)
      await expect(bodyRows.filter({ hasNotText: '職員の追加' })).toHaveCount(0)
      await capture(page, 'access-log')

      const download = page.waitForEvent('download')
      await page.getByRole('link', { name: 'CSV出力' }).click()
      const file = await download
      const csv = await (await file.createReadStream()).toArray()
      const text = Buffer.concat(csv).toString('utf8')
      expect(text.startsWith('\uFEFF日時(UTC),職員,操作')).toBe(true)
      expect(text).toContain(clerk.email)
    })

    test('the admin works in English too', async ({ page }) => {
      await signIn(page, run().adminEmail, run().adminPassword)
      await page.getByText('English', { exact: true }).click()
      await expect(page.getByRole('link', { name: 'Staff', exact: true })).toBeVisible()
      await page.getByRole('link', { name: 'Access log' }).first().click()
      await expect(page.getByRole('heading', { name: 'Access log' })).toBeVisible()
      await page.getByText('日本語', { exact: true }).click()
      await expect(page.getByRole('heading', { name: 'アクセスログ' })).toBeVisible()
    })
  })
