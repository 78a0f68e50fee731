import type { CharRule, CharRuleKind } from './definition.ts'

/**
 * Character conversions and checks for FORM-4 character rules, and the small normalisations the
 * validator applies to every answer. Pure string functions, shared by the browser and the server.
 */

/** Dashes residents type for "-" (IME output, copy-paste from PDFs, the katakana long vowel mark). */
const DASHES = /[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D\uFF70]/g
const HALF_WIDTH_KANA_RUN = /[\uFF61-\uFF9F]+/g

/** ｶﾞｷﾞｰ･ → ガギー・ (dakuten and handakuten combine with the letter before them). */
export function toFullWidthKana(value: string): string {
  return value.replace(HALF_WIDTH_KANA_RUN, (run) => run.normalize('NFKC')).normalize('NFC')
}

/** ＡＢＣ１２３－＠ → ABC123-@, ideographic space → space. */
export function toHalfWidthAscii(value: string): string {
  return value
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCodePoint(c.codePointAt(0)! - 0xfee0))
    .replace(/\u3000/g, ' ')
}

/** ABC 123 → ＡＢＣ　１２３ (what 全角 fields expect). */
export function toFullWidthAscii(value: string): string {
  return value
    .replace(/[\u0021-\u007E]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0))
    .replace(/ /g, '\u3000')
}

/** ひらがな → カタカナ (ゝゞ → ヽヾ). */
export function hiraganaToKatakana(value: string): string {
  return value.replace(/[\u3041-\u3096\u309D\u309E]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0x60))
}

/** カタカナ → ひらがな; ヷヸヹヺ have no hiragana and stay as they are. */
export function katakanaToHiragana(value: string): string {
  return value.replace(/[\u30A1-\u30F6\u30FD\u30FE]/g, (c) => String.fromCodePoint(c.codePointAt(0)! - 0x60))
}

/** Every dash variant → "-" (full-width minus, hyphen, en/em dash, ｰ). */
export function normalizeDashes(value: string): string {
  return value.replace(DASHES, '-')
}

/**
 * For half-width answers: NFKC (full-width letters and digits, ① → 1, Ⅲ → III), then dashes to
 * "-", and a katakana long vowel mark between letters or digits ("１ー２" typed in kana mode) too.
 */
function toHalfWidth(value: string): string {
  return normalizeDashes(value.normalize('NFKC')).replace(/(?<=[0-9A-Za-z])\u30FC(?=[0-9A-Za-z])/g, '-')
}

/** A dash typed after a kana in a kana-only answer is meant as the long vowel mark (ｺｰﾋ- → コーヒー). */
function dashesToLongVowel(value: string): string {
  return value.replace(/(?<=[\u3041-\u3096\u30A1-\u30FA])[-\u2010-\u2015\u2212\uFF0D]/g, '\u30FC')
}

const CONVERSIONS: Record<CharRuleKind, (value: string) => string> = {
  full_width: (v) => toFullWidthAscii(toFullWidthKana(v)),
  half_width: toHalfWidth,
  alphanumeric: toHalfWidth,
  digits: toHalfWidth,
  katakana: (v) => dashesToLongVowel(hiraganaToKatakana(toFullWidthKana(v)).replace(/\u00B7/g, '\u30FB')),
  hiragana: (v) => dashesToLongVowel(katakanaToHiragana(toFullWidthKana(v)).replace(/\u00B7/g, '\u30FB')),
  pattern: (v) => v.normalize('NFKC'),
}

/**
 * The conversions a character rule allows, and nothing else: without `rule.convert` (or without a
 * rule) the value comes back unchanged. Trimming is the validator's job, not this function's.
 */
export function normalizeText(value: string, rule?: CharRule): string {
  if (!rule?.convert) return value
  return CONVERSIONS[rule.kind](value)
}

/**
 * Emoji, as one grapheme: anything shown as a picture by default, anything followed by the emoji
 * presentation selector (☎️), flags, keycaps, skin tones and ZWJ sequences.
 */
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\u20E3|\u200D|[\u{1F3FB}-\u{1F3FF}]/u

function isEmoji(grapheme: string): boolean {
  return EMOJI.test(grapheme)
}

/** Latin-1 signs that JIS X 0208 (and so every Japanese IME) treats as full-width: § ¨ ° ± ´ ¶ × ÷. */
const FULL_WIDTH_LATIN1 = new Set([0xa7, 0xa8, 0xb0, 0xb1, 0xb4, 0xb6, 0xd7, 0xf7])

/**
 * Half-width (半角) characters: ASCII (with the space), Latin letters with accents, half-width
 * katakana and the half-width forms block. Everything else a Japanese keyboard types — kanji,
 * kana, full-width letters and signs, Hangul, Greek, Cyrillic — is full-width.
 */
function isHalfWidthCodePoint(cp: number): boolean {
  if (cp <= 0x7f) return true
  if (cp <= 0x24f) return !FULL_WIDTH_LATIN1.has(cp)
  return (cp >= 0xff61 && cp <= 0xffdc) || (cp >= 0xffe8 && cp <= 0xffee)
}

const KANA_EXTRAS = new Set(['\u30FC', '\u30FB', ' ', '\u3000']) // ー ・ and both spaces
const RULE_TESTS: Record<Exclude<CharRuleKind, 'pattern'>, (grapheme: string) => boolean> = {
  full_width: (g) => !isEmoji(g) && [...g].every((c) => !isHalfWidthCodePoint(c.codePointAt(0)!)),
  half_width: (g) => /^[\u0020-\u007E]$/.test(g),
  alphanumeric: (g) => /^[0-9A-Za-z]$/.test(g),
  digits: (g) => /^[0-9]$/.test(g),
  katakana: (g) => /^[\u30A1-\u30FA\u30FD\u30FE\u31F0-\u31FF]$/.test(g) || KANA_EXTRAS.has(g),
  hiragana: (g) => /^[\u3041-\u3096\u309D\u309E]$/.test(g) || KANA_EXTRAS.has(g),
}

/**
 * The distinct characters (graphemes) of `value` that `kind` does not allow, in order of
 * appearance; empty when the value passes. Custom patterns are checked by the validator.
 */
export function disallowedCharacters(value: string, kind: Exclude<CharRuleKind, 'pattern'>): string[] {
  const test = RULE_TESTS[kind]
  const bad: string[] = []
  for (const g of graphemes(value)) if (!test(g) && !bad.includes(g)) bad.push(g)
  return bad
}

const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter() : undefined

/**
 * User-perceived characters: 👨‍👩‍👧, 🇯🇵 and か + ゙ are one each. Where a browser lacks
 * `Intl.Segmenter`, code points (👨‍👩‍👧 would count 5).
 */
export function graphemes(value: string): string[] {
  if (!segmenter) return [...value]
  return Array.from(segmenter.segment(value), (s) => s.segment)
}

/** Length as residents count it: graphemes (see `graphemes`). */
export function textLength(value: string): number {
  return graphemes(value).length
}

/** Unicode normalisation + dashes; `１２３－４５６７`, `〒123ー4567`, `123 4567` → "123-4567"; else null. */
export function formatPostalCode(code: string): string | null {
  const compact = normalizeDashes(code.normalize('NFKC'))
    .replace(/\u30FC/g, '-')
    .replace(/^\s*〒/, '')
    .replace(/\s+/g, '')
  const match = /^(\d{3})-?(\d{4})$/.exec(compact)
  return match ? `${match[1]}-${match[2]}` : null
}
