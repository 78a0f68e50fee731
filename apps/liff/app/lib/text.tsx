import { type ResidentValues, stripFurigana, type Translate } from '@kairan/i18n'
import { Furigana } from '@kairan/ui'
import { createContext, Fragment, type ReactNode, useContext, useMemo } from 'react'

const TranslateContext = createContext<Translate | null>(null)

/** Provides the page's translator (see root.tsx); null where no messages are known. */
export const TranslateProvider = TranslateContext.Provider

/** Whether messages are available here (the root error boundary may render without them). */
export function useHasMessages(): boolean {
  return useContext(TranslateContext) !== null
}

// Marks (a private-use character) where a value goes, so furigana parsing never sees a resident's
// name (which might contain `{a|b}`).
const MARK = '\uE000'
const SLOT = /\uE000(\w+)\uE000/

/**
 * Resident messages for rendering: `text` gives React nodes with furigana as <ruby> (やさしい日本語),
 * `plain` a string for attributes (alt, aria-label, title) with the readings left out.
 */
export function useText() {
  const translate = useContext(TranslateContext)
  return useMemo(() => {
    const t: Translate = translate ?? ((key) => key)
    // Odd parts are value names, even parts message text.
    const split = (key: string, values: ResidentValues) => {
      const slots = Object.fromEntries(
        Object.keys(values)
          .filter((name) => name !== 'count')
          .map((name) => [name, `${MARK}${name}${MARK}`]),
      )
      return t(key, { ...values, ...slots }).split(SLOT)
    }
    const text = (key: string, values?: ResidentValues): ReactNode => {
      if (!values) return <Furigana text={t(key)} />
      return (
        <>
          {split(key, values).map((part, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one message never reorder.
            <Fragment key={index}>
              {index % 2 === 1 ? String(values[part] ?? '') : <Furigana text={part} />}
            </Fragment>
          ))}
        </>
      )
    }
    const plain = (key: string, values?: ResidentValues): string => {
      if (!values) return stripFurigana(t(key))
      return split(key, values)
        .map((part, index) => (index % 2 === 1 ? String(values[part] ?? '') : stripFurigana(part)))
        .join('')
    }
    return { text, plain }
  }, [translate])
}
