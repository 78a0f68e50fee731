import { FormText } from '@kairan/forms/react'

export type FuriganaProps = {
  /** A translated message, possibly with `{漢字|かんじ}` readings (see `parseFurigana` in @kairan/i18n). */
  text: string
}

/**
 * Renders `{漢字|かんじ}` as `<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>` and everything
 * else as plain text: the forms renderer's `FormText`, so messages and form texts show readings alike.
 */
export function Furigana({ text }: FuriganaProps) {
  return <FormText text={text} />
}
