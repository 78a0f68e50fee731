import type { ResidentMessages } from './ja.ts'

/**
 * Resident (LIFF) messages in やさしい日本語 (plain Japanese for residents still learning it):
 * short sentences, everyday words, a space between phrases, and furigana on every kanji written
 * as `{漢字|かんじ}` (shown as <ruby>; plain-text uses such as alt text keep only the kanji).
 */
export const jaEasy: ResidentMessages = {
  common: {
    language: '{言葉|ことば}',
    retry: 'もう {一度|いちど} ためす',
    loading: '{待|ま}って ください…',
  },
  languages: {
    ja: 'にほんご',
    en: 'えいご',
    ko: 'かんこくご',
    'zh-Hans': 'ちゅうごくご（かんたいじ）',
    'zh-Hant': 'ちゅうごくご（はんたいじ）',
    'ja-easy': 'やさしい にほんご',
  },
  signIn: {
    title: 'ログイン して います',
    description: 'LINEの アカウントを たしかめて います。 {少|すこ}し {待|ま}って ください。',
    failedTitle: 'ログイン できませんでした',
    cookiesBlocked:
      'ログイン できませんでした。 LINEの アプリから、 この ページを もう {一度|いちど} {開|ひら}いて ください。',
  },
  myPage: {
    title: 'マイページ',
    nameLabel: 'LINEの {名前|なまえ}',
    noName: '{名前|なまえ}が ありません',
    pictureAlt: '{{name}}さんの {写真|しゃしん}',
    friendTitle: '{友|とも}だち',
    friend: 'この アカウントと {友|とも}だちです',
    friendDescription: '{{account}}からの お{知|し}らせが LINEに {届|とど}きます。',
    notFriend: 'まだ {友|とも}だちでは ありません',
    notFriendDescription:
      '{{account}}を {友|とも}だちに すると、 お{知|し}らせが LINEに {届|とど}きます。 トークの {画面|がめん}の メニューなどから {友|とも}だちに して ください。',
    languageTitle: '{言葉|ことば}を えらぶ',
    languageDescription:
      'この ページの {言葉|ことば}です。 お{知|し}らせも、 この {言葉|ことば}の ものが ある ときは、 この {言葉|ことば}で {届|とど}きます。',
    languageSave: 'この {言葉|ことば}に する',
    languageSaved: '{言葉|ことば}を {変|か}えました',
  },
  errors: {
    liff_token_invalid:
      'LINEの ログインを たしかめる ことが できませんでした。 もう {一度|いちど} ためして ください。',
    liff_not_configured:
      'この ページは まだ {使|つか}えません。 あとで もう {一度|いちど} {開|ひら}いて ください。',
    liff_init_failed:
      'LINEに つながりませんでした。 LINEの アプリから、 この ページを もう {一度|いちど} {開|ひら}いて ください。',
    liff_token_missing:
      'LINEの ログインが ありません。 LINEの アプリから、 この ページを もう {一度|いちど} {開|ひら}いて ください。',
    unauthenticated: 'ログインの {時間|じかん}が {終|お}わりました。 もう {一度|いちど} ためして ください。',
    not_found: 'さがして いる ものが ありませんでした。',
    invalid_input: '{書|か}いた ことを もう {一度|いちど} {見|み}て ください。',
    internal: 'システムの エラーです。 {少|すこ}し {待|ま}ってから、 もう {一度|いちど} ためして ください。',
    network:
      'インターネットに つながりません。 {電波|でんぱ}の よい ところで、 もう {一度|いちど} ためして ください。',
  },
  errorPage: {
    notFoundTitle: 'ページが ありません',
    notFoundDescription: 'URLが まちがって いるか、 ページが なくなりました。',
    internalTitle: 'エラーが {起|お}きました',
    internalDescription: '{少|すこ}し {待|ま}ってから、 もう {一度|いちど} ためして ください。',
    statusCode: 'エラー コード {{status}}',
    reload: 'ページを もう {一度|いちど} {開|ひら}く',
  },
}
