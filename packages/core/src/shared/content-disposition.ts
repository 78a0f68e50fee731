/**
 * A Content-Disposition header with the file name as `filename*` (RFC 6266/8187), so Japanese
 * names survive in every current browser, and an ASCII `filename` for the rest.
 */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`
}
