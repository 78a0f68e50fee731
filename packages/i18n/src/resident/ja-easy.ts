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
  forms: {
    listTitle: '{答|こた}えられる フォーム',
    listEmpty: '{今|いま}は {答|こた}えられる フォームが ありません。',
    answered: '{答|こた}えました',
    unanswered: 'まだ {答|こた}えて いません',
    answeredTimes: '{{count}}{回|かい} {答|こた}えました',
    closesAt: '{{date}}まで',
    deadline: 'しめきり：{{date}}',
    notOpenTitle: 'まだ {始|はじ}まって いません',
    notOpenDescription: '{{date}}から {答|こた}えられます。',
    notOpenSoon: '{始|はじ}まるまで {待|ま}って ください。',
    closedTitle: 'もう {終|お}わりました',
    closedDescription: 'この フォームは もう {答|こた}えられません。',
    limitTitle: 'もう {終|お}わりました',
    limitDescription:
      '{答|こた}えが たくさん {集|あつ}まったので、 {終|お}わりました。 ありがとうございました。',
    yourAnswers: 'あなたの {答|こた}え',
    answeredTitle: 'もう {答|こた}えました',
    answeredOn: '{{date}}に {答|こた}えました。',
    editedOn: '{{date}}に {変|か}えました。',
    edit: '{答|こた}えを {変|か}える',
    versionChanged:
      'フォームが {変|か}わりました。 {今|いま}の {質問|しつもん}を {見|み}て、 {答|こた}えを たしかめて ください。',
    newAnswer: '{新|あたら}しく {答|こた}える',
    pastAnswers: '{前|まえ}の {答|こた}え',
    pastAnswer: '{{date}}の {答|こた}え',
    noPastAnswers: 'まだ {答|こた}えて いません。',
    toConfirm: 'たしかめる',
    cancelEdit: '{変|か}えるのを やめる',
    errorCount: '{書|か}いた ことを たしかめて ください（{{count}}こ）',
    confirmTitle: '{書|か}いた ことを たしかめる',
    confirmDescription: 'これで {送|おく}ります。 よければ 「{送|おく}る」を {押|お}して ください。',
    fix: '{直|なお}す',
    send: '{送|おく}る',
    sending: '{送|おく}って います…',
    thankYouTitle: '{送|おく}りました',
    editedTitle: '{答|こた}えを {変|か}えました',
    thankYouDefault: '{答|こた}えて くれて ありがとうございました。',
    receiptNote: 'LINEの トークに 「{受|う}け{取|と}りました」の メッセージが {届|とど}きます。',
    toMyPage: 'マイページへ',
    answerAgain: 'もう {一度|いちど} {答|こた}える',
    uploadFailed: 'ファイルを {送|おく}れませんでした。 もう {一度|いちど} ためして ください。',
    uploadsPending: 'ファイルを {送|おく}って います。 {終|お}わるまで {待|ま}って ください。',
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
    form_not_found: 'この フォームは ありません。',
    form_not_open: 'この フォームは まだ {始|はじ}まって いません。',
    form_closed: 'この フォームは もう {終|お}わりました。',
    form_limit_reached: '{答|こた}えが たくさん {集|あつ}まったので、 もう {終|お}わりました。',
    form_invalid_answers: 'まちがいが あります。 エラーの ところを たしかめて ください。',
    form_response_not_editable: 'この {答|こた}えは {変|か}えられません。',
    upload_too_large: 'ファイルが {大|おお}きすぎます。 {小|ちい}さい ファイルを えらんで ください。',
    upload_type_not_allowed:
      'この ファイルは {送|おく}れません。 {写真|しゃしん}か {動画|どうが}を えらんで ください。',
    upload_not_found: 'ファイルが ありません。 もう {一度|いちど} えらんで ください。',
    too_many_attempts:
      '{短|みじか}い {時間|じかん}に たくさん {送|おく}りました。 {少|すこ}し {待|ま}ってから、 もう {一度|いちど} ためして ください。',
  },
  settings: {
    title: 'わたしの {設定|せってい}',
    description:
      '{住|す}んで いる ところや、 {好|す}きな ことを えらんで ください。 あなたに {合|あ}う お{知|し}らせが {届|とど}きます。',
    linkTitle: 'わたしの {設定|せってい}',
    linkDescription:
      '{住|す}んで いる ところや {好|す}きな ことを {登録|とうろく}すると、 あなたに {合|あ}う お{知|し}らせが {届|とど}きます。',
    chooseOne: '{一|ひと}つ えらんで ください',
    chooseMany: 'あう ものを {全部|ぜんぶ} えらんで ください',
    none: 'えらばない',
    empty: '{今|いま}は {登録|とうろく}する ものが ありません。',
    save: '{保存|ほぞん}する',
    saving: '{保存|ほぞん}して います…',
    saved: '{保存|ほぞん}しました',
    unsaved: 'まだ {保存|ほぞん}して いません',
    fieldInvalid: 'ここの えらびかたを たしかめて ください。',
    privacy:
      '{登録|とうろく}した ことは、 {{account}}が お{知|し}らせを {送|おく}る {人|ひと}を きめる ために つかいます。',
    profileForm: 'くわしい プロフィールに {答|こた}える',
    back: 'マイページに もどる',
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
