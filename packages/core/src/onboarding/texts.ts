/**
 * SEG-1, SEG-2: the built-in texts of the greeting on follow and the profile reminder, in the
 * residents' six languages. Used when staff have not written their own (per language: a missing
 * translation of the city's own text falls back to the city's Japanese, not to these).
 */
export type OnboardingLanguage = 'ja' | 'en' | 'ko' | 'zh-Hans' | 'zh-Hant' | 'ja-easy'

export const DEFAULT_GREETING_TEXT: Record<OnboardingLanguage, string> = {
  ja: '友だち追加ありがとうございます。市からのお知らせをお届けします。\nお住まいの地区などを登録していただくと、あなたに合ったお知らせをお送りできます。',
  en: 'Thank you for adding us as a friend. We will send you news from the city.\nIf you register your district and a few details, we can send you the news that matters to you.',
  ko: '친구 추가해 주셔서 감사합니다. 시의 소식을 전해 드립니다.\n거주 지역 등을 등록하시면 회원님께 맞는 소식을 보내 드릴 수 있습니다.',
  'zh-Hans':
    '感谢您添加好友。我们将为您发送市政府的通知。\n登记您居住的地区等信息后，我们可以为您发送更适合您的通知。',
  'zh-Hant':
    '感謝您加入好友。我們將為您傳送市政府的通知。\n登記您居住的地區等資料後，我們可以為您傳送更適合您的通知。',
  'ja-easy':
    'ともだちに なって くれて ありがとう ございます。しやくしょ から おしらせを おくります。\nすんで いる ところ などを おしえて ください。あなたに あった おしらせを おくります。',
}

export const DEFAULT_REMINDER_TEXT: Record<OnboardingLanguage, string> = {
  ja: 'プロフィールのご登録がまだのようです。お住まいの地区などを登録していただくと、あなたに合ったお知らせをお送りできます。',
  en: 'You have not filled in your profile yet. If you register your district and a few details, we can send you the news that matters to you.',
  ko: '아직 프로필이 등록되지 않았습니다. 거주 지역 등을 등록하시면 회원님께 맞는 소식을 보내 드릴 수 있습니다.',
  'zh-Hans': '您尚未登记个人资料。登记您居住的地区等信息后，我们可以为您发送更适合您的通知。',
  'zh-Hant': '您尚未登記個人資料。登記您居住的地區等資料後，我們可以為您傳送更適合您的通知。',
  'ja-easy':
    'まだ プロフィールが ありません。すんで いる ところ などを おしえて ください。あなたに あった おしらせを おくります。',
}

/** The button under the greeting / reminder that opens the profile form. */
export const PROFILE_BUTTON_LABEL: Record<OnboardingLanguage, string> = {
  ja: 'プロフィールを登録する',
  en: 'Fill in my profile',
  ko: '프로필 등록하기',
  'zh-Hans': '登记个人资料',
  'zh-Hant': '登記個人資料',
  'ja-easy': 'プロフィールを かく',
}

/** The line above that button. */
export const PROFILE_PROMPT: Record<OnboardingLanguage, string> = {
  ja: 'かんたんなプロフィール登録（1分ほど）',
  en: 'A short profile (about a minute)',
  ko: '간단한 프로필 등록 (약 1분)',
  'zh-Hans': '简单的个人资料登记（约1分钟）',
  'zh-Hant': '簡單的個人資料登記（約1分鐘）',
  'ja-easy': 'かんたんな プロフィール（1ぷん ぐらい）',
}

const LANGUAGES = Object.keys(DEFAULT_GREETING_TEXT) as OnboardingLanguage[]

function asLanguage(language: string): OnboardingLanguage {
  return (LANGUAGES as string[]).includes(language) ? (language as OnboardingLanguage) : 'ja'
}

/**
 * The text for a resident: the city's text in their language, else the city's Japanese text
 * (for やさしい日本語 too), else the built-in text in their language.
 */
export function onboardingText(
  custom: Record<string, string> | null | undefined,
  defaults: Record<OnboardingLanguage, string>,
  language: string,
): string {
  const lang = asLanguage(language)
  const own = custom?.[lang]?.trim()
  if (own) return own
  const ja = custom?.ja?.trim()
  if (ja) return ja
  return defaults[lang]
}

export function localized(map: Record<OnboardingLanguage, string>, language: string): string {
  return map[asLanguage(language)]
}
