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
  forms: {
    listTitle: '回答できるフォーム',
    listEmpty: 'いま回答できるフォームはありません。',
    answered: '回答済み',
    unanswered: '未回答',
    answeredTimes: '{{count}}回回答済み',
    closesAt: '{{date}}まで',
    deadline: '受付期限：{{date}}',
    notOpenTitle: 'まだ受付を始めていません',
    notOpenDescription: '{{date}}から回答できます。',
    notOpenSoon: '受付が始まるまで、しばらくお待ちください。',
    closedTitle: '受付は終了しました',
    closedDescription: 'このフォームの受付期間は終わりました。',
    limitTitle: '受付を終了しました',
    limitDescription:
      '予定していた数の回答が集まったため、受付を終了しました。ご協力ありがとうございました。',
    yourAnswers: 'あなたの回答',
    answeredTitle: '回答済みです',
    answeredOn: '{{date}}に回答しました。',
    editedOn: '{{date}}に変更しました。',
    edit: '回答を変更する',
    versionChanged: 'フォームの内容が変わりました。いまの質問に合わせて、回答を確認してください。',
    newAnswer: '新しく回答する',
    pastAnswers: 'これまでの回答',
    pastAnswer: '{{date}}の回答',
    noPastAnswers: 'まだ回答していません。',
    toConfirm: '確認へ',
    cancelEdit: '変更をやめる',
    errorCount: '入力内容を確認してください（{{count}}件）',
    confirmTitle: '入力内容の確認',
    confirmDescription: 'この内容で送信します。よろしければ「送信する」を押してください。',
    fix: '修正する',
    send: '送信する',
    sending: '送信しています…',
    thankYouTitle: '送信しました',
    editedTitle: '回答を変更しました',
    thankYouDefault: 'ご回答ありがとうございました。',
    receiptNote: 'LINEのトークに、受付のメッセージをお送りします。',
    toMyPage: 'マイページへ',
    answerAgain: 'もう一度回答する',
    uploadFailed: 'ファイルを送れませんでした。もう一度お試しください。',
    uploadsPending: 'ファイルを送信しています。終わるまでお待ちください。',
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
    form_not_found: 'このフォームは見つかりませんでした。',
    form_not_open: 'このフォームは、まだ受付を始めていません。',
    form_closed: 'このフォームの受付は終了しました。',
    form_limit_reached: '回答数が上限に達したため、受付を終了しました。',
    form_invalid_answers: '入力内容に誤りがあります。エラーが表示された項目を確認してください。',
    form_response_not_editable: 'この回答は変更できません。',
    upload_too_large: 'ファイルのサイズが大きすぎます。小さいファイルを選んでください。',
    upload_type_not_allowed: 'この種類のファイルは送れません。写真や動画のファイルを選んでください。',
    upload_not_found: 'ファイルが見つかりませんでした。もう一度選んでください。',
    too_many_attempts:
      '短い時間に何度も送られたため、受け付けられませんでした。しばらく待ってから、もう一度お試しください。',
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
