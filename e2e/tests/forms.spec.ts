import { readFile } from 'node:fs/promises'
import AxeBuilder from '@axe-core/playwright'
import { type Browser, expect, type FrameLocator, type Locator, type Page, test } from '@playwright/test'
import ExcelJS from 'exceljs'
import { parseCsv, TINY_PNG, UTF8_BOM } from '../support/files.ts'
import { createResident, emulator, phoneUrl } from '../support/line.ts'
import { capture, signIn } from '../support/staff.ts'
import { runState } from '../support/state.ts'

/**
 * Issue 4's journey: staff build a form with every question type in Japanese and English and
 * publish it; a resident on the emulator's phone page answers it in English (a half-width-only
 * field refuses full-width text first, a photo is uploaded), then changes the answer; staff see
 * it and export it as .xlsx and CSV, which are read back here. The resident's form page passes
 * axe (WCAG 2.1 AA).
 */

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** An accessible name starting with `text` (labels carry a "Required"/"必須" badge after them). */
const startsWith = (text: string) => new RegExp(`^${escapeRegExp(text)}`)

const suffix = Date.now().toString(36)
const TITLE = { ja: `転入者アンケート ${suffix}`, en: `Newcomer survey ${suffix}` }
const RESIDENT = `回答する住民 ${suffix}`
const PHOTO = 'e2e-neighbourhood.png'
const COMMENT = 'Quiet, green and "friendly" streets'

type Question = {
  type: string
  /** The type's name in the "質問を追加" menu. */
  menu: string
  ja: string
  en: string
  options?: { ja: string; en: string }[]
}

/** One question of every type, in the order the builder lists them (FORM-3). */
const QUESTIONS = {
  member: { type: 'short_text', menu: '短い文章', ja: '会員番号', en: 'Membership number' },
  comments: { type: 'long_text', menu: '長い文章', ja: 'ご意見', en: 'Your comments' },
  household: { type: 'number', menu: '数値', ja: '世帯の人数', en: 'People in your household' },
  transport: {
    type: 'single_choice',
    menu: '単一選択（ラジオ）',
    ja: '主な交通手段',
    en: 'Main way of getting around',
    options: [
      { ja: 'バス', en: 'Bus' },
      { ja: '自転車', en: 'Bicycle' },
      { ja: '徒歩', en: 'On foot' },
    ],
  },
  topics: {
    type: 'multiple_choice',
    menu: '複数選択（チェックボックス）',
    ja: '関心のある分野',
    en: 'Topics you care about',
    options: [
      { ja: '子育て', en: 'Childcare' },
      { ja: '防災', en: 'Disaster preparedness' },
    ],
  },
  district: {
    type: 'dropdown',
    menu: 'プルダウン',
    ja: 'お住まいの地区',
    en: 'District you live in',
    options: [
      { ja: '北地区', en: 'North district' },
      { ja: '南地区', en: 'South district' },
    ],
  },
  movedIn: { type: 'date', menu: '日付', ja: '転入日', en: 'Date you moved in' },
  postal: { type: 'postal_code', menu: '郵便番号', ja: '郵便番号', en: 'Postal code' },
  phone: { type: 'phone', menu: '電話番号', ja: '電話番号', en: 'Phone number' },
  email: { type: 'email', menu: 'メールアドレス', ja: 'メールアドレス', en: 'Email address' },
  photo: { type: 'image', menu: '画像', ja: '近所の写真', en: 'A photo of your neighbourhood' },
  video: { type: 'video', menu: '動画', ja: '紹介動画', en: 'A short video' },
  note: { type: 'staff_note', menu: '職員メモ', ja: '職員メモ', en: 'Staff note' },
} satisfies Record<string, Question>
const ALL: Question[] = Object.values(QUESTIONS)

/** What the resident sends (the transport is changed to Bicycle later). */
const ANSWERS = {
  member: 'ABC123',
  comments: COMMENT,
  household: '3',
  movedIn: '2026-04-01',
  postal: '1234567',
  phone: '09012345678',
  email: 'taro@example.jp',
}

test.describe
  .serial('a form in two languages, answered on LINE and exported', () => {
    const run = () => runState()
    let formId = ''
    let userId = ''

    test.beforeAll(async () => {
      userId = await createResident(RESIDENT, 'ja')
    })

    test('staff build a form with every question type in Japanese and English, and publish it', async ({
      page,
    }) => {
      test.setTimeout(180_000)
      await signIn(page, run().adminEmail, run().adminPassword)
      await page
        .getByRole('navigation', { name: 'メインメニュー' })
        .getByRole('link', { name: 'フォーム', exact: true })
        .click()
      await expect(page.getByRole('heading', { name: 'フォーム', level: 1 })).toBeVisible()
      await page.getByTestId('new-form').click()
      await page.getByTestId('new-form-title').fill(TITLE.ja)
      await page.getByTestId('create-form').click()
      await expect(page).toHaveURL(/\/forms\/[0-9a-f-]{36}$/)
      formId = page.url().split('/').pop() ?? ''
      await expect(page.getByRole('heading', { name: TITLE.ja, level: 1 })).toBeVisible()

      // Every type, each with its Japanese label (the new question's editor opens on its label).
      const editor = page.getByTestId('question-editor')
      for (const question of ALL) {
        await page.getByTestId('add-question').click()
        await page.getByRole('menuitem', { name: startsWith(question.menu) }).click()
        await expect(editor).toHaveCount(1)
        await editor.getByTestId('question-label').fill(question.ja)
        if (question.options) await fillOptions(editor, question.options, 'ja')
        if (question === QUESTIONS.member) {
          // Half-width only, refused rather than converted, and required.
          await editor.getByRole('textbox', { name: '入力できる文字' }).click()
          await page.getByRole('option', { name: '半角のみ', exact: true }).click()
          await editor.getByRole('switch', { name: '変換して受け付ける' }).uncheck()
          await editor.getByRole('switch', { name: '回答を必須にする' }).check()
        }
      }
      const cards = page.getByTestId('question-list').locator('[data-question-id]')
      await expect(cards).toHaveCount(ALL.length)
      for (const [i, question] of ALL.entries()) {
        await expect(cards.nth(i)).toHaveAttribute('data-question-type', question.type)
      }
      // The live preview renders the residents' form: the half-width hint is there.
      await expect(page.getByText('半角で入力してください').first()).toBeVisible()
      await page.getByTestId('save-draft').click()
      await expect(page.getByText('下書きを保存しました')).toBeVisible()
      await page.getByTestId('question-toggle').first().click()
      await expect(editor.getByTestId('question-label')).toHaveValue(QUESTIONS.member.ja)
      await captureFromTop(page, 'form-builder')

      // English: the tab counts what is left to translate, down to nothing.
      const englishTab = page.getByTestId('lang-tab-en')
      const missingBefore = await missingCount(englishTab)
      // The title, the 12 labels residents read (not the staff note's) and the 7 options.
      expect(missingBefore).toBe(1 + (ALL.length - 1) + 7)
      await englishTab.click()
      await page.getByTestId('form-title').fill(TITLE.en)
      await expect(englishTab).toHaveAttribute('aria-label', `English（未翻訳 ${missingBefore - 1}件）`)
      const toggles = page.getByTestId('question-toggle')
      for (const [i, question] of ALL.entries()) {
        const toggle = toggles.nth(i)
        if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
        await expect(editor.getByTestId('question-label')).toHaveAttribute('placeholder', question.ja)
        await editor.getByTestId('question-label').fill(question.en)
        if (question.options) await fillOptions(editor, question.options, 'en')
      }
      await expect(englishTab).toHaveAttribute('aria-label', 'English（未翻訳 0件）')
      await expect(page.getByText('Englishの翻訳はすべて入力されています。')).toBeVisible()
      await page.getByTestId('save-draft').click()
      await expect(page.getByText('下書きを保存しました').last()).toBeVisible()
      await expect(page.getByTestId('unsaved-indicator')).toHaveCount(0)
      await toggles.first().click()
      await expect(editor.getByTestId('question-label')).toHaveValue(QUESTIONS.member.en)
      await captureFromTop(page, 'form-builder-english')

      await page.getByTestId('publish').click()
      const dialog = page.getByRole('dialog', { name: '第1版として公開しますか？' })
      await expect(dialog).toBeVisible()
      // English is complete; the other languages are listed as still missing.
      await expect(dialog).not.toContainText('English:')
      await expect(dialog).toContainText('한국어')
      await dialog.getByTestId('publish-confirm').click()
      await expect(page.getByText('第1版を公開しました')).toBeVisible()
      await expect(page.getByText('受付中').first()).toBeVisible()

      await page.getByTestId('form-tab-share').click()
      await expect(page.getByRole('heading', { name: 'フォームのURLとQRコード' })).toBeVisible()
      // The production channel's links: LINE's (with its QR code) and the direct one.
      const links = page.locator(`[data-channel-id="${run().channelId}"]`)
      await expect(links.getByTestId('form-line-url')).toHaveValue(
        new RegExp(`^https://liff\\.line\\.me/[^/]+/forms/${formId}$`),
      )
      await expect(links.getByTestId('form-line-url-qr')).toBeVisible()
      await expect(links.getByTestId('form-direct-url')).toHaveValue(
        `${run().liffURL}/c/${run().channelId}/forms/${formId}`,
      )
      await expect(page.getByTestId('form-versions')).toContainText('第1版')
      await capture(page, 'form-share')
    })

    test('a resident on the phone page answers in English, fixing a half-width field and sending a photo', async ({
      browser,
    }) => {
      test.setTimeout(180_000)
      const phone = await browser.newPage()
      await phone.goto(phoneUrl(userId))
      await phone.getByRole('button', { name: '友だち追加' }).click()
      await expect(phone.getByRole('textbox', { name: 'メッセージを入力' })).toBeVisible()
      const liff = await openMyPage(phone, 'マイページ')

      // My page lists the open form; it opens inside the phone page.
      const forms = liff.getByRole('region', { name: '回答できるフォーム' })
      await forms.getByRole('link', { name: startsWith(TITLE.ja) }).click()
      await expect(liff.getByRole('heading', { name: TITLE.ja, level: 1 })).toBeVisible({ timeout: 15_000 })

      // The header's language menu: the form and its messages in English.
      await liff.locator('summary.k-langmenu-button').click()
      await liff.getByRole('button', { name: 'English' }).click()
      await expect(liff.getByRole('heading', { name: TITLE.en, level: 1 })).toBeVisible()
      await expect(liff.getByRole('textbox', { name: startsWith(QUESTIONS.member.en) })).toBeVisible()
      await capture(phone, 'form-resident-english')

      // Full-width text in a half-width-only field: refused on leaving it, in English.
      const member = liff.getByRole('textbox', { name: startsWith(QUESTIONS.member.en) })
      await member.fill('ＡＢＣ１２３')
      await member.press('Tab')
      await expect(member).toHaveAttribute('aria-invalid', 'true')
      const error = liff.getByText('Enter half-width characters only')
      await expect(error).toBeVisible()
      await capture(phone, 'form-resident-error')
      await member.fill(ANSWERS.member)
      await expect(error).toHaveCount(0)
      await expect(member).not.toHaveAttribute('aria-invalid', 'true')

      await liff.getByRole('textbox', { name: startsWith(QUESTIONS.comments.en) }).fill(ANSWERS.comments)
      await liff.getByRole('textbox', { name: startsWith(QUESTIONS.household.en) }).fill(ANSWERS.household)
      // Options are chosen by their English labels.
      await liff.getByRole('radio', { name: 'Bus', exact: true }).check()
      await liff.getByRole('checkbox', { name: 'Childcare', exact: true }).check()
      await liff.getByRole('checkbox', { name: 'Disaster preparedness', exact: true }).check()
      await liff
        .getByRole('combobox', { name: startsWith(QUESTIONS.district.en) })
        .selectOption({ label: 'North district' })
      await liff.getByLabel(startsWith(QUESTIONS.movedIn.en)).fill(ANSWERS.movedIn)
      await liff.getByRole('textbox', { name: startsWith(QUESTIONS.postal.en) }).fill(ANSWERS.postal)
      await liff.getByRole('textbox', { name: startsWith(QUESTIONS.phone.en) }).fill(ANSWERS.phone)
      await liff.getByRole('textbox', { name: startsWith(QUESTIONS.email.en) }).fill(ANSWERS.email)
      // The staff note is never shown to residents.
      await expect(liff.getByText(QUESTIONS.note.en)).toHaveCount(0)

      // The photo: the picker opens from the big button, the file is sent, its thumbnail shows.
      const chooser = phone.waitForEvent('filechooser')
      await liff.getByRole('button', { name: 'Choose a photo' }).click()
      await (await chooser).setFiles({ name: PHOTO, mimeType: 'image/png', buffer: TINY_PNG })
      await expect(liff.getByText(`${PHOTO} was uploaded`)).toBeAttached({ timeout: 15_000 })
      const uploaded = liff.getByRole('listitem').filter({ hasText: PHOTO })
      await expect(uploaded.getByRole('button', { name: `Remove ${PHOTO}` })).toBeVisible()
      await expectLoadedImage(uploaded.locator('img'))

      await liff.getByRole('button', { name: 'Review' }).click()
      const confirmation = liff.getByRole('region', { name: 'Check your answers' })
      await expect(confirmation).toBeVisible()
      for (const value of [
        'ABC123',
        COMMENT,
        'Bus',
        'Childcare, Disaster preparedness',
        'North district',
        '2026-04-01',
        // Normalised by the shared validator.
        '123-4567',
        '090-1234-5678',
        'taro@example.jp',
        PHOTO,
      ]) {
        await expect(confirmation).toContainText(value)
      }
      await expectLoadedImage(confirmation.getByRole('link', { name: PHOTO }).locator('img'))
      await capture(phone, 'form-resident-confirm')
      await liff.getByRole('button', { name: 'Send', exact: true }).click()
      await expect(liff.getByRole('heading', { name: 'Your answer has been sent' })).toBeVisible({
        timeout: 15_000,
      })
      await capture(phone, 'form-resident-thanks')
    })

    test('the resident’s form screens and My page listing the form have no serious accessibility violations (axe, WCAG 2.1 AA)', async ({
      browser,
    }) => {
      test.setTimeout(120_000)
      const { page, close } = await openFormDirectly(browser, userId, formId)
      const check = async (label: string) => {
        await page.waitForLoadState('networkidle')
        const results = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
          .analyze()
        const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        expect(
          serious.map(
            (v) =>
              `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')}: ${n.any[0]?.message ?? ''}`).join('; ')})`,
          ),
          label,
        ).toEqual([])
      }
      // The resident chose English on the phone page: it is their language here too.
      await expect(page.getByRole('heading', { name: 'You have answered this form' })).toBeVisible()
      await check('answered overview')
      // My page with the form listed as answered.
      await page.goto(`${runState().liffURL}/c/${runState().channelId}`)
      const link = page
        .getByRole('region', { name: 'Forms you can answer' })
        .getByRole('link', { name: startsWith(TITLE.en) })
      await expect(link).toContainText('Answered')
      await check('My page with its forms')
      await link.click()
      await page.getByRole('button', { name: 'Change my answer' }).click()
      const member = page.getByRole('textbox', { name: startsWith(QUESTIONS.member.en) })
      await expect(member).toHaveValue(ANSWERS.member)
      await check('form being answered')
      await member.fill('ＡＢＣ')
      await member.press('Tab')
      await expect(page.getByText('Enter half-width characters only')).toBeVisible()
      await check('form with an error')
      await member.fill(ANSWERS.member)
      await page.getByRole('button', { name: 'Review' }).click()
      await expect(page.getByRole('heading', { name: 'Check your answers' })).toBeVisible()
      await check('confirmation')
      // Nothing sent from here.
      await close()
    })

    test('later, the resident changes the answer', async ({ browser }) => {
      test.setTimeout(180_000)
      const phone = await browser.newPage()
      await phone.goto(phoneUrl(userId))
      const liff = await openMyPage(phone, 'My page')
      const forms = liff.getByRole('region', { name: 'Forms you can answer' })
      const link = forms.getByRole('link', { name: startsWith(TITLE.en) })
      await expect(link).toContainText('Answered')
      await link.click()

      await expect(liff.getByRole('heading', { name: 'You have answered this form' })).toBeVisible({
        timeout: 15_000,
      })
      await expect(liff.getByText('ABC123')).toBeVisible()
      await expectLoadedImage(liff.getByRole('link', { name: PHOTO }).locator('img'))
      await liff.getByRole('button', { name: 'Change my answer' }).click()
      await expect(liff.getByRole('radio', { name: 'Bus', exact: true })).toBeChecked()
      await expect(liff.getByRole('button', { name: `Remove ${PHOTO}` })).toBeVisible()
      await liff.getByRole('radio', { name: 'Bicycle', exact: true }).check()
      await liff.getByRole('button', { name: 'Review' }).click()
      const confirmation = liff.getByRole('region', { name: 'Check your answers' })
      await expect(confirmation).toContainText('Bicycle')
      await expect(confirmation).not.toContainText('Bus')
      await liff.getByRole('button', { name: 'Send', exact: true }).click()
      await expect(liff.getByRole('heading', { name: 'Your answer has been changed' })).toBeVisible({
        timeout: 15_000,
      })
      await capture(phone, 'form-resident-changed')
    })

    test('staff see the changed answer and read it back from .xlsx and CSV exports', async ({ page }) => {
      test.setTimeout(180_000)
      await signIn(page, run().adminEmail, run().adminPassword)
      await page.goto(`/forms/${formId}`)
      await page.getByTestId('form-tab-answers').click()
      const table = page.getByTestId('answers-table')
      const rows = table.locator('tbody tr')
      await expect(rows).toHaveCount(1)
      await expect(rows.first()).toContainText(RESIDENT)
      await expect(rows.first()).toContainText('編集1回')
      // Staff read the answer in Japanese, whatever language it was given in.
      await expect(rows.first()).toContainText('ABC123')
      await expect(rows.first()).toContainText('自転車')
      await expect(rows.first()).toContainText('子育て、防災')
      await capture(page, 'form-answers')

      await rows
        .first()
        .getByRole('link', { name: /さんの回答を開く$/ })
        .click()
      const content = page.getByTestId('answer-content')
      await expect(content).toContainText('ABC123')
      await expect(content).toContainText('自転車')
      await expect(content).toContainText('北地区')
      await expect(page.getByTestId('answer-facts')).toContainText('英語')
      await expectLoadedImage(content.getByRole('link', { name: PHOTO }).locator('img'))
      await expect(page.getByTestId('answer-files')).toContainText(PHOTO)
      await captureFromTop(page, 'form-answer-detail')
      // The same answer with the questions and options in the resident's language.
      await page.getByText('回答者の言語（英語）').click()
      await expect(content).toContainText('Main way of getting around')
      await expect(content).toContainText('Bicycle')
      await page.goBack()
      await expect(table).toBeVisible()

      // .xlsx, questions in Japanese.
      const xlsxPath = await exportAnswers(page, 'xlsx', 'ja')
      const book = new ExcelJS.Workbook()
      await book.xlsx.readFile(xlsxPath)
      const sheet = book.worksheets[0]
      if (!sheet) throw new Error('the .xlsx has no sheet')
      const cellText = (row: number) =>
        (sheet.getRow(row).values as unknown[]).slice(1).map((v) => (v instanceof Date ? v : String(v ?? '')))
      const xlsxHeader = cellText(1)
      const xlsxRow = cellText(2)
      expect(sheet.rowCount).toBe(2)
      expect(xlsxHeader.slice(0, 6)).toEqual([
        '回答ID',
        '回答日時',
        '更新日時',
        '友だち名',
        'バージョン',
        '言語',
      ])
      expect(xlsxHeader.slice(6)).toEqual(ALL.map((q) => q.ja))
      expect(xlsxRow[1]).toBeInstanceOf(Date)
      // Edited: the update time is there.
      expect(xlsxRow[2]).toBeInstanceOf(Date)
      expect(xlsxRow.slice(3, 6)).toEqual([RESIDENT, '1', '英語'])
      expect(answersByQuestion(xlsxHeader, xlsxRow)).toEqual({
        会員番号: 'ABC123',
        ご意見: COMMENT,
        世帯の人数: '3',
        主な交通手段: '自転車',
        関心のある分野: '子育て、防災',
        お住まいの地区: '北地区',
        転入日: '2026-04-01',
        郵便番号: '123-4567',
        電話番号: '090-1234-5678',
        メールアドレス: 'taro@example.jp',
        近所の写真: PHOTO,
        紹介動画: '',
        職員メモ: '',
      })

      // CSV, questions in English: UTF-8 with BOM, quoted where needed.
      const csvPath = await exportAnswers(page, 'csv', 'en')
      const bytes = await readFile(csvPath)
      expect([...bytes.subarray(0, 3)]).toEqual(UTF8_BOM)
      const text = bytes.subarray(3).toString('utf8')
      // CRLF rows; a cell with a comma or quotes is quoted, its quotes doubled.
      expect(text).toMatch(/\r\n$/)
      expect(text).toContain('"Quiet, green and ""friendly"" streets"')
      const csv = parseCsv(text)
      expect(csv).toHaveLength(2)
      const [csvHeader = [], csvRow = []] = csv
      expect(csvHeader.slice(0, 6)).toEqual([
        '回答ID',
        '回答日時',
        '更新日時',
        '友だち名',
        'バージョン',
        '言語',
      ])
      expect(csvHeader.slice(6)).toEqual(ALL.map((q) => q.en))
      expect(csvRow[0]).toBe(xlsxRow[0])
      expect(csvRow[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
      expect(csvRow[2]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
      expect(csvRow.slice(3, 6)).toEqual([RESIDENT, '1', '英語'])
      expect(answersByQuestion(csvHeader, csvRow)).toEqual({
        'Membership number': 'ABC123',
        'Your comments': COMMENT,
        'People in your household': '3',
        'Main way of getting around': 'Bicycle',
        'Topics you care about': 'Childcare, Disaster preparedness',
        'District you live in': 'North district',
        'Date you moved in': '2026-04-01',
        'Postal code': '123-4567',
        'Phone number': '090-1234-5678',
        'Email address': 'taro@example.jp',
        'A photo of your neighbourhood': PHOTO,
        'A short video': '',
        'Staff note': '',
      })

      // Both exports are in the access log (SEC-5).
      await page.goto('/access-log')
      await expect(page.getByRole('cell', { name: 'フォーム回答の出力' }).nth(1)).toBeVisible()
    })
  })

/** A full-page screenshot taken from the top, so the sticky header and toolbar sit where they belong. */
async function captureFromTop(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0))
  await capture(page, name)
}

/** An image that is shown and whose bytes arrived (our 1×1 PNG). */
async function expectLoadedImage(img: Locator) {
  await img.scrollIntoViewIfNeeded()
  await expect(img).toBeVisible()
  await expect
    .poll(() => img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : -1)), {
      timeout: 10_000,
    })
    .toBe(1)
}

/** The number in the language tab's "未翻訳 N件". */
async function missingCount(tab: Locator): Promise<number> {
  const label = (await tab.getAttribute('aria-label')) ?? ''
  const match = /未翻訳 (\d+)件/.exec(label)
  if (!match) throw new Error(`no missing count in "${label}"`)
  return Number(match[1])
}

/** The open question's options, in the builder's current language (Japanese adds what is missing). */
async function fillOptions(editor: Locator, options: { ja: string; en: string }[], language: 'ja' | 'en') {
  const inputs = editor.getByRole('textbox', { name: /^選択肢\d+/ })
  if (language === 'ja') {
    while ((await inputs.count()) < options.length) {
      const before = await inputs.count()
      await editor.getByRole('button', { name: '選択肢を追加' }).click()
      await expect(inputs).toHaveCount(before + 1)
    }
  }
  await expect(inputs).toHaveCount(options.length)
  for (const [i, option] of options.entries()) await inputs.nth(i).fill(option[language])
}

/** The phone page's LIFF (My page), opened with the "LIFFを開く" button as a resident would. */
async function openMyPage(phone: Page, heading: string): Promise<FrameLocator> {
  await phone.getByRole('button', { name: 'LIFFを開く' }).click()
  const liff = phone.frameLocator('iframe[title="LIFF"]')
  await expect(liff.getByRole('heading', { name: heading, level: 1 })).toBeVisible({ timeout: 20_000 })
  return liff
}

/** The form's LIFF URL opened as the resident in a phone-sized page (outside the phone frame). */
async function openFormDirectly(browser: Browser, userId: string, formId: string) {
  const run = runState()
  const { channels } = await emulator<{
    channels: { channelId: string; liff?: { liffId: string } | null }[]
  }>('/channels')
  const liffId = channels.find((c) => c.channelId === run.lineChannelId)?.liff?.liffId
  if (!liffId) throw new Error('the demo channel has no LIFF app in the emulator')
  const { liffUrl } = await emulator<{ liffUrl: string }>(`/residents/${userId}/liff-token`, {
    channelId: run.lineChannelId,
    url: `https://liff.line.me/${liffId}/forms/${formId}`,
  })
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ja-JP' })
  const page = await context.newPage()
  await page.goto(liffUrl)
  return { page, close: () => context.close() }
}

/** Downloads the answers from the export dialog; returns where Playwright saved the file. */
async function exportAnswers(page: Page, format: 'xlsx' | 'csv', language: 'ja' | 'en'): Promise<string> {
  await page.getByTestId('export-open').click()
  const dialog = page.getByRole('dialog', { name: '回答を出力' })
  await expect(dialog).toBeVisible()
  await dialog.getByTestId(`export-format-${format}`).check()
  await dialog.getByText(language === 'ja' ? '日本語' : 'English', { exact: true }).click()
  await expect(dialog).toContainText('すべての回答（1件）を出力します。')
  const download = page.waitForEvent('download')
  await dialog.getByTestId('export-download').click()
  const file = await download
  // The file is named in the staff's language: title, "回答", a timestamp.
  expect(file.suggestedFilename()).toMatch(new RegExp(`_回答_\\d{12}\\.${format}$`))
  const path = await file.path()
  await expect(dialog).toBeHidden()
  return path
}

/** A data row's answers keyed by question label (the columns after the six fixed ones). */
function answersByQuestion(header: unknown[], row: unknown[]) {
  return Object.fromEntries(header.slice(6).map((title, i) => [String(title), String(row[6 + i] ?? '')]))
}
