/**
 * Files the specs make and read back: a tiny photo to upload, and a CSV reader for exports.
 */

/** A valid 1×1 PNG (a red pixel), small enough for any upload limit. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
)

/** The three bytes a UTF-8 file with BOM starts with (what Excel in Japan needs). */
export const UTF8_BOM = [0xef, 0xbb, 0xbf]

/**
 * RFC 4180 CSV: quoted cells may hold commas, quotes ("" inside) and line breaks; rows end with
 * CRLF or LF. Returns every row, the header first.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let isQuoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (isQuoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') {
        isQuoted = false
      } else {
        cell += ch
      }
    } else if (ch === '"') {
      isQuoted = true
    } else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      if (ch === '\r') i++
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else {
      cell += ch
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell)
    rows.push(row)
  }
  return rows
}
