import { describe, expect, it } from 'vitest'
import { clientIp, normalizeIp, type RequestLike } from './client-ip.ts'

function request(remoteAddress: string | undefined, forwardedFor?: string | string[]): RequestLike {
  return { headers: { 'x-forwarded-for': forwardedFor }, socket: { remoteAddress } }
}

const untrusted = { trustProxy: false, hops: 1 }
const oneProxy = { trustProxy: true, hops: 1 }
const twoProxies = { trustProxy: true, hops: 2 }

describe('clientIp without a trusted proxy', () => {
  it('uses the socket address and ignores a spoofed X-Forwarded-For', () => {
    expect(clientIp(request('198.51.100.7', '10.0.0.1'), untrusted)).toBe('198.51.100.7')
  })

  it('unwraps IPv4-mapped IPv6 addresses', () => {
    expect(clientIp(request('::ffff:192.0.2.10'), untrusted)).toBe('192.0.2.10')
    expect(clientIp(request('::FFFF:192.0.2.10'), untrusted)).toBe('192.0.2.10')
  })

  it('keeps real IPv6 addresses, lower-cased', () => {
    expect(clientIp(request('2001:DB8::1'), untrusted)).toBe('2001:db8::1')
    expect(clientIp(request('::1'), untrusted)).toBe('::1')
  })

  it('gives null when the socket has no address (already closed)', () => {
    expect(clientIp(request(undefined), untrusted)).toBeNull()
  })
})

describe('clientIp behind trusted proxies', () => {
  it('takes the entry our proxy appended, not what the client claimed', () => {
    // The client sent "X-Forwarded-For: 10.0.0.1"; our proxy appended the client's real address.
    expect(clientIp(request('172.18.0.2', '10.0.0.1, 203.0.113.5'), oneProxy)).toBe('203.0.113.5')
  })

  it('walks back one entry per proxy we run', () => {
    // client → load balancer (appends 203.0.113.5) → nginx (appends the LB, 10.1.0.3) → app
    expect(clientIp(request('172.18.0.2', '1.1.1.1, 203.0.113.5, 10.1.0.3'), twoProxies)).toBe('203.0.113.5')
  })

  it('joins repeated X-Forwarded-For headers in order', () => {
    expect(clientIp(request('172.18.0.2', ['10.0.0.1', '203.0.113.5']), oneProxy)).toBe('203.0.113.5')
  })

  it('falls back to the leftmost entry when the chain is shorter than the hops', () => {
    expect(clientIp(request('203.0.113.5'), oneProxy)).toBe('203.0.113.5')
    expect(clientIp(request('172.18.0.2', '203.0.113.5'), twoProxies)).toBe('203.0.113.5')
  })

  it('handles IPv6 and mapped forms in the header', () => {
    expect(clientIp(request('::ffff:172.18.0.2', '2001:db8::abcd'), oneProxy)).toBe('2001:db8::abcd')
    expect(clientIp(request('172.18.0.2', '::ffff:203.0.113.5'), oneProxy)).toBe('203.0.113.5')
    expect(clientIp(request('172.18.0.2', '[2001:db8::1]:4711'), oneProxy)).toBe('2001:db8::1')
  })

  it('gives null when the trusted entry is not an IP address', () => {
    expect(clientIp(request('172.18.0.2', 'unknown'), oneProxy)).toBeNull()
  })
})

describe('normalizeIp', () => {
  it('strips ports and brackets', () => {
    expect(normalizeIp('203.0.113.5:8080')).toBe('203.0.113.5')
    expect(normalizeIp('[::1]')).toBe('::1')
    expect(normalizeIp(' 203.0.113.5 ')).toBe('203.0.113.5')
  })

  it('rejects what is not an address', () => {
    expect(normalizeIp('')).toBeNull()
    expect(normalizeIp('example.com')).toBeNull()
    expect(normalizeIp('999.1.1.1')).toBeNull()
    expect(normalizeIp('1.2.3.4, 5.6.7.8')).toBeNull()
  })
})
