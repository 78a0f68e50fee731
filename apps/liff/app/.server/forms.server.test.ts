import { describe, expect, it } from 'vitest'
import { byteRange, formatDateTime } from './forms.server.ts'

describe('byteRange', () => {
  it('reads the ranges video players ask for', () => {
    expect(byteRange(null, 100)).toBeNull()
    expect(byteRange('bytes=0-', 100)).toEqual({ start: 0, end: 99 })
    expect(byteRange('bytes=0-1', 100)).toEqual({ start: 0, end: 1 })
    expect(byteRange('bytes=90-200', 100)).toEqual({ start: 90, end: 99 })
    expect(byteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 })
    expect(byteRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 })
  })

  it('refuses what cannot be served (one range only)', () => {
    for (const header of [
      'bytes=100-',
      'bytes=5-2',
      'bytes=-0',
      'bytes=-',
      'bytes=0-1,5-6',
      'items=0-1',
      'bytes=a-b',
    ]) {
      expect(byteRange(header, 100), header).toBe('invalid')
    }
  })
})

describe('formatDateTime', () => {
  it('writes Japan’s time in the resident’s language', () => {
    const at = new Date('2025-06-30T08:00:00Z')
    expect(formatDateTime(at, 'ja')).toBe('2025/06/30 17:00')
    expect(formatDateTime(at, 'ja-easy')).toBe('2025/06/30 17:00')
    // ICU puts a narrow no-break space before PM in recent versions.
    expect(formatDateTime(at.toISOString(), 'en')).toMatch(/^Jun 30, 2025, 5:00\sPM$/u)
  })
})
