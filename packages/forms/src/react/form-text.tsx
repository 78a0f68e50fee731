import { parseFurigana, stripFurigana } from '@kairan/i18n'
import { Fragment } from 'react'
import type { MessageValues } from './ui-messages.ts'

export type FormTextProps = {
  /** A form or renderer text, possibly with `{漢字|かんじ}` readings (やさしい日本語). */
  text: string
}

/**
 * A text of the form with its furigana as `<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>`.
 * `Furigana` in @kairan/ui is this component (ui depends on forms, not the other way round).
 */
export function FormText({ text }: FormTextProps) {
  const segments = parseFurigana(text)
  if (segments.length === 1 && typeof segments[0] === 'string') return <>{segments[0]}</>
  return (
    <>
      {segments.map((segment, index) =>
        typeof segment === 'string' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the segments of one text never reorder.
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

const SLOT = /\{(\w+)\}/

/** Odd parts are value names, even parts template text. */
function splitTemplate(template: string): string[] {
  return template.split(SLOT)
}

export type MessageTextProps = { template: string; values: MessageValues }

/**
 * A renderer message with values filled in. Only the template's own text is read for furigana,
 * so a file name such as `{a|b}.jpg` is shown as typed.
 */
export function MessageText({ template, values }: MessageTextProps) {
  return (
    <>
      {splitTemplate(template).map((part, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one message never reorder.
        <Fragment key={index}>
          {index % 2 === 1 ? String(values[part] ?? `{${part}}`) : <FormText text={part} />}
        </Fragment>
      ))}
    </>
  )
}

/** The message as plain text (readings left out), for attributes such as aria-label and alt. */
export function plainMessage(template: string, values: MessageValues = {}): string {
  return splitTemplate(template)
    .map((part, index) => (index % 2 === 1 ? String(values[part] ?? `{${part}}`) : stripFurigana(part)))
    .join('')
}
