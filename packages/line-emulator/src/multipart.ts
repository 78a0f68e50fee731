// A minimal multipart/form-data parser (audience uploads by file).

export type Part = { name: string; filename: string | null; contentType: string | null; data: Buffer }

export function parseMultipart(body: Buffer, contentType: string): Part[] | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  const b = boundary?.[1] ?? boundary?.[2]
  if (!b) return null
  const delimiter = Buffer.from(`--${b}`)
  const parts: Part[] = []
  let index = body.indexOf(delimiter)
  if (index < 0) return null
  while (true) {
    let start = index + delimiter.length
    if (body.subarray(start, start + 2).toString() === '--') break
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2
    const next = body.indexOf(delimiter, start)
    if (next < 0) return null
    const chunk = body.subarray(start, next - 2) // strip the CRLF before the delimiter
    const headerEnd = chunk.indexOf('\r\n\r\n')
    if (headerEnd < 0) return null
    const headers = chunk.subarray(0, headerEnd).toString('utf8')
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? ''
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1]
    if (name !== undefined) {
      parts.push({
        name,
        filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null,
        contentType: /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim() ?? null,
        data: chunk.subarray(headerEnd + 4),
      })
    }
    index = next
  }
  return parts
}
