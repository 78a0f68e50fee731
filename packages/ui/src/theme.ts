import { createTheme } from '@mantine/core'

// Japanese fonts named explicitly, so kanji keep their Japanese glyph shapes even when the page
// language is English (browsers otherwise may fall back to a Chinese font for CJK text).
const fontFamily =
  'system-ui, -apple-system, "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "Yu Gothic UI", Meiryo, sans-serif'

/** The Mantine theme shared by the admin and LIFF apps. */
export const kairanTheme = createTheme({
  fontFamily,
  headings: { fontFamily },
  primaryColor: 'teal',
  defaultRadius: 'md',
})
