import AxeBuilder from '@axe-core/playwright'
import { expect, type Page, test } from '@playwright/test'
import { createResident, emulator, phoneUrl } from '../support/line.ts'
import { capture, signIn } from '../support/staff.ts'
import { runState } from '../support/state.ts'

/**
 * Issue 3's journey with no LINE account: a resident follows the demo city on the emulator's
 * phone page and appears live on the staff Friends page, sends a message that lands in their
 * history, and opens My page (LIFF) inside the phone page to change its language. Resident pages
 * pass axe (WCAG 2.1 AA, REACH-2).
 */
test.describe
  .serial('a resident on LINE, seen by the city’s staff', () => {
    const run = () => runState()
    const name = `住民 ${Date.now().toString(36)}`
    let userId = ''

    test.beforeAll(async () => {
      userId = await createResident(name, 'ja')
    })

    test('following on the phone page shows the resident on the Friends page at once', async ({
      browser,
    }) => {
      const staff = await browser.newPage()
      await signIn(staff, run().adminEmail, run().adminPassword)
      await staff
        .getByRole('navigation', { name: 'メインメニュー' })
        .getByRole('link', { name: '友だち', exact: true })
        .click()
      await expect(staff.getByRole('heading', { name: '友だち', level: 1 })).toBeVisible()
      await expect(staff.getByRole('link', { name })).toHaveCount(0)

      const phone = await browser.newPage()
      await phone.goto(phoneUrl(userId))
      await phone.getByRole('button', { name: '友だち追加' }).click()
      await expect(phone.getByRole('textbox', { name: 'メッセージを入力' })).toBeVisible()

      // No reload: the Friends page hears about the follow over Socket.IO.
      await expect(staff.getByRole('link', { name })).toBeVisible({ timeout: 15_000 })
      await capture(staff, 'friends-list')
      await capture(phone, 'emulator-phone')
    })

    test('a message the resident sends appears in their history, live', async ({ browser }) => {
      const staff = await browser.newPage()
      await signIn(staff, run().adminEmail, run().adminPassword)
      await staff.goto('/friends')
      await staff.getByRole('link', { name }).click()
      await expect(staff.getByTestId('friend-profile')).toContainText(name)
      const history = staff.getByTestId('conversation')
      await expect(history).toContainText('友だち追加')

      const phone = await browser.newPage()
      await phone.goto(phoneUrl(userId))
      const text = `燃えるごみの日を教えてください ${Date.now().toString(36)}`
      await phone.getByRole('textbox', { name: 'メッセージを入力' }).fill(text)
      await phone.getByRole('button', { name: '送信' }).click()
      await expect(phone.getByTestId('bubble-resident').filter({ hasText: text })).toBeVisible()
      await expect(phone.getByTestId('webhook-error')).toHaveCount(0)

      await expect(history).toContainText(text, { timeout: 15_000 })
      await capture(staff, 'friend-detail')
    })

    test('My page opens inside the phone page and switches language', async ({ browser }) => {
      const phone = await browser.newPage()
      await phone.goto(phoneUrl(userId))
      await phone.getByRole('button', { name: 'LIFFを開く' }).click()
      const liff = phone.frameLocator('iframe[title="LIFF"]')
      await expect(liff.getByRole('heading', { name: 'マイページ', level: 1 })).toBeVisible({
        timeout: 20_000,
      })
      await expect(liff.getByText(name)).toBeVisible()
      await liff.getByRole('radio', { name: /English/ }).check()
      await expect(liff.getByRole('heading', { name: 'My page', level: 1 })).toBeVisible()
      await capture(phone, 'emulator-liff-my-page')

      // The choice is the resident's: it is there the next time, and staff see it.
      await phone.reload()
      await phone.getByRole('button', { name: 'LIFFを開く' }).click()
      await expect(
        phone.frameLocator('iframe[title="LIFF"]').getByRole('heading', { name: 'My page', level: 1 }),
      ).toBeVisible({ timeout: 20_000 })
    })

    test('resident pages have no serious accessibility violations (axe, WCAG 2.1 AA)', async ({
      browser,
    }) => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ja-JP' })
      const page = await context.newPage()
      const check = async (label: string) => {
        const results = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
          .analyze()
        const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        expect(
          serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`),
          label,
        ).toEqual([])
      }
      const openAs = async (page: Page) => {
        const { liffUrl } = await emulator<{ liffUrl: string }>(`/residents/${userId}/liff-token`, {
          channelId: run().lineChannelId,
        })
        await page.goto(liffUrl)
      }
      await openAs(page)
      for (const [language, heading] of [
        ['日本語', 'マイページ'],
        ['English', 'My page'],
        ['한국어', '마이페이지'],
        ['简体中文', null],
        ['繁體中文', null],
        ['やさしい にほんご', null],
      ] as const) {
        await page.getByRole('radio', { name: new RegExp(`^${language}`) }).check()
        if (heading) await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible()
        await expect(page.getByRole('radio', { name: new RegExp(`^${language}`) })).toBeChecked()
        await page.waitForLoadState('networkidle')
        await check(`My page in ${language}`)
      }
      await capture(page, 'liff-my-page-easy-japanese')
      // A page that does not exist, in the resident's language.
      await page.goto(`${run().liffURL}/c/${run().channelId}/no-such-page`)
      await check('not found page')
      await context.close()
    })
  })
