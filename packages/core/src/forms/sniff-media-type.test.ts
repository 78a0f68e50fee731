import { describe, expect, it } from 'vitest'
import { sniffMediaType } from './sniff-media-type.ts'

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))))
const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + compatible.length * 4
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], compatible.join(''), 'rest of the file')
}

describe('sniffMediaType', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'image/jpeg'],
    ['PNG', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], 'IHDR'), 'image/png'],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['iPhone HEIC', ftyp('heic', 'mif1', 'heic'), 'image/heic'],
    ['generic HEIF with a HEVC brand', ftyp('mif1', 'mif1', 'heic'), 'image/heic'],
    ['generic HEIF', ftyp('mif1', 'mif1'), 'image/heif'],
    ['MP4 (Android)', ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'), 'video/mp4'],
    ['MP4 (mp42)', ftyp('mp42', 'mp42', 'isom'), 'video/mp4'],
    ['iPhone MOV', ftyp('qt  ', 'qt  '), 'video/quicktime'],
    ['old QuickTime', bytes([0, 0, 0, 8], 'wide', [0, 0, 0, 0], 'mdat'), 'video/quicktime'],
    ['3GP', ftyp('3gp4', 'isom', '3gp4'), 'video/3gpp'],
    [
      'WebM',
      bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], 'webm'),
      'video/webm',
    ],
  ])('%s', (_name, data, type) => {
    expect(sniffMediaType(data)).toBe(type)
  })

  it.each([
    ['a PDF', bytes('%PDF-1.7\n')],
    ['a GIF', bytes('GIF89a')],
    ['an HTML page named .jpg', bytes('<!doctype html><script>alert(1)</script>')],
    ['AVIF', ftyp('avif', 'avif', 'mif1')],
    ['Matroska', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x88], 'matroska')],
    ['a truncated JPEG', bytes([0xff, 0xd8])],
    ['nothing', bytes()],
  ])('refuses %s', (_name, data) => {
    expect(sniffMediaType(data)).toBeNull()
  })
})
