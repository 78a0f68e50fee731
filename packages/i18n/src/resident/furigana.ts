/**
 * Furigana in messages: `{漢字|かんじ}` is the kanji with its reading, shown as
 * `<ruby>漢字<rt>かんじ</rt></ruby>`. Single braces with a bar, so i18next's `{{variables}}`
 * never match.
 */
export type FuriganaSegment = string | { base: string; reading: string }

const FURIGANA = /\{([^{}|]+)\|([^{}|]+)\}/g

/** Plain text and ruby segments in order; text without furigana is one string segment. */
export function parseFurigana(text: string): FuriganaSegment[] {
  const segments: FuriganaSegment[] = []
  let last = 0
  for (const match of text.matchAll(FURIGANA)) {
    if (match.index > last) segments.push(text.slice(last, match.index))
    segments.push({ base: match[1]!, reading: match[2]! })
    last = match.index + match[0].length
  }
  if (last < text.length || segments.length === 0) segments.push(text.slice(last))
  return segments
}

/** The text with the readings left out, for places that cannot hold markup (alt, title, aria-label). */
export function stripFurigana(text: string): string {
  return text.replace(FURIGANA, '$1')
}
