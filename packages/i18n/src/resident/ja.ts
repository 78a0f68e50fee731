/**
 * Resident (LIFF) messages in Japanese. This file defines the key set: the other five languages are
 * typed by it, and `resources.test.ts` checks they have exactly the same keys and `{{variables}}`.
 *
 * `{漢字|かんじ}` marks furigana (rendered as <ruby>); only the やさしい日本語 file uses it.
 */
export const ja = {
  common: {
    language: '言語',
    retry: 'もう一度試す',
    loading: '読み込み中…',
  },
  languages: {
    ja: '日本語',
    en: '英語',
    ko: '韓国語',
    'zh-Hans': '中国語（簡体字）',
    'zh-Hant': '中国語（繁体字）',
    'ja-easy': 'やさしい日本語',
  },
  signIn: {
    title: 'ログインしています',
    description: 'LINEアカウントの情報を確認しています。しばらくお待ちください。',
    failedTitle: 'ログインできませんでした',
    cookiesBlocked: 'ログイン情報を保存できませんでした。LINEアプリから、このページを開き直してください。',
  },
  myPage: {
    title: 'マイページ',
    nameLabel: 'LINEの表示名',
    noName: '表示名はありません',
    pictureAlt: '{{name}}さんのプロフィール画像',
    friendTitle: '友だち登録',
    friend: 'この公式アカウントと友だちです',
    friendDescription: '{{account}}からのお知らせがLINEに届きます。',
    notFriend: 'まだ友だちではありません',
    notFriendDescription:
      '{{account}}を友だち追加すると、お知らせをLINEで受け取れます。トーク画面のメニューなどから追加してください。',
    languageTitle: '表示する言語',
    languageDescription:
      'このページの表示に使う言語です。お知らせも、この言語で用意されている場合はこの言語で届きます。',
    languageSave: 'この言語にする',
    languageSaved: '表示する言語を変更しました',
  },
  errors: {
    liff_token_invalid: 'LINEのログイン情報を確認できませんでした。もう一度お試しください。',
    liff_not_configured: 'このページはまだ準備中です。時間をおいてから、もう一度開いてください。',
    liff_init_failed: 'LINEに接続できませんでした。LINEアプリから、このページを開き直してください。',
    liff_token_missing:
      'LINEのログイン情報が見つかりませんでした。LINEアプリから、このページを開き直してください。',
    unauthenticated: 'ログインの有効期限が切れました。もう一度お試しください。',
    not_found: 'お探しの情報が見つかりませんでした。',
    invalid_input: '入力した内容を確認してください。',
    internal: 'システムエラーが発生しました。時間をおいて、もう一度お試しください。',
    network: '通信できませんでした。電波の良い場所で、もう一度お試しください。',
  },
  errorPage: {
    notFoundTitle: 'ページが見つかりません',
    notFoundDescription: 'URLが間違っているか、ページが削除された可能性があります。',
    internalTitle: 'エラーが発生しました',
    internalDescription: '時間をおいて、もう一度お試しください。',
    statusCode: 'エラーコード {{status}}',
    reload: 'ページを読み込み直す',
  },
}

/** Same tree as `ja` with every message widened to `string`, so the other languages are typed by it. */
type MessagesOf<T> = { [K in keyof T]: T[K] extends string ? string : MessagesOf<T[K]> }
export type ResidentMessages = MessagesOf<typeof ja>
