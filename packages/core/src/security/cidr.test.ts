import { describe, expect, it } from 'vitest'
import { isIpAllowed, parseCidr } from './cidr.ts'

describe('parseCidr', () => {
  it.each([
    ['203.0.113.0/24', '203.0.113.0/24'],
    ['203.0.113.77/24', '203.0.113.0/24'],
    ['  192.0.2.1 ', '192.0.2.1/32'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['2001:0db8:0000:0000::1/64', '2001:db8::/64'],
    ['::1', '::1/128'],
    ['0.0.0.0/0', '0.0.0.0/0'],
  ])('normalises %s to %s', (input, expected) => {
    expect(parseCidr(input)?.cidr).toBe(expected)
  })

  it.each([
    '',
    '10',
    '0x0a000001/8',
    '256.1.1.1/32',
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0.0/',
    'abc',
    '10.0.0.0/8/8',
    '1.2.3.4/-1',
  ])('rejects %j', (input) => {
    expect(parseCidr(input)).toBeNull()
  })
})

describe('isIpAllowed', () => {
  const list = ['203.0.113.0/24', '2001:db8:1::/48']

  it('allows everyone when the list is empty', () => {
    expect(isIpAllowed('198.51.100.9', [])).toBe(true)
  })
  it('matches IPv4 and IPv6 ranges', () => {
    expect(isIpAllowed('203.0.113.200', list)).toBe(true)
    expect(isIpAllowed('203.0.114.1', list)).toBe(false)
    expect(isIpAllowed('2001:db8:1:ffff::5', list)).toBe(true)
    expect(isIpAllowed('2001:db8:2::5', list)).toBe(false)
  })
  it('treats IPv4-mapped IPv6 as IPv4', () => {
    expect(isIpAllowed('::ffff:203.0.113.5', list)).toBe(true)
    expect(isIpAllowed('::ffff:10.0.0.1', list)).toBe(false)
  })
  it('never lets an unknown address through a non-empty list', () => {
    expect(isIpAllowed(null, list)).toBe(false)
    expect(isIpAllowed('not-an-ip', list)).toBe(false)
  })
})
