import { describe, expect, it } from 'vitest'
import { type AnswerValue, CONSENT_FIELD } from './answers.ts'
import { FormDefinition } from './definition.ts'
import { isCjkLanguage, quoteCharacters, type ValidationCode, validationMessage } from './messages.ts'
import {
  buildAnswersSchema,
  FORM_ERROR_FIELD,
  tokyoDate,
  type ValidateOptions,
  validateAnswer,
  validateSubmission,
} from './validate.ts'

const label = { ja: '質問' }
const options = [
  { id: 'a', label: { ja: 'あ', en: 'A' } },
  { id: 'b', label: { ja: 'い', en: 'B' } },
  { id: 'c', label: { ja: 'う', en: 'C' } },
]
const UUID1 = '0b6c1c52-4f7e-4a59-9a3c-2a7f4f1f6e01'
const UUID2 = '0b6c1c52-4f7e-4a59-9a3c-2a7f4f1f6e02'
const UUID3 = '0b6c1c52-4f7e-4a59-9a3c-2a7f4f1f6e03'

function form(questions: Record<string, unknown>[], extra: Record<string, unknown> = {}): FormDefinition {
  return FormDefinition.parse({
    schemaVersion: 1,
    title: { ja: 'テスト' },
    sections: [{ id: 's1', questions: questions.map((q) => ({ label, ...q })) }],
    ...extra,
  })
}

type Err = { error: ValidationCode; params?: Record<string, string | number>; refused?: string[] }
type Case = {
  name: string
  q: Record<string, unknown>
  raw: unknown
  want: AnswerValue | undefined | Err
  language?: string
  now?: Date
  audience?: 'resident' | 'staff'
}

/** The message the validator must produce for an expected error, built from the code. */
function expectedMessage(err: Err, language: string): string {
  const base = validationMessage(err.error, language, err.params)
  if (!err.refused) return base
  const which = validationMessage('char_offending', language, {
    chars: quoteCharacters(err.refused, language),
  })
  return `${base}${isCjkLanguage(language) ? '' : ' '}${which}`
}

const isErr = (want: Case['want']): want is Err =>
  typeof want === 'object' && want !== null && !Array.isArray(want) && 'error' in want

const text = (extra: Record<string, unknown> = {}) => ({ type: 'short_text', ...extra })
const rule = (kind: string, convert = false, extra: Record<string, unknown> = {}) =>
  text({ charRule: { kind, convert, ...extra } })
const required = { required: true }

const cases: Case[] = [
  // Text: trimming, empty vs whitespace, length in graphemes.
  { name: 'text is trimmed', q: text(), raw: '  山田  ', want: '山田' },
  { name: 'empty optional text is absent', q: text(), raw: '', want: undefined },
  { name: 'missing optional text is absent', q: text(), raw: undefined, want: undefined },
  { name: 'empty required text', q: text(required), raw: '', want: { error: 'required' } },
  { name: 'spaces only count as unanswered', q: text(required), raw: '   ', want: { error: 'required' } },
  {
    name: 'full-width spaces only count as unanswered',
    q: text(required),
    raw: '\u3000\u3000',
    want: { error: 'required' },
  },
  { name: 'newlines only count as unanswered', q: text(required), raw: '\n\n', want: { error: 'required' } },
  { name: 'a number given to a text question', q: text(), raw: 123, want: '123' },
  { name: 'an array given to a text question', q: text(), raw: ['a'], want: { error: 'invalid_value' } },
  { name: 'line breaks in a short text become spaces', q: text(), raw: 'a\nb', want: 'a b' },
  { name: 'long text keeps line breaks (CRLF → LF)', q: { type: 'long_text' }, raw: 'a\r\nb', want: 'a\nb' },
  {
    name: 'max length reached exactly',
    q: text({ maxLength: 8 }),
    raw: 'あいうえおかきく',
    want: 'あいうえおかきく',
  },
  {
    name: 'max length exceeded',
    q: text({ maxLength: 8 }),
    raw: 'あいうえおかきくけ',
    want: { error: 'text_too_long', params: { max: 8, length: 9 } },
  },
  {
    name: 'emoji count as one character each (ZWJ family, flag)',
    q: text({ maxLength: 3 }),
    raw: '👨‍👩‍👧🇯🇵が',
    want: '👨‍👩‍👧🇯🇵が',
  },
  {
    name: 'four emoji are four characters',
    q: text({ maxLength: 3 }),
    raw: '👍👍👍👍',
    want: { error: 'text_too_long', params: { max: 3, length: 4 } },
  },
  {
    name: 'decomposed が counts once and is stored composed',
    q: text({ maxLength: 1 }),
    raw: 'か\u3099',
    want: 'が',
  },
  {
    name: 'min length',
    q: text({ minLength: 2 }),
    raw: 'あ',
    want: { error: 'text_too_short', params: { min: 2, length: 1 } },
  },
  {
    name: 'exact length',
    q: text({ minLength: 7, maxLength: 7 }),
    raw: 'abc',
    want: { error: 'text_length_exact', params: { count: 7, length: 3 } },
  },
  {
    name: 'length range',
    q: text({ minLength: 2, maxLength: 4 }),
    raw: 'abcde',
    want: { error: 'text_length_range', params: { min: 2, max: 4, length: 5 } },
  },
  {
    name: 'built-in limit of short text',
    q: text(),
    raw: 'x'.repeat(1001),
    want: { error: 'text_too_long', params: { max: 1000, length: 1001 } },
  },
  {
    name: 'min length alone does not mention the built-in limit',
    q: text({ minLength: 3 }),
    raw: 'ab',
    want: { error: 'text_too_short', params: { min: 3, length: 2 } },
  },

  // FORM-4 katakana.
  { name: 'katakana accepts アイウ', q: rule('katakana'), raw: 'アイウ', want: 'アイウ' },
  {
    name: 'katakana accepts ー, ・, both spaces, ヴ',
    q: rule('katakana'),
    raw: 'ヴァイオリン・ソナタ　ヤマダ ター',
    want: 'ヴァイオリン・ソナタ　ヤマダ ター',
  },
  {
    name: 'katakana refuses half-width ｱｲｳ',
    q: rule('katakana'),
    raw: 'ｱｲｳ',
    want: { error: 'char_katakana', refused: ['ｱ', 'ｲ', 'ｳ'] },
  },
  {
    name: 'katakana refuses hiragana',
    q: rule('katakana'),
    raw: 'やまだ',
    want: { error: 'char_katakana', refused: ['や', 'ま', 'だ'] },
  },
  { name: 'katakana converts ｱｲｳ', q: rule('katakana', true), raw: 'ｱｲｳ', want: 'アイウ' },
  { name: 'katakana converts ｶﾞｷﾞ (dakuten)', q: rule('katakana', true), raw: 'ｶﾞｷﾞ', want: 'ガギ' },
  { name: 'katakana converts ﾊﾟﾋﾟ (handakuten)', q: rule('katakana', true), raw: 'ﾊﾟﾋﾟ', want: 'パピ' },
  {
    name: 'katakana converts hiragana',
    q: rule('katakana', true),
    raw: 'やまだ たろう',
    want: 'ヤマダ タロウ',
  },
  { name: 'katakana converts ｺｰﾋｰ', q: rule('katakana', true), raw: 'ｺｰﾋｰ', want: 'コーヒー' },
  {
    name: 'katakana reads a dash after kana as ー',
    q: rule('katakana', true),
    raw: 'コ-ヒ－',
    want: 'コーヒー',
  },
  {
    name: 'katakana still refuses digits when converting',
    q: rule('katakana', true),
    raw: 'ﾔﾏﾀﾞ1',
    want: { error: 'char_katakana', refused: ['1'] },
  },

  // hiragana.
  { name: 'hiragana accepts やまだ', q: rule('hiragana'), raw: 'やまだ　たろう', want: 'やまだ　たろう' },
  {
    name: 'hiragana refuses katakana',
    q: rule('hiragana'),
    raw: 'ヤマダ',
    want: { error: 'char_hiragana', refused: ['ヤ', 'マ', 'ダ'] },
  },
  { name: 'hiragana converts katakana', q: rule('hiragana', true), raw: 'ヤマダ', want: 'やまだ' },
  { name: 'hiragana converts half-width katakana', q: rule('hiragana', true), raw: 'ｶﾞｯｺｳ', want: 'がっこう' },
  {
    name: 'hiragana cannot convert ヷ',
    q: rule('hiragana', true),
    raw: 'ヷ',
    want: { error: 'char_hiragana', refused: ['ヷ'] },
  },

  // digits.
  { name: 'digits accepts 123', q: rule('digits'), raw: '0123', want: '0123' },
  {
    name: 'digits refuses １２３ without convert',
    q: rule('digits'),
    raw: '１２３',
    want: { error: 'char_digits', refused: ['１', '２', '３'] },
  },
  { name: 'digits converts １２３', q: rule('digits', true), raw: '１２３', want: '123' },
  {
    name: 'digits still refuses a hyphen',
    q: rule('digits', true),
    raw: '０９０−１２３４',
    want: { error: 'char_digits', refused: ['-'] },
  },

  // half_width.
  { name: 'half-width accepts ABC-123', q: rule('half_width'), raw: 'ABC-123 x@y', want: 'ABC-123 x@y' },
  {
    name: 'half-width refuses full-width letters',
    q: rule('half_width'),
    raw: 'ＡＢ1',
    want: { error: 'char_half_width', refused: ['Ａ', 'Ｂ'] },
  },
  {
    name: 'half-width converts full-width ASCII and dashes',
    q: rule('half_width', true),
    raw: 'ＡＢＣ－１２３　Ｘ',
    want: 'ABC-123 X',
  },
  {
    name: 'half-width reads ー between digits as a hyphen',
    q: rule('half_width', true),
    raw: '１ー２ー３',
    want: '1-2-3',
  },
  {
    name: 'half-width cannot convert kana',
    q: rule('half_width', true),
    raw: 'ｱ1',
    want: { error: 'char_half_width', refused: ['ア'] },
  },
  {
    name: 'half-width refuses emoji',
    q: rule('half_width', true),
    raw: 'ok👍',
    want: { error: 'char_half_width', refused: ['👍'] },
  },

  // alphanumeric.
  { name: 'alphanumeric accepts abc123', q: rule('alphanumeric'), raw: 'abc123', want: 'abc123' },
  {
    name: 'alphanumeric refuses a space',
    q: rule('alphanumeric'),
    raw: 'abc 123',
    want: { error: 'char_alphanumeric', refused: [' '] },
  },
  {
    name: 'alphanumeric refuses a symbol',
    q: rule('alphanumeric'),
    raw: 'abc-1',
    want: { error: 'char_alphanumeric', refused: ['-'] },
  },
  {
    name: 'alphanumeric converts ａｂｃ１２３',
    q: rule('alphanumeric', true),
    raw: 'ａｂｃ１２３',
    want: 'abc123',
  },

  // full_width.
  {
    name: 'full-width accepts kanji, kana, full-width letters, ideographic space',
    q: rule('full_width'),
    raw: '山田　太郎ＡＢＣ①×',
    want: '山田　太郎ＡＢＣ①×',
  },
  {
    name: 'full-width refuses a half-width space',
    q: rule('full_width'),
    raw: '山田 太郎',
    want: { error: 'char_full_width', refused: [' '] },
  },
  {
    name: 'full-width refuses half-width letters',
    q: rule('full_width'),
    raw: 'ABC',
    want: { error: 'char_full_width', refused: ['A', 'B', 'C'] },
  },
  {
    name: 'full-width refuses half-width katakana',
    q: rule('full_width'),
    raw: 'ｱｲ',
    want: { error: 'char_full_width', refused: ['ｱ', 'ｲ'] },
  },
  {
    name: 'full-width converts ASCII and spaces',
    q: rule('full_width', true),
    raw: 'ABC 123',
    want: 'ＡＢＣ　１２３',
  },
  { name: 'full-width converts ｱｲｳ', q: rule('full_width', true), raw: 'ｱｲｳ', want: 'アイウ' },
  {
    name: 'full-width refuses emoji, even converting',
    q: rule('full_width', true),
    raw: '山田😀',
    want: { error: 'char_full_width', refused: ['😀'] },
  },
  {
    name: 'full-width refuses accented letters',
    q: rule('full_width', true),
    raw: 'é',
    want: { error: 'char_full_width', refused: ['é'] },
  },
  {
    name: 'full-width allows line breaks in long text',
    q: { type: 'long_text', charRule: { kind: 'full_width' } },
    raw: '一行目\n二行目',
    want: '一行目\n二行目',
  },

  // pattern.
  {
    name: 'pattern matches the whole answer',
    q: rule('pattern', false, { pattern: '[A-Z]\\d{6}' }),
    raw: 'A123456',
    want: 'A123456',
  },
  {
    name: 'pattern refuses a partial match with the default message',
    q: rule('pattern', false, { pattern: '[A-Z]\\d{6}' }),
    raw: 'xA123456',
    want: { error: 'char_pattern' },
  },
  {
    name: 'pattern with convert applies NFKC',
    q: rule('pattern', true, { pattern: '[A-Z]\\d{6}' }),
    raw: 'Ａ１２３４５６',
    want: 'A123456',
  },
  {
    name: 'pattern uses the u flag',
    q: rule('pattern', false, { pattern: '\\p{Script=Hiragana}+' }),
    raw: 'ひらがな',
    want: 'ひらがな',
  },

  // Number.
  { name: 'number from full-width digits', q: { type: 'number' }, raw: '１２３', want: 123 },
  { name: 'number from half-width digits', q: { type: 'number' }, raw: '123', want: 123 },
  { name: 'number given as a number', q: { type: 'number' }, raw: 42, want: 42 },
  { name: 'number with thousands separators', q: { type: 'number' }, raw: '1,000', want: 1000 },
  { name: 'number with full-width comma', q: { type: 'number' }, raw: '１，２３４，５６７', want: 1234567 },
  {
    name: 'number with a badly placed comma',
    q: { type: 'number' },
    raw: '1,00',
    want: { error: 'number_invalid' },
  },
  { name: 'number with full-width minus and period', q: { type: 'number' }, raw: '－３．５', want: -3.5 },
  { name: 'number with a minus sign U+2212', q: { type: 'number' }, raw: '−5', want: -5 },
  {
    name: 'number with a unit typed in',
    q: { type: 'number' },
    raw: '12円',
    want: { error: 'number_invalid' },
  },
  {
    name: 'number in exponent notation',
    q: { type: 'number' },
    raw: '1e5',
    want: { error: 'number_invalid' },
  },
  { name: 'number NaN', q: { type: 'number' }, raw: Number.NaN, want: { error: 'number_invalid' } },
  { name: 'empty optional number', q: { type: 'number' }, raw: ' ', want: undefined },
  {
    name: 'empty required number',
    q: { type: 'number', required: true },
    raw: '　',
    want: { error: 'required' },
  },
  {
    name: 'integer refuses decimals',
    q: { type: 'number', integer: true },
    raw: '1.5',
    want: { error: 'number_integer' },
  },
  { name: 'integer accepts 2.0', q: { type: 'number', integer: true }, raw: '2.0', want: 2 },
  {
    name: 'number range',
    q: { type: 'number', min: 0, max: 10 },
    raw: '11',
    want: { error: 'number_range', params: { min: 0, max: 10 } },
  },
  { name: 'number at the upper bound', q: { type: 'number', min: 0, max: 10 }, raw: '１０', want: 10 },
  {
    name: 'number min',
    q: { type: 'number', min: 0 },
    raw: '-1',
    want: { error: 'number_min', params: { min: 0 } },
  },
  {
    name: 'number max',
    q: { type: 'number', max: 99 },
    raw: 100,
    want: { error: 'number_max', params: { max: 99 } },
  },

  // Choices.
  { name: 'single choice', q: { type: 'single_choice', options }, raw: 'a', want: 'a' },
  {
    name: 'single choice, unknown id',
    q: { type: 'single_choice', options },
    raw: 'z',
    want: { error: 'choice_invalid' },
  },
  {
    name: 'single choice, required',
    q: { type: 'single_choice', options, required: true },
    raw: '',
    want: { error: 'required_choice' },
  },
  {
    name: 'single choice, an array',
    q: { type: 'single_choice', options },
    raw: ['a'],
    want: { error: 'choice_invalid' },
  },
  { name: 'dropdown', q: { type: 'dropdown', options }, raw: 'c', want: 'c' },
  {
    name: 'dropdown, unknown id',
    q: { type: 'dropdown', options },
    raw: 'x',
    want: { error: 'choice_invalid' },
  },
  {
    name: 'multiple choice kept in option order',
    q: { type: 'multiple_choice', options },
    raw: ['c', 'a'],
    want: ['a', 'c'],
  },
  {
    name: 'multiple choice without duplicates',
    q: { type: 'multiple_choice', options },
    raw: ['a', 'a'],
    want: ['a'],
  },
  { name: 'multiple choice, one string', q: { type: 'multiple_choice', options }, raw: 'b', want: ['b'] },
  {
    name: 'multiple choice, unknown id',
    q: { type: 'multiple_choice', options },
    raw: ['a', 'z'],
    want: { error: 'choice_invalid' },
  },
  {
    name: 'multiple choice, none, optional',
    q: { type: 'multiple_choice', options },
    raw: [],
    want: undefined,
  },
  {
    name: 'multiple choice, none, required',
    q: { type: 'multiple_choice', options, required: true },
    raw: [],
    want: { error: 'required_choice' },
  },
  {
    name: 'picks min',
    q: { type: 'multiple_choice', options, minPicks: 2 },
    raw: ['a'],
    want: { error: 'picks_min', params: { min: 2 } },
  },
  {
    name: 'picks max',
    q: { type: 'multiple_choice', options, maxPicks: 2 },
    raw: ['a', 'b', 'c'],
    want: { error: 'picks_max', params: { max: 2 } },
  },
  {
    name: 'picks exact',
    q: { type: 'multiple_choice', options, minPicks: 2, maxPicks: 2 },
    raw: ['a'],
    want: { error: 'picks_exact', params: { count: 2 } },
  },
  {
    name: 'picks range',
    q: { type: 'multiple_choice', options, minPicks: 1, maxPicks: 2 },
    raw: ['a', 'b', 'c'],
    want: { error: 'picks_range', params: { min: 1, max: 2 } },
  },
  {
    name: 'picks within bounds',
    q: { type: 'multiple_choice', options, minPicks: 1, maxPicks: 2 },
    raw: ['b', 'c'],
    want: ['b', 'c'],
  },

  // Date.
  { name: 'date', q: { type: 'date' }, raw: '2026-04-01', want: '2026-04-01' },
  { name: 'date with slashes, no padding', q: { type: 'date' }, raw: '2026/4/1', want: '2026-04-01' },
  { name: 'date in full-width', q: { type: 'date' }, raw: '２０２６－０４－０１', want: '2026-04-01' },
  { name: 'date in kanji notation', q: { type: 'date' }, raw: '2026年4月1日', want: '2026-04-01' },
  {
    name: 'date that does not exist',
    q: { type: 'date' },
    raw: '2026-02-30',
    want: { error: 'date_invalid' },
  },
  { name: 'leap day', q: { type: 'date' }, raw: '2024-02-29', want: '2024-02-29' },
  {
    name: 'leap day in a common year',
    q: { type: 'date' },
    raw: '2025-02-29',
    want: { error: 'date_invalid' },
  },
  { name: 'date, required', q: { type: 'date', required: true }, raw: '', want: { error: 'required_date' } },
  {
    name: 'min today: 15:30 UTC on 31 March is 1 April in Tokyo',
    q: { type: 'date', minDate: 'today' },
    raw: '2026-03-31',
    now: new Date('2026-03-31T15:30:00Z'),
    want: { error: 'date_min', params: { min: '2026-04-01' } },
  },
  {
    name: 'min today accepts today in Tokyo',
    q: { type: 'date', minDate: 'today' },
    raw: '2026-04-01',
    now: new Date('2026-03-31T15:30:00Z'),
    want: '2026-04-01',
  },
  {
    name: 'min today one minute before midnight JST',
    q: { type: 'date', minDate: 'today' },
    raw: '2026-03-31',
    now: new Date('2026-03-31T14:59:00Z'),
    want: '2026-03-31',
  },
  {
    name: 'max today refuses tomorrow in Tokyo',
    q: { type: 'date', maxDate: 'today' },
    raw: '2026-04-02',
    now: new Date('2026-03-31T15:30:00Z'),
    want: { error: 'date_max', params: { max: '2026-04-01' } },
  },
  {
    name: 'date range',
    q: { type: 'date', minDate: '2026-01-01', maxDate: '2026-12-31' },
    raw: '2027-01-01',
    want: { error: 'date_range', params: { min: '2026-01-01', max: '2026-12-31' } },
  },

  // Postal code.
  { name: 'postal code without hyphen', q: { type: 'postal_code' }, raw: '1234567', want: '123-4567' },
  { name: 'postal code with hyphen', q: { type: 'postal_code' }, raw: '123-4567', want: '123-4567' },
  { name: 'postal code full-width', q: { type: 'postal_code' }, raw: '１２３－４５６７', want: '123-4567' },
  {
    name: 'postal code full-width without hyphen',
    q: { type: 'postal_code' },
    raw: '１２３４５６７',
    want: '123-4567',
  },
  { name: 'postal code with ー', q: { type: 'postal_code' }, raw: '１２３ー４５６７', want: '123-4567' },
  { name: 'postal code with ‐', q: { type: 'postal_code' }, raw: '123‐4567', want: '123-4567' },
  { name: 'postal code with 〒', q: { type: 'postal_code' }, raw: '〒123-4567', want: '123-4567' },
  {
    name: 'postal code with the hyphen misplaced',
    q: { type: 'postal_code' },
    raw: '12-34567',
    want: { error: 'postal_code_invalid' },
  },
  {
    name: 'postal code too short',
    q: { type: 'postal_code' },
    raw: '123456',
    want: { error: 'postal_code_invalid' },
  },
  {
    name: 'postal code, required',
    q: { type: 'postal_code', required: true },
    raw: ' ',
    want: { error: 'required' },
  },

  // Phone.
  {
    name: 'phone full-width with minus signs',
    q: { type: 'phone' },
    raw: '０９０−１２３４−５６７８',
    want: '090-1234-5678',
  },
  { name: 'phone digits only', q: { type: 'phone' }, raw: '09012345678', want: '090-1234-5678' },
  { name: 'phone Tokyo landline', q: { type: 'phone' }, raw: '03-1234-5678', want: '03-1234-5678' },
  { name: 'phone with parentheses', q: { type: 'phone' }, raw: '(03)1234-5678', want: '03-1234-5678' },
  { name: 'phone +81', q: { type: 'phone' }, raw: '+81 90 1234 5678', want: '090-1234-5678' },
  { name: 'phone toll-free', q: { type: 'phone' }, raw: '0120-123-456', want: '0120-123-456' },
  {
    name: 'phone of another country kept in E.164',
    q: { type: 'phone' },
    raw: '+1 415 555 2671',
    want: '+14155552671',
  },
  {
    name: 'phone one digit short',
    q: { type: 'phone' },
    raw: '090-1234-567',
    want: { error: 'phone_invalid' },
  },
  {
    name: 'foreign phone without +',
    q: { type: 'phone' },
    raw: '4155552671',
    want: { error: 'phone_invalid' },
  },
  {
    name: 'phone with words around it',
    q: { type: 'phone' },
    raw: '090-1234-5678（自宅）',
    want: { error: 'phone_invalid' },
  },

  // E-mail.
  {
    name: 'e-mail with full-width ＠ and letters',
    q: { type: 'email' },
    raw: 'ｔａｒｏ＠example．jp',
    want: 'taro@example.jp',
  },
  {
    name: 'e-mail trimmed, domain lowercased',
    q: { type: 'email' },
    raw: '  Taro.Yamada@Example.JP ',
    want: 'Taro.Yamada@example.jp',
  },
  {
    name: 'e-mail of an old docomo address',
    q: { type: 'email' },
    raw: 'taro..abc.@docomo.ne.jp',
    want: 'taro..abc.@docomo.ne.jp',
  },
  {
    name: 'e-mail without a dot in the domain',
    q: { type: 'email' },
    raw: 'taro@example',
    want: { error: 'email_invalid' },
  },
  {
    name: 'e-mail with two @',
    q: { type: 'email' },
    raw: 'taro@@example.jp',
    want: { error: 'email_invalid' },
  },
  {
    name: 'e-mail with a space',
    q: { type: 'email' },
    raw: 'taro yamada@example.jp',
    want: { error: 'email_invalid' },
  },
  {
    name: 'e-mail without a local part',
    q: { type: 'email' },
    raw: '@example.jp',
    want: { error: 'email_invalid' },
  },
  {
    name: 'e-mail with kana before @',
    q: { type: 'email' },
    raw: 'たろう@example.jp',
    want: { error: 'email_invalid' },
  },
  {
    name: 'e-mail with a comma for a dot',
    q: { type: 'email' },
    raw: 'taro@example,jp',
    want: { error: 'email_invalid' },
  },

  // Uploads.
  { name: 'image ids', q: { type: 'image', maxFiles: 2 }, raw: [UUID1, UUID2], want: [UUID1, UUID2] },
  {
    name: 'image ids lowercased and deduplicated',
    q: { type: 'image' },
    raw: [UUID1.toUpperCase(), UUID1],
    want: [UUID1],
  },
  {
    name: 'image required',
    q: { type: 'image', required: true },
    raw: [],
    want: { error: 'required_image' },
  },
  {
    name: 'video required',
    q: { type: 'video', required: true },
    raw: undefined,
    want: { error: 'required_video' },
  },
  {
    name: 'too many images',
    q: { type: 'image', maxFiles: 2 },
    raw: [UUID1, UUID2, UUID3],
    want: { error: 'files_max', params: { max: 2 } },
  },
  {
    name: 'an upload id that is not one',
    q: { type: 'video' },
    raw: ['../etc/passwd'],
    want: { error: 'file_invalid' },
  },
  { name: 'optional image not given', q: { type: 'image' }, raw: [], want: undefined },

  // Staff notes.
  {
    name: 'staff note dropped for residents',
    q: { type: 'staff_note', required: true },
    raw: 'メモ',
    want: undefined,
  },
  {
    name: 'staff note kept for staff',
    q: { type: 'staff_note' },
    raw: ' メモ ',
    audience: 'staff',
    want: 'メモ',
  },
  {
    name: 'staff note required for staff',
    q: { type: 'staff_note', required: true },
    raw: '',
    audience: 'staff',
    want: { error: 'required' },
  },
  {
    name: 'staff note limited to 5000 characters',
    q: { type: 'staff_note' },
    raw: 'あ'.repeat(5001),
    audience: 'staff',
    want: { error: 'text_too_long', params: { max: 5000, length: 5001 } },
  },
]

describe('validator table (every question type and rule)', () => {
  it.each(cases)('$name', (c) => {
    const def = form([{ id: 'q', ...c.q }])
    const language = c.language ?? 'ja'
    const opts: ValidateOptions = {
      language,
      now: c.now ?? new Date('2026-06-15T03:00:00Z'),
      audience: c.audience,
    }
    const result = validateSubmission(def, { answers: { q: c.raw }, consent: false }, opts)
    const single = validateAnswer(def, 'q', { q: c.raw as never }, opts)
    if (isErr(c.want)) {
      expect(result).toEqual({ ok: false, errors: { q: expectedMessage(c.want, language) } })
      expect(single).toEqual({ ok: false, error: expectedMessage(c.want, language) })
    } else {
      expect(result).toEqual({ ok: true, answers: c.want === undefined ? {} : { q: c.want } })
      expect(single).toEqual({ ok: true, value: c.want })
    }
  })
})

describe('messages residents read', () => {
  const def = form([
    { id: 'kana', type: 'short_text', charRule: { kind: 'katakana' } },
    { id: 'half', type: 'short_text', charRule: { kind: 'half_width' } },
    { id: 'len', type: 'short_text', maxLength: 8 },
    {
      id: 'member',
      type: 'short_text',
      charRule: {
        kind: 'pattern',
        pattern: '[A-Z]\\d{6}',
        patternMessage: {
          ja: '会員番号はA123456の形で入力してください。',
          en: 'Member numbers look like A123456.',
        },
      },
    },
  ])
  const answers = { kana: 'ｱｲｳ', half: 'ＡＢＣ', len: 'あいうえおかきくけこ', member: '123' }

  it('are specific, in Japanese', () => {
    const result = validateSubmission(def, { answers, consent: false }, { language: 'ja' })
    expect(result).toEqual({
      ok: false,
      errors: {
        kana: '全角カタカナで入力してください（例：ヤマダ タロウ）。使えない文字：「ｱ」、「ｲ」、「ｳ」',
        half: '半角で入力してください（例：ABC-123）。使えない文字：「Ａ」、「Ｂ」、「Ｃ」',
        len: '8文字以内で入力してください（現在10文字）。',
        member: '会員番号はA123456の形で入力してください。',
      },
    })
  })

  it('are specific, in English', () => {
    const result = validateSubmission(def, { answers, consent: false }, { language: 'en' })
    expect(result.ok ? {} : result.errors).toMatchObject({
      half: 'Enter half-width characters only (e.g. ABC-123). Not allowed: "Ａ", "Ｂ", "Ｃ"',
      len: 'Please enter no more than 8 characters (currently 10).',
      member: 'Member numbers look like A123456.',
    })
  })

  it('fall back to the generic pattern message when the author did not translate it', () => {
    const result = validateSubmission(def, { answers, consent: false }, { language: 'ko' })
    expect(result.ok ? {} : result.errors.member).toBe('입력 형식이 올바르지 않습니다.')
    const easy = validateSubmission(def, { answers, consent: false }, { language: 'ja-easy' })
    expect(easy.ok ? {} : easy.errors.member).toBe('会員番号はA123456の形で入力してください。')
  })

  it('follow the language tag: ja-JP → ja, zh-TW → zh-Hant, fr → en', () => {
    const q = form([{ id: 'q', type: 'short_text', required: true }])
    const error = (language: string) => {
      const r = validateSubmission(q, { answers: {}, consent: false }, { language })
      return r.ok ? undefined : r.errors.q
    }
    expect(error('ja-JP')).toBe('入力してください。')
    expect(error('zh-TW')).toBe('請填寫此項。')
    expect(error('zh-CN')).toBe('请填写此项。')
    expect(error('fr')).toBe('Please fill in this field.')
    expect(error('ja-easy')).toBe('{書|か}いて ください。')
  })
})

describe('conditional questions', () => {
  const def = form([
    {
      id: 'has_child',
      type: 'single_choice',
      options: [
        { id: 'yes', label: { ja: 'はい' } },
        { id: 'no', label: { ja: 'いいえ' } },
      ],
    },
    {
      id: 'child_age',
      type: 'number',
      required: true,
      showWhen: { questionId: 'has_child', operator: 'equals', value: 'yes' },
    },
    {
      id: 'school',
      type: 'short_text',
      required: true,
      showWhen: { questionId: 'child_age', operator: 'answered' },
    },
  ])
  const opts = { language: 'ja' }

  it('a hidden required question is not required', () => {
    expect(validateSubmission(def, { answers: { has_child: 'no' }, consent: false }, opts)).toEqual({
      ok: true,
      answers: { has_child: 'no' },
    })
  })

  it('a hidden question’s value is dropped, and so is a question hidden by a hidden one', () => {
    const answers = { has_child: 'no', child_age: '5', school: '第一小学校' }
    expect(validateSubmission(def, { answers, consent: false }, opts)).toEqual({
      ok: true,
      answers: { has_child: 'no' },
    })
  })

  it('a shown question is required again', () => {
    const result = validateSubmission(def, { answers: { has_child: 'yes' }, consent: false }, opts)
    expect(result).toEqual({ ok: false, errors: { child_age: validationMessage('required', 'ja') } })
  })

  it('conditions see normalised answers', () => {
    const numberDef = form([
      { id: 'n', type: 'number' },
      {
        id: 'why',
        type: 'short_text',
        required: true,
        showWhen: { questionId: 'n', operator: 'equals', value: '3' },
      },
    ])
    const result = validateSubmission(numberDef, { answers: { n: '３' }, consent: false }, opts)
    expect(result).toEqual({ ok: false, errors: { why: validationMessage('required', 'ja') } })
  })

  it('unknown keys are dropped', () => {
    const answers = JSON.parse('{"has_child": "no", "extra": "x", "__proto__": "y"}')
    expect(validateSubmission(def, { answers, consent: false }, opts)).toEqual({
      ok: true,
      answers: { has_child: 'no' },
    })
  })

  it('validateAnswer judges one field among the others, and hidden or unknown fields are fine', () => {
    expect(validateAnswer(def, 'child_age', { has_child: 'yes', child_age: '' }, opts)).toEqual({
      ok: false,
      error: validationMessage('required', 'ja'),
    })
    expect(validateAnswer(def, 'child_age', { has_child: 'yes', child_age: '７' }, opts)).toEqual({
      ok: true,
      value: 7,
    })
    expect(validateAnswer(def, 'child_age', { has_child: 'no', child_age: 'x' }, opts)).toEqual({
      ok: true,
      value: undefined,
    })
    expect(validateAnswer(def, 'nope', {}, opts)).toEqual({ ok: true, value: undefined })
  })

  it('a staff note with a condition is kept for staff only when the condition holds', () => {
    const noteDef = form([
      {
        id: 'kind',
        type: 'single_choice',
        options: [
          { id: 'x', label: { ja: 'X' } },
          { id: 'y', label: { ja: 'Y' } },
        ],
      },
      { id: 'note', type: 'staff_note', showWhen: { questionId: 'kind', operator: 'equals', value: 'x' } },
    ])
    const staff = { language: 'ja', audience: 'staff' as const }
    expect(
      validateSubmission(noteDef, { answers: { kind: 'x', note: 'メモ' }, consent: false }, staff),
    ).toEqual({
      ok: true,
      answers: { kind: 'x', note: 'メモ' },
    })
    expect(
      validateSubmission(noteDef, { answers: { kind: 'y', note: 'メモ' }, consent: false }, staff),
    ).toEqual({
      ok: true,
      answers: { kind: 'y' },
    })
  })
})

describe('consent (FORM-9)', () => {
  const withConsent = form([{ id: 'q', type: 'short_text' }], {
    consent: { checkboxLabel: { ja: '同意します' } },
  })

  it('must be ticked when the form has a consent block', () => {
    expect(validateSubmission(withConsent, { answers: {}, consent: false }, { language: 'en' })).toEqual({
      ok: false,
      errors: { [CONSENT_FIELD]: 'Please tick the box to agree before sending.' },
    })
    expect(
      validateSubmission(withConsent, { answers: { q: 'a' }, consent: true }, { language: 'en' }),
    ).toEqual({
      ok: true,
      answers: { q: 'a' },
    })
  })

  it('is reported together with field errors', () => {
    const def = form([{ id: 'q', type: 'short_text', required: true }], {
      consent: { checkboxLabel: { ja: '同意します' } },
    })
    const result = validateSubmission(def, { answers: {}, consent: false }, { language: 'ja' })
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual([CONSENT_FIELD, 'q'].sort())
  })

  it('is not asked for when the form has none', () => {
    expect(
      validateSubmission(
        form([{ id: 'q', type: 'short_text' }]),
        { answers: {}, consent: false },
        { language: 'ja' },
      ),
    ).toEqual({
      ok: true,
      answers: {},
    })
  })
})

describe('buildAnswersSchema', () => {
  const def = form([
    { id: 'n', type: 'number', required: true },
    { id: 'p', type: 'postal_code' },
  ])

  it('is a zod schema from RawAnswers to Answers', () => {
    expect(buildAnswersSchema(def, { language: 'ja' }).parse({ n: '１２', p: '1000001' })).toEqual({
      n: 12,
      p: '100-0001',
    })
  })

  it('reports issues by question id in the resident language', () => {
    const result = buildAnswersSchema(def, { language: 'ko' }).safeParse({ p: 'x' })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['n'], '입력해 주세요.'],
      [['p'], '우편번호를 7자리 숫자로 입력해 주세요(예: 123-4567).'],
    ])
  })

  it('refuses answers that are not an object', () => {
    expect(validateSubmission(def, { answers: 'x', consent: false }, { language: 'en' })).toEqual({
      ok: false,
      errors: { [FORM_ERROR_FIELD]: validationMessage('invalid_value', 'en') },
    })
  })
})

describe('tokyoDate', () => {
  it('is the calendar date in Japan', () => {
    expect(tokyoDate(new Date('2026-03-31T14:59:59Z'))).toBe('2026-03-31')
    expect(tokyoDate(new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01')
  })
})
