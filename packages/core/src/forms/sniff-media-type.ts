/**
 * The media type a file really is, from its first bytes ("magic numbers"): a phone's declared
 * type is only a claim, and a file is served back to staff with the type stored here. Only the
 * types form uploads accept are recognised; anything else is null.
 */
export type SniffedType =
  | 'image/jpeg'
  | 'image/png'
  | 'image/webp'
  | 'image/heic'
  | 'image/heif'
  | 'video/mp4'
  | 'video/quicktime'
  | 'video/webm'
  | 'video/3gpp'

const ascii = (data: Buffer, start: number, end: number) => data.subarray(start, end).toString('latin1')
const startsWith = (data: Buffer, bytes: number[], at = 0) =>
  data.length >= at + bytes.length && bytes.every((b, i) => data[at + i] === b)

/** HEIF still images (iPhone photos are `heic`); `mif1`/`msf1` are the generic HEIF brands. */
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx'])
const HEIF_BRANDS = new Set(['mif1', 'msf1', 'mif2'])
/** ISO base media (MP4) brands phones and cameras write. */
const MP4_BRANDS = new Set([
  'isom',
  'iso2',
  'iso3',
  'iso4',
  'iso5',
  'iso6',
  'mp41',
  'mp42',
  'avc1',
  'M4V ',
  'M4VH',
  'M4VP',
  'MSNV',
  'dash',
  'mmp4',
  'f4v ',
  'NDAS',
])

/** The brands of an ISO base media file (`ftyp` box): the major brand, then the compatible ones. */
function ftypBrands(data: Buffer): string[] | null {
  if (data.length < 16 || ascii(data, 4, 8) !== 'ftyp') return null
  const size = Math.min(data.readUInt32BE(0), data.length, 4096)
  const brands = [ascii(data, 8, 12)]
  for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(data, at, at + 4))
  return brands
}

function sniffIsoMedia(data: Buffer): SniffedType | null {
  const brands = ftypBrands(data)
  if (!brands) {
    // Old QuickTime files start with a movie atom instead of `ftyp`.
    const atom = data.length >= 8 ? ascii(data, 4, 8) : ''
    return ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(atom) ? 'video/quicktime' : null
  }
  const [major] = brands
  if (HEIC_BRANDS.has(major!)) return 'image/heic'
  if (HEIF_BRANDS.has(major!)) return brands.some((b) => HEIC_BRANDS.has(b)) ? 'image/heic' : 'image/heif'
  if (major === 'qt  ') return 'video/quicktime'
  if (major!.startsWith('3gp') || major!.startsWith('3g2')) return 'video/3gpp'
  if (brands.some((b) => MP4_BRANDS.has(b))) return 'video/mp4'
  return null
}

export function sniffMediaType(data: Buffer): SniffedType | null {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (data.length >= 12 && ascii(data, 0, 4) === 'RIFF' && ascii(data, 8, 12) === 'WEBP') return 'image/webp'
  // EBML header: WebM (and Matroska, which phones do not send; the doc type tells them apart).
  if (startsWith(data, [0x1a, 0x45, 0xdf, 0xa3])) {
    return data.subarray(0, 64).includes(Buffer.from('webm')) ? 'video/webm' : null
  }
  return sniffIsoMedia(data)
}
