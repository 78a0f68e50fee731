import { isResidentLanguage, matchResidentLanguage, type ResidentLanguage } from '@kairan/i18n'

/**
 * Every text the validator and `formatAnswer` produce, in the six resident languages. やさしい日本語
 * carries furigana as `{漢字|かんじ}` (render it with the renderer's `FormText`); parameters are
 * `{{name}}`, as in the rest of the resident messages.
 */
export const VALIDATION_CODES = [
  'required',
  'required_choice',
  'required_date',
  'required_image',
  'required_video',
  'text_too_short',
  'text_too_long',
  'text_length_exact',
  'text_length_range',
  'number_invalid',
  'number_integer',
  'number_min',
  'number_max',
  'number_range',
  'choice_invalid',
  'picks_min',
  'picks_max',
  'picks_exact',
  'picks_range',
  'date_invalid',
  'date_min',
  'date_max',
  'date_range',
  'postal_code_invalid',
  'phone_invalid',
  'email_invalid',
  'files_max',
  'file_invalid',
  'char_full_width',
  'char_half_width',
  'char_alphanumeric',
  'char_katakana',
  'char_hiragana',
  'char_digits',
  'char_pattern',
  'char_offending',
  'char_space_half',
  'char_space_full',
  'consent_required',
  'invalid_value',
] as const
export type ValidationCode = (typeof VALIDATION_CODES)[number]

/** Texts of `formatAnswer` (exports, confirmation screen). */
export const FORMAT_CODES = ['file_count', 'file_unnamed'] as const
export type FormatCode = (typeof FORMAT_CODES)[number]

export type MessageCode = ValidationCode | FormatCode
export type MessageParams = Record<string, string | number>

/** English needs a singular; `by` names the parameter that decides it. */
type Plural = { one: string; other: string; by: string }
type Message = string | Plural
type MessageTable = Record<MessageCode, Message>

const ja: MessageTable = {
  required: '入力してください。',
  required_choice: '選んでください。',
  required_date: '日付を入力してください。',
  required_image: '画像を追加してください。',
  required_video: '動画を追加してください。',
  text_too_short: '{{min}}文字以上で入力してください（現在{{length}}文字）。',
  text_too_long: '{{max}}文字以内で入力してください（現在{{length}}文字）。',
  text_length_exact: '{{count}}文字で入力してください（現在{{length}}文字）。',
  text_length_range: '{{min}}〜{{max}}文字で入力してください（現在{{length}}文字）。',
  number_invalid: '数字で入力してください（例：1200）。',
  number_integer: '小数点のない整数で入力してください。',
  number_min: '{{min}}以上の数を入力してください。',
  number_max: '{{max}}以下の数を入力してください。',
  number_range: '{{min}}から{{max}}までの数を入力してください。',
  choice_invalid: '表示されている選択肢から選んでください。',
  picks_min: '{{min}}個以上選んでください。',
  picks_max: '選べるのは{{max}}個までです。',
  picks_exact: '{{count}}個選んでください。',
  picks_range: '{{min}}〜{{max}}個選んでください。',
  date_invalid: '正しい日付を入力してください（例：2026-04-01）。',
  date_min: '{{min}}以降の日付を入力してください。',
  date_max: '{{max}}以前の日付を入力してください。',
  date_range: '{{min}}から{{max}}までの日付を入力してください。',
  postal_code_invalid: '郵便番号は7桁の数字で入力してください（例：123-4567）。',
  phone_invalid:
    '正しい電話番号を入力してください（例：090-1234-5678）。日本以外の番号は「+」と国番号から入力してください。',
  email_invalid: '正しいメールアドレスを入力してください（例：taro@example.jp）。',
  files_max: 'ファイルは{{max}}個まで追加できます。',
  file_invalid: 'ファイルを確認できませんでした。もう一度追加してください。',
  char_full_width: '全角で入力してください（例：山田　太郎、ＡＢＣ１２３）。半角文字と絵文字は使えません。',
  char_half_width: '半角で入力してください（例：ABC-123）。',
  char_alphanumeric: '半角英数字で入力してください（例：abc123）。スペースや記号は使えません。',
  char_katakana: '全角カタカナで入力してください（例：ヤマダ タロウ）。',
  char_hiragana: 'ひらがなで入力してください（例：やまだ たろう）。',
  char_digits: '半角数字だけで入力してください（例：0123）。ハイフンやスペースは使えません。',
  char_pattern: '入力の形式が正しくありません。',
  char_offending: '使えない文字：{{chars}}',
  char_space_half: '半角スペース',
  char_space_full: '全角スペース',
  consent_required: '送信するには、同意のチェックを入れてください。',
  invalid_value: 'この回答は受け付けられません。もう一度入力してください。',
  file_count: '（ファイル{{count}}件）',
  file_unnamed: '（名前のないファイル）',
}

const en: MessageTable = {
  required: 'Please fill in this field.',
  required_choice: 'Please choose an option.',
  required_date: 'Please enter a date.',
  required_image: 'Please add an image.',
  required_video: 'Please add a video.',
  text_too_short: {
    one: 'Please enter at least 1 character.',
    other: 'Please enter at least {{min}} characters (currently {{length}}).',
    by: 'min',
  },
  text_too_long: {
    one: 'Please enter no more than 1 character (currently {{length}}).',
    other: 'Please enter no more than {{max}} characters (currently {{length}}).',
    by: 'max',
  },
  text_length_exact: {
    one: 'Please enter exactly 1 character (currently {{length}}).',
    other: 'Please enter exactly {{count}} characters (currently {{length}}).',
    by: 'count',
  },
  text_length_range: 'Please enter {{min}} to {{max}} characters (currently {{length}}).',
  number_invalid: 'Please enter a number (e.g. 1200).',
  number_integer: 'Please enter a whole number, without decimals.',
  number_min: 'Please enter a number of {{min}} or more.',
  number_max: 'Please enter a number of {{max}} or less.',
  number_range: 'Please enter a number from {{min}} to {{max}}.',
  choice_invalid: 'Please choose one of the options shown.',
  picks_min: {
    one: 'Please choose at least 1 option.',
    other: 'Please choose at least {{min}} options.',
    by: 'min',
  },
  picks_max: {
    one: 'You can choose only 1 option.',
    other: 'You can choose up to {{max}} options.',
    by: 'max',
  },
  picks_exact: {
    one: 'Please choose 1 option.',
    other: 'Please choose exactly {{count}} options.',
    by: 'count',
  },
  picks_range: 'Please choose {{min}} to {{max}} options.',
  date_invalid: 'Please enter a valid date (e.g. 2026-04-01).',
  date_min: 'Please enter a date on or after {{min}}.',
  date_max: 'Please enter a date on or before {{max}}.',
  date_range: 'Please enter a date between {{min}} and {{max}}.',
  postal_code_invalid: 'Please enter the 7-digit postal code (e.g. 123-4567).',
  phone_invalid:
    'Please enter a valid phone number (e.g. 090-1234-5678). For a number outside Japan, start with + and the country code.',
  email_invalid: 'Please enter a valid e-mail address (e.g. taro@example.jp).',
  files_max: { one: 'You can add only 1 file.', other: 'You can add up to {{max}} files.', by: 'max' },
  file_invalid: 'A file could not be found. Please add it again.',
  char_full_width:
    'Enter full-width characters only (e.g. 山田　太郎, ＡＢＣ１２３). Half-width characters and emoji cannot be used.',
  char_half_width: 'Enter half-width characters only (e.g. ABC-123).',
  char_alphanumeric: 'Enter half-width letters and digits only (e.g. abc123), without spaces or symbols.',
  char_katakana: 'Enter full-width katakana only (e.g. ヤマダ タロウ).',
  char_hiragana: 'Enter hiragana only (e.g. やまだ たろう).',
  char_digits: 'Enter half-width digits only (e.g. 0123), without hyphens or spaces.',
  char_pattern: 'This answer is not in the expected format.',
  char_offending: 'Not allowed: {{chars}}',
  char_space_half: 'half-width space',
  char_space_full: 'full-width space',
  consent_required: 'Please tick the box to agree before sending.',
  invalid_value: 'This answer cannot be accepted. Please enter it again.',
  file_count: { one: '(1 file)', other: '({{count}} files)', by: 'count' },
  file_unnamed: '(unnamed file)',
}

const ko: MessageTable = {
  required: '입력해 주세요.',
  required_choice: '선택해 주세요.',
  required_date: '날짜를 입력해 주세요.',
  required_image: '이미지를 추가해 주세요.',
  required_video: '동영상을 추가해 주세요.',
  text_too_short: '{{min}}자 이상 입력해 주세요(현재 {{length}}자).',
  text_too_long: '{{max}}자 이내로 입력해 주세요(현재 {{length}}자).',
  text_length_exact: '{{count}}자로 입력해 주세요(현재 {{length}}자).',
  text_length_range: '{{min}}~{{max}}자로 입력해 주세요(현재 {{length}}자).',
  number_invalid: '숫자로 입력해 주세요(예: 1200).',
  number_integer: '소수점 없이 정수로 입력해 주세요.',
  number_min: '{{min}} 이상의 숫자를 입력해 주세요.',
  number_max: '{{max}} 이하의 숫자를 입력해 주세요.',
  number_range: '{{min}}부터 {{max}}까지의 숫자를 입력해 주세요.',
  choice_invalid: '표시된 선택지 중에서 골라 주세요.',
  picks_min: '{{min}}개 이상 선택해 주세요.',
  picks_max: '최대 {{max}}개까지 선택할 수 있습니다.',
  picks_exact: '{{count}}개를 선택해 주세요.',
  picks_range: '{{min}}~{{max}}개를 선택해 주세요.',
  date_invalid: '올바른 날짜를 입력해 주세요(예: 2026-04-01).',
  date_min: '{{min}} 이후의 날짜를 입력해 주세요.',
  date_max: '{{max}} 이전의 날짜를 입력해 주세요.',
  date_range: '{{min}}부터 {{max}}까지의 날짜를 입력해 주세요.',
  postal_code_invalid: '우편번호를 7자리 숫자로 입력해 주세요(예: 123-4567).',
  phone_invalid:
    '올바른 전화번호를 입력해 주세요(예: 090-1234-5678). 일본 이외의 번호는 +와 국가 번호부터 입력해 주세요.',
  email_invalid: '올바른 이메일 주소를 입력해 주세요(예: taro@example.jp).',
  files_max: '파일은 최대 {{max}}개까지 추가할 수 있습니다.',
  file_invalid: '파일을 확인할 수 없습니다. 다시 추가해 주세요.',
  char_full_width:
    '전각 문자로만 입력해 주세요(예: 山田　太郎, ＡＢＣ１２３). 반각 문자와 이모지는 사용할 수 없습니다.',
  char_half_width: '반각 문자로만 입력해 주세요(예: ABC-123).',
  char_alphanumeric: '반각 영문자와 숫자로만 입력해 주세요(예: abc123). 공백과 기호는 사용할 수 없습니다.',
  char_katakana: '전각 가타카나로만 입력해 주세요(예: ヤマダ タロウ).',
  char_hiragana: '히라가나로만 입력해 주세요(예: やまだ たろう).',
  char_digits: '반각 숫자로만 입력해 주세요(예: 0123). 하이픈과 공백은 사용할 수 없습니다.',
  char_pattern: '입력 형식이 올바르지 않습니다.',
  char_offending: '사용할 수 없는 문자: {{chars}}',
  char_space_half: '반각 공백',
  char_space_full: '전각 공백',
  consent_required: '보내기 전에 동의란에 체크해 주세요.',
  invalid_value: '이 답변은 받을 수 없습니다. 다시 입력해 주세요.',
  file_count: '(파일 {{count}}개)',
  file_unnamed: '(이름 없는 파일)',
}

const zhHans: MessageTable = {
  required: '请填写此项。',
  required_choice: '请选择。',
  required_date: '请输入日期。',
  required_image: '请添加图片。',
  required_video: '请添加视频。',
  text_too_short: '请至少输入{{min}}个字符（当前{{length}}个）。',
  text_too_long: '请输入不超过{{max}}个字符（当前{{length}}个）。',
  text_length_exact: '请输入{{count}}个字符（当前{{length}}个）。',
  text_length_range: '请输入{{min}}～{{max}}个字符（当前{{length}}个）。',
  number_invalid: '请输入数字（例：1200）。',
  number_integer: '请输入整数，不能有小数。',
  number_min: '请输入{{min}}或以上的数字。',
  number_max: '请输入{{max}}或以下的数字。',
  number_range: '请输入{{min}}到{{max}}之间的数字。',
  choice_invalid: '请从显示的选项中选择。',
  picks_min: '请至少选择{{min}}项。',
  picks_max: '最多可选择{{max}}项。',
  picks_exact: '请选择{{count}}项。',
  picks_range: '请选择{{min}}～{{max}}项。',
  date_invalid: '请输入正确的日期（例：2026-04-01）。',
  date_min: '请输入{{min}}或之后的日期。',
  date_max: '请输入{{max}}或之前的日期。',
  date_range: '请输入{{min}}到{{max}}之间的日期。',
  postal_code_invalid: '请输入7位数字的邮政编码（例：123-4567）。',
  phone_invalid: '请输入正确的电话号码（例：090-1234-5678）。日本以外的号码请以“+”和国家代码开头。',
  email_invalid: '请输入正确的电子邮件地址（例：taro@example.jp）。',
  files_max: '最多可添加{{max}}个文件。',
  file_invalid: '无法确认文件，请重新添加。',
  char_full_width: '请只输入全角字符（例：山田　太郎、ＡＢＣ１２３）。不能使用半角字符和表情符号。',
  char_half_width: '请只输入半角字符（例：ABC-123）。',
  char_alphanumeric: '请只输入半角英文字母和数字（例：abc123），不能使用空格和符号。',
  char_katakana: '请只输入全角片假名（例：ヤマダ タロウ）。',
  char_hiragana: '请只输入平假名（例：やまだ たろう）。',
  char_digits: '请只输入半角数字（例：0123），不能使用连字符和空格。',
  char_pattern: '输入格式不正确。',
  char_offending: '不能使用的字符：{{chars}}',
  char_space_half: '半角空格',
  char_space_full: '全角空格',
  consent_required: '发送前请勾选同意。',
  invalid_value: '无法接受此回答，请重新输入。',
  file_count: '（{{count}}个文件）',
  file_unnamed: '（无名称的文件）',
}

const zhHant: MessageTable = {
  required: '請填寫此項。',
  required_choice: '請選擇。',
  required_date: '請輸入日期。',
  required_image: '請新增圖片。',
  required_video: '請新增影片。',
  text_too_short: '請至少輸入{{min}}個字元（目前{{length}}個）。',
  text_too_long: '請輸入不超過{{max}}個字元（目前{{length}}個）。',
  text_length_exact: '請輸入{{count}}個字元（目前{{length}}個）。',
  text_length_range: '請輸入{{min}}～{{max}}個字元（目前{{length}}個）。',
  number_invalid: '請輸入數字（例：1200）。',
  number_integer: '請輸入整數，不能有小數。',
  number_min: '請輸入{{min}}或以上的數字。',
  number_max: '請輸入{{max}}或以下的數字。',
  number_range: '請輸入{{min}}到{{max}}之間的數字。',
  choice_invalid: '請從顯示的選項中選擇。',
  picks_min: '請至少選擇{{min}}項。',
  picks_max: '最多可選擇{{max}}項。',
  picks_exact: '請選擇{{count}}項。',
  picks_range: '請選擇{{min}}～{{max}}項。',
  date_invalid: '請輸入正確的日期（例：2026-04-01）。',
  date_min: '請輸入{{min}}或之後的日期。',
  date_max: '請輸入{{max}}或之前的日期。',
  date_range: '請輸入{{min}}到{{max}}之間的日期。',
  postal_code_invalid: '請輸入7位數字的郵遞區號（例：123-4567）。',
  phone_invalid: '請輸入正確的電話號碼（例：090-1234-5678）。日本以外的號碼請以「+」和國碼開頭。',
  email_invalid: '請輸入正確的電子郵件地址（例：taro@example.jp）。',
  files_max: '最多可新增{{max}}個檔案。',
  file_invalid: '無法確認檔案，請重新新增。',
  char_full_width: '請只輸入全形字元（例：山田　太郎、ＡＢＣ１２３）。不能使用半形字元和表情符號。',
  char_half_width: '請只輸入半形字元（例：ABC-123）。',
  char_alphanumeric: '請只輸入半形英文字母和數字（例：abc123），不能使用空格和符號。',
  char_katakana: '請只輸入全形片假名（例：ヤマダ タロウ）。',
  char_hiragana: '請只輸入平假名（例：やまだ たろう）。',
  char_digits: '請只輸入半形數字（例：0123），不能使用連字號和空格。',
  char_pattern: '輸入格式不正確。',
  char_offending: '不能使用的字元：{{chars}}',
  char_space_half: '半形空格',
  char_space_full: '全形空格',
  consent_required: '送出前請勾選同意。',
  invalid_value: '無法接受此回答，請重新輸入。',
  file_count: '（{{count}}個檔案）',
  file_unnamed: '（無名稱的檔案）',
}

/** やさしい日本語: short phrases separated by spaces, furigana on every kanji. */
const jaEasy: MessageTable = {
  required: '{書|か}いて ください。',
  required_choice: 'えらんで ください。',
  required_date: '{日|ひ}にちを {書|か}いて ください。',
  required_image: '{写真|しゃしん}を {入|い}れて ください。',
  required_video: 'ビデオを {入|い}れて ください。',
  text_too_short:
    '{{min}}{文字|もじ}か、 それより {多|おお}く {書|か}いて ください（いまは {{length}}{文字|もじ}です）。',
  text_too_long: '{{max}}{文字|もじ}までで {書|か}いて ください（いまは {{length}}{文字|もじ}です）。',
  text_length_exact: '{{count}}{文字|もじ}で {書|か}いて ください（いまは {{length}}{文字|もじ}です）。',
  text_length_range:
    '{{min}}{文字|もじ}から {{max}}{文字|もじ}までで {書|か}いて ください（いまは {{length}}{文字|もじ}です）。',
  number_invalid: '{数字|すうじ}を {書|か}いて ください（れい：1200）。',
  number_integer: '「.」の ない {数字|すうじ}を {書|か}いて ください（れい：12）。',
  number_min: '{{min}}か、 それより {大|おお}きい {数字|すうじ}を {書|か}いて ください。',
  number_max: '{{max}}か、 それより {小|ちい}さい {数字|すうじ}を {書|か}いて ください。',
  number_range: '{{min}}から {{max}}までの {数字|すうじ}を {書|か}いて ください。',
  choice_invalid: 'ここに ある ものから えらんで ください。',
  picks_min: '{{min}}こか、 それより {多|おお}く えらんで ください。',
  picks_max: 'えらべるのは {{max}}こまでです。',
  picks_exact: '{{count}}こ えらんで ください。',
  picks_range: '{{min}}こから {{max}}こまで えらんで ください。',
  date_invalid: 'ただしい {日|ひ}にちを {書|か}いて ください（れい：2026-04-01）。',
  date_min: '{{min}}か、 それより あとの {日|ひ}にちを {書|か}いて ください。',
  date_max: '{{max}}か、 それより {前|まえ}の {日|ひ}にちを {書|か}いて ください。',
  date_range: '{{min}}から {{max}}までの {日|ひ}にちを {書|か}いて ください。',
  postal_code_invalid:
    '{郵便番号|ゆうびんばんごう}は {数字|すうじ} 7つで {書|か}いて ください（れい：123-4567）。',
  phone_invalid:
    'ただしい {電話番号|でんわばんごう}を {書|か}いて ください（れい：090-1234-5678）。 {日本|にほん}では ない {番号|ばんごう}は、 「+」と {国|くに}の {番号|ばんごう}から {書|か}いて ください。',
  email_invalid: 'ただしい メールアドレスを {書|か}いて ください（れい：taro@example.jp）。',
  files_max: 'ファイルは {{max}}こまで {入|い}れる ことが できます。',
  file_invalid: 'ファイルが {見|み}つかりません。 もう {一度|いちど} {入|い}れて ください。',
  char_full_width:
    '{全角|ぜんかく}の {文字|もじ}で {書|か}いて ください（れい：{山田|やまだ}　{太郎|たろう}、 ＡＢＣ１２３）。 {半角|はんかく}の {文字|もじ}と {絵文字|えもじ}は {使|つか}えません。',
  char_half_width: '{半角|はんかく}の {文字|もじ}で {書|か}いて ください（れい：ABC-123）。',
  char_alphanumeric:
    '{半角|はんかく}の アルファベットと {数字|すうじ}で {書|か}いて ください（れい：abc123）。 スペースや {記号|きごう}は {使|つか}えません。',
  char_katakana: 'カタカナで {書|か}いて ください（れい：ヤマダ タロウ）。',
  char_hiragana: 'ひらがなで {書|か}いて ください（れい：やまだ たろう）。',
  char_digits:
    '{半角|はんかく}の {数字|すうじ}だけで {書|か}いて ください（れい：0123）。 「-」や スペースは {使|つか}えません。',
  char_pattern: '{書|か}き{方|かた}が ちがいます。',
  char_offending: '{使|つか}えない {文字|もじ}：{{chars}}',
  char_space_half: '{半角|はんかく}の スペース',
  char_space_full: '{全角|ぜんかく}の スペース',
  consent_required: '{送|おく}る {前|まえ}に、 {同意|どうい}の チェックを {入|い}れて ください。',
  invalid_value:
    'この {答|こた}えは {受|う}け{付|つ}けられません。 もう {一度|いちど} {書|か}いて ください。',
  file_count: '（ファイル {{count}}こ）',
  file_unnamed: '（{名前|なまえ}の ない ファイル）',
}

export const FORM_MESSAGES: Record<ResidentLanguage, MessageTable> = {
  ja,
  en,
  ko,
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
  'ja-easy': jaEasy,
}

/**
 * The message language for a language tag: one of the six as is, then by primary subtag
 * (`ja-JP` → ja, `zh-TW` → zh-Hant, `ko-KR` → ko), English for every other language, Japanese when
 * none is given.
 */
export function messageLanguage(language: string): ResidentLanguage {
  if (isResidentLanguage(language)) return language
  if (language.trim() === '') return 'ja'
  return matchResidentLanguage(language) ?? 'en'
}

const INTL_LOCALE: Record<ResidentLanguage, string> = {
  ja: 'ja-JP',
  'ja-easy': 'ja-JP',
  en: 'en-US',
  ko: 'ko-KR',
  'zh-Hans': 'zh-Hans-CN',
  'zh-Hant': 'zh-Hant-TW',
}

function interpolate(template: string, lang: ResidentLanguage, params: MessageParams): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = params[name]
    if (value === undefined) return whole
    return typeof value === 'number'
      ? new Intl.NumberFormat(INTL_LOCALE[lang], { maximumFractionDigits: 20 }).format(value)
      : value
  })
}

function render(code: MessageCode, language: string, params: MessageParams = {}): string {
  const lang = messageLanguage(language)
  const message = FORM_MESSAGES[lang][code]
  const template =
    typeof message === 'string' ? message : params[message.by] === 1 ? message.one : message.other
  return interpolate(template, lang, params)
}

/** A validation message in `language` (see `messageLanguage` for the fallback). */
export function validationMessage(code: ValidationCode, language: string, params?: MessageParams): string {
  return render(code, language, params)
}

/** A `formatAnswer` text (file counts) in `language`. */
export function formatText(code: FormatCode, language: string, params?: MessageParams): string {
  return render(code, language, params)
}

/** Languages that write lists with 、 and sentences without spaces between them. */
export function isCjkLanguage(language: string): boolean {
  const lang = messageLanguage(language)
  return lang === 'ja' || lang === 'zh-Hans' || lang === 'zh-Hant' || lang === 'ja-easy'
}

/**
 * The characters a rule refused, quoted for the resident: 「ｱ」、「😀」 in Japanese and Chinese,
 * "ｱ", "😀" elsewhere; spaces are named, since a quoted space is invisible.
 */
export function quoteCharacters(chars: string[], language: string): string {
  const lang = messageLanguage(language)
  const cjk = isCjkLanguage(lang)
  const shown = chars.map((c) => {
    if (c === ' ') return render('char_space_half', lang)
    if (c === '\u3000') return render('char_space_full', lang)
    return cjk ? `「${c}」` : `"${c}"`
  })
  return shown.join(cjk ? '、' : ', ')
}
