import { type LocalizedText, localize } from '@kairan/forms'

/**
 * The LINE message confirming receipt of an answer (issue 4, item 7), in the language the resident
 * answered in. LINE shows plain text: やさしい日本語 is written in kana where it matters, and the
 * furigana markup of a form title (`{漢字|かんじ}`) becomes "漢字(かんじ)".
 */
const RECEIPT_TEXTS: Record<string, { received: string; changed: string }> = {
  ja: {
    received: '「{title}」への回答を受け付けました。ご協力ありがとうございました。',
    changed: '「{title}」の回答を変更しました。',
  },
  'ja-easy': {
    received: '「{title}」の こたえを うけとりました。ありがとうございました。',
    changed: '「{title}」の こたえを かえました。',
  },
  en: {
    received: 'We have received your answer to "{title}". Thank you.',
    changed: 'Your answer to "{title}" has been updated.',
  },
  ko: {
    received: '「{title}」에 대한 응답이 접수되었습니다. 감사합니다.',
    changed: '「{title}」의 응답이 변경되었습니다.',
  },
  'zh-Hans': {
    received: '我们已收到您对「{title}」的回答。谢谢。',
    changed: '您对「{title}」的回答已更改。',
  },
  'zh-Hant': {
    received: '我們已收到您對「{title}」的回答。謝謝。',
    changed: '您對「{title}」的回答已變更。',
  },
}

const FURIGANA = /\{([^{}|]+)\|([^{}|]+)\}/g

/** The receipt text for an answer: "received" for a new one, "changed" after an edit. */
export function receiptText(title: LocalizedText, language: string, kind: 'received' | 'changed'): string {
  const texts = RECEIPT_TEXTS[language] ?? (language.startsWith('ja') ? RECEIPT_TEXTS.ja! : RECEIPT_TEXTS.en!)
  const name = localize(title, language).replace(FURIGANA, '$1($2)')
  return texts[kind].replace('{title}', name)
}
