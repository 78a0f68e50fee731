// Image type and dimensions from the bytes (PNG IHDR, JPEG SOFn), and data URLs.

export type ImageInfo = { type: 'image/png' | 'image/jpeg'; width: number; height: number }

export function imageInfo(data: Buffer): ImageInfo | null {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47 && data.toString('ascii', 12, 16) === 'IHDR') {
    return { type: 'image/png', width: data.readUInt32BE(16), height: data.readUInt32BE(20) }
  }
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) {
    let i = 2
    while (i + 9 < data.length) {
      if (data[i] !== 0xff) return null
      const marker = data[i + 1] ?? 0
      if (marker === 0xff) {
        i++
        continue
      }
      const length = data.readUInt16BE(i + 2)
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
      if (isSof)
        return { type: 'image/jpeg', height: data.readUInt16BE(i + 5), width: data.readUInt16BE(i + 7) }
      i += 2 + length
    }
  }
  return null
}

export function parseDataUrl(url: string): { contentType: string; data: Buffer } | null {
  const m = /^data:([^;,]+)(;base64)?,(.*)$/s.exec(url)
  if (!m) return null
  const data = m[2] ? Buffer.from(m[3] ?? '', 'base64') : Buffer.from(decodeURIComponent(m[3] ?? ''), 'utf8')
  return { contentType: m[1] ?? 'application/octet-stream', data }
}
