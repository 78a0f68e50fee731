import { parseFurigana } from '@kairan/i18n'
import { Fragment } from 'react'

export type FuriganaProps = {
  /** A translated message, possibly with `{漢字|かんじ}` readings (see `parseFurigana` in @kairan/i18n). */
  text: string
}

/**
 * Renders `{漢字|かんじ}` as `<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>` and everything
 * else as plain text. The <rp> parentheses only show where ruby is not supported (and in copied text).
 */
export function Furigana({ text }: FuriganaProps) {
  const segments = parseFurigana(text)
  if (segments.length === 1 && typeof segments[0] === 'string') return <>{segments[0]}</>
  return (
    <>
      {segments.map((segment, index) =>
        typeof segment === 'string' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the segments of one fixed message never reorder.
          <Fragment key={index}>{segment}</Fragment>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above.
          <ruby key={index}>
            {segment.base}
            <rp>(</rp>
            <rt>{segment.reading}</rt>
            <rp>)</rp>
          </ruby>
        ),
      )}
    </>
  )
}
