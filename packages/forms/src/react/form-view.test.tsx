import { MantineProvider } from '@mantine/core'
import type { ReactNode } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CONSENT_FIELD, type RawAnswers } from '../answers.ts'
import { FormDefinition } from '../definition.ts'
import { AnswerSummary } from './answer-summary.tsx'
import { FormView, type FormViewProps } from './form-view.tsx'
import { resolveDateBound } from './helpers.ts'

const definition = FormDefinition.parse({
  schemaVersion: 1,
  title: { ja: '{市民|しみん}アンケート', en: 'Residents survey' },
  description: { ja: 'ご協力ください' },
  sections: [
    {
      id: 's1',
      title: { ja: 'あなたについて', en: 'About you' },
      questions: [
        {
          id: 'name',
          type: 'short_text',
          label: { ja: 'お名前', en: 'Name' },
          required: true,
          charRule: { kind: 'full_width' },
        },
        {
          id: 'kana',
          type: 'short_text',
          label: { ja: 'フリガナ' },
          charRule: { kind: 'katakana', convert: true },
        },
        { id: 'bio', type: 'long_text', label: { ja: '自己紹介' }, maxLength: 200 },
        {
          id: 'age',
          type: 'number',
          label: { ja: '年齢' },
          min: 0,
          max: 130,
          integer: true,
          unit: { ja: '歳', en: 'years' },
        },
        {
          id: 'resident',
          type: 'single_choice',
          label: { ja: '市内にお住まいですか' },
          required: true,
          options: [
            { id: 'yes', label: { ja: 'はい', en: 'Yes' } },
            { id: 'no', label: { ja: 'いいえ', en: 'No' } },
          ],
        },
        {
          id: 'district',
          type: 'dropdown',
          label: { ja: 'お住まいの地区' },
          showWhen: { questionId: 'resident', operator: 'equals', value: 'yes' },
          options: [
            { id: 'north', label: { ja: '北地区' } },
            { id: 'south', label: { ja: '南地区' } },
          ],
        },
        {
          id: 'topics',
          type: 'multiple_choice',
          label: { ja: '関心のある分野' },
          maxPicks: 2,
          options: [
            { id: 'a', label: { ja: '子育て' } },
            { id: 'b', label: { ja: '防災' } },
            { id: 'c', label: { ja: '福祉' } },
          ],
        },
        { id: 'visit', type: 'date', label: { ja: '来庁日' }, minDate: 'today' },
      ],
    },
    {
      id: 's2',
      title: { ja: '連絡先' },
      questions: [
        { id: 'zip', type: 'postal_code', label: { ja: '郵便番号' }, addressQuestionId: 'address' },
        { id: 'address', type: 'short_text', label: { ja: '住所' } },
        { id: 'tel', type: 'phone', label: { ja: '電話番号' } },
        { id: 'mail', type: 'email', label: { ja: 'メールアドレス' } },
        { id: 'photo', type: 'image', label: { ja: '写真' }, maxFiles: 2, maxSizeMb: 5 },
        { id: 'clip', type: 'video', label: { ja: '動画' } },
        { id: 'memo', type: 'staff_note', label: { ja: '職員メモ欄' } },
      ],
    },
  ],
  consent: {
    text: { ja: '個人情報は適切に扱います。' },
    linkUrl: 'https://example.jp/privacy',
    linkLabel: { ja: 'プライバシーポリシー' },
    checkboxLabel: { ja: '同意します', en: 'I agree' },
  },
})

// React separates adjacent text nodes with <!-- -->; the checks read the text as a person would.
const render = (node: ReactNode) =>
  renderToString(<MantineProvider>{node}</MantineProvider>).replaceAll('<!-- -->', '')

/** The one start tag holding `needle` (attribute order is React's business). */
function tagWith(html: string, needle: string): string {
  const tags = html.match(/<[a-z]+\b[^>]*>/g)?.filter((tag) => tag.includes(needle)) ?? []
  expect(tags, needle).toHaveLength(1)
  return tags[0]!
}

function renderForm(overrides: Partial<FormViewProps> = {}): string {
  return render(
    <FormView
      definition={definition}
      language="ja"
      values={{}}
      onChange={() => {}}
      errors={{}}
      consent={false}
      onConsentChange={() => {}}
      files={{}}
      {...overrides}
    />,
  )
}

describe('FormView', () => {
  it('renders every resident question with its label and a fitting input', () => {
    const html = renderForm({ lookupPostalCode: async () => null })
    for (const label of [
      'お名前',
      'フリガナ',
      '自己紹介',
      '年齢',
      '市内にお住まいですか',
      '関心のある分野',
      '来庁日',
    ])
      expect(html).toContain(label)
    for (const label of ['郵便番号', '住所', '電話番号', 'メールアドレス', '写真', '動画'])
      expect(html).toContain(label)
    expect(html).toContain('type="radio"')
    expect(html).toContain('type="checkbox"')
    expect(html).toContain('type="date"')
    expect(html).toContain(`min="${resolveDateBound('today')}"`)
    expect(html).toContain('inputMode="numeric"') // integer age, postal code
    expect(html).toContain('autoComplete="postal-code"')
    expect(html).toContain('autoComplete="street-address"') // the address the postal code fills
    expect(html).toContain('inputMode="tel"')
    expect(html).toContain('inputMode="email"')
    expect(html).toContain('歳')
    expect(html).toContain('住所を検索')
    expect(html).toContain('2個まで選べます')
    expect(html).toContain('全角で入力してください')
    expect(html).toContain('200文字以内')
    expect(html).toContain('2枚まで・1枚5MBまで')
    expect(html).toContain('accept="image/jpeg,image/png,image/webp,image/heic,image/heif,')
  })

  it('never renders staff notes, nor questions hidden by their condition', () => {
    const html = renderForm()
    expect(html).not.toContain('職員メモ欄')
    expect(html).not.toContain('お住まいの地区')
    const shown = renderForm({ values: { resident: 'yes' } })
    expect(shown).toContain('お住まいの地区')
    expect(shown).toContain('<option value="" selected="">選択してください</option>')
  })

  it('marks required questions and localises the renderer words', () => {
    const ja = renderForm()
    expect(ja).toContain('必須')
    expect(ja).toContain('任意')
    expect(ja).toContain('aria-required="true"')
    const en = renderForm({ language: 'en' })
    expect(en).toContain('Required')
    expect(en).toContain('Residents survey')
    expect(en).toContain('I agree')
    expect(en).toContain('years')
    // Untranslated texts fall back to Japanese.
    expect(en).toContain('フリガナ')
  })

  it('renders furigana as ruby, in the form texts and the renderer words', () => {
    const html = renderForm({ language: 'ja-easy' })
    expect(html).toContain('<ruby>市民<rp>(</rp><rt>しみん</rt><rp>)</rp></ruby>')
    expect(html).toContain('<ruby>写真<rp>(</rp><rt>しゃしん</rt><rp>)</rp></ruby>を えらぶ')
    expect(html).toContain('lang="ja"')
    expect(html).toContain('--kf-ruby-lh:2') // room above each line for the readings
    expect(html).not.toContain('{市民|しみん}')
    expect(renderForm()).not.toContain('--kf-ruby-lh:2')
  })

  it('shows errors on their fields, linked for screen readers', () => {
    const html = renderForm({
      errors: {
        name: '全角で入力してください（ABC）',
        resident: '選んでください',
        [CONSENT_FIELD]: '同意が必要です',
      },
    })
    expect(html).toContain('全角で入力してください（ABC）')
    expect(tagWith(html, 'id="kf-name"')).toContain('aria-invalid="true"')
    expect(tagWith(html, 'id="kf-name"')).toContain('aria-describedby="kf-name-error kf-name-description"')
    expect(html).toContain('id="kf-name-error"')
    expect(tagWith(html, 'role="radiogroup"')).toContain('aria-describedby="kf-resident-error"')
    expect(html).toContain('id="kf-resident-error"')
    expect(html).toContain('同意が必要です')
    expect(html).toContain('aria-describedby="kf-__consent-error"')
  })

  it('disables uploads in the preview and explains why', () => {
    const html = renderForm()
    expect(html).toContain('プレビューではアップロードできません。')
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>(?:(?!<\/button>).)*写真を選ぶ/s)
    const live = renderForm({
      uploader: { upload: async () => Promise.reject(new Error('x')), fileUrl: (id) => `/f/${id}` },
    })
    expect(live).not.toContain('プレビューではアップロードできません。')
  })

  it('lists uploaded files with a thumbnail, name, size and remove button', () => {
    const id = '7d5f1d0e-4f2a-4e53-9d6e-2d1c1b0a9f00'
    const html = renderForm({
      values: { photo: [id] },
      files: { [id]: { id, contentType: 'image/jpeg', byteSize: 2_516_582, fileName: 'park.jpg' } },
      uploader: { upload: async () => Promise.reject(new Error('x')), fileUrl: (u) => `/f/${u}` },
    })
    expect(html).toContain(`src="/f/${id}"`)
    expect(html).toContain('park.jpg')
    expect(html).toContain('2.4 MB')
    expect(html).toContain('aria-label="park.jpgを削除"')
  })

  it('shows the consent text, a link opening in a new tab and the checkbox', () => {
    const html = renderForm({ consent: true })
    expect(html).toContain('個人情報は適切に扱います。')
    const link = tagWith(html, 'href="https://example.jp/privacy"')
    expect(link).toContain('target="_blank"')
    expect(link).toContain('rel="noopener noreferrer"')
    expect(html).toContain('（新しいタブで開きます）')
    expect(tagWith(html, 'id="kf-__consent"')).toMatch(/type="checkbox".*checked=""/)
  })

  it('disables a multiple choice option once the maximum is picked', () => {
    const html = renderForm({ values: { topics: ['a', 'b'] } })
    expect(tagWith(html, 'value="c"')).toContain('disabled=""')
    expect(tagWith(html, 'value="a"')).toContain('checked=""')
    expect(tagWith(html, 'value="a"')).not.toContain('disabled')
  })
})

describe('AnswerSummary', () => {
  const answers: RawAnswers = {
    name: '山田太郎',
    resident: 'no',
    district: 'north', // hidden: resident is not "yes"
    topics: ['a', 'c'],
    memo: '電話で確認済み',
  }

  it('lists the shown, answered questions with readable values', () => {
    const html = render(<AnswerSummary definition={definition} language="ja" answers={answers} files={{}} />)
    expect(html).toContain('<dl')
    expect(html).toContain('山田太郎')
    expect(html).toContain('いいえ')
    expect(html).toContain('子育て、福祉')
    expect(html).not.toContain('お住まいの地区')
    expect(html).not.toContain('職員メモ欄')
    expect(html).not.toContain('自己紹介') // unanswered
  })

  it('shows unanswered questions and staff notes when asked (admin detail), and thumbnails', () => {
    const id = '7d5f1d0e-4f2a-4e53-9d6e-2d1c1b0a9f00'
    const html = render(
      <AnswerSummary
        definition={definition}
        language="ja"
        answers={{ ...answers, photo: [id] }}
        files={{ [id]: { fileName: 'park.jpg' } }}
        fileUrl={(u) => `/forms/uploads/${u}`}
        showUnanswered
        includeStaffNotes
      />,
    )
    expect(html).toContain('職員メモ欄')
    expect(html).toContain('電話で確認済み')
    expect(html).toContain('未回答')
    expect(html).toContain(`src="/forms/uploads/${id}"`)
    expect(html).toContain('park.jpg')
  })
})
