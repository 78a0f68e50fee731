import ipaddr from 'ipaddr.js'

export type ParsedCidr = { cidr: string; range: [ipaddr.IPv4 | ipaddr.IPv6, number] }

/**
 * Parses "203.0.113.0/24", "2001:db8::/32" or a bare address (a single host) into its normal
 * form: host bits cleared, IPv6 compressed. Returns null for anything else.
 */
export function parseCidr(input: string): ParsedCidr | null {
  const text = input.trim()
  if (text.length === 0 || text.length > 64) return null
  try {
    const withPrefix = text.includes('/')
      ? text
      : `${text}/${ipaddr.parse(text).kind() === 'ipv4' ? 32 : 128}`
    const [address, prefix] = withPrefix.split('/') as [string, string]
    if (!/^\d{1,3}$/.test(prefix)) return null
    // ipaddr.isValid accepts "10" or "0x0a"; require the usual notations only.
    if (!ipaddr.IPv4.isValidFourPartDecimal(address) && !ipaddr.IPv6.isValid(address)) return null
    const [ip, bits] = ipaddr.parseCIDR(withPrefix)
    const network =
      ip.kind() === 'ipv4'
        ? ipaddr.IPv4.networkAddressFromCIDR(withPrefix)
        : ipaddr.IPv6.networkAddressFromCIDR(withPrefix)
    return { cidr: `${network.toString()}/${bits}`, range: [network, bits] }
  } catch {
    return null
  }
}

export function isValidCidr(input: string): boolean {
  return parseCidr(input) !== null
}

/** Normalises an address from a socket or header: IPv4-mapped IPv6 becomes plain IPv4. */
export function parseIp(input: string | null | undefined): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!input) return null
  try {
    const ip = ipaddr.parse(input.trim())
    if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
      return (ip as ipaddr.IPv6).toIPv4Address()
    }
    return ip
  } catch {
    return null
  }
}

/**
 * SEC-9: an empty list allows everyone; otherwise the address must fall in one of the ranges.
 * An unknown address (null) is never allowed by a non-empty list.
 */
export function isIpAllowed(ip: string | null, cidrs: readonly string[]): boolean {
  if (cidrs.length === 0) return true
  const address = parseIp(ip)
  if (!address) return false
  return cidrs.some((c) => {
    const parsed = parseCidr(c)
    if (!parsed) return false
    const [network, bits] = parsed.range
    return network.kind() === address.kind() && address.match(network, bits)
  })
}
