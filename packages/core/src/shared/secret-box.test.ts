import { describe, expect, it } from 'vitest'
import { createSecretBox, generateKeySpec } from './secret-box.ts'

describe('secret box', () => {
  it('round-trips and never repeats a ciphertext', () => {
    const box = createSecretBox(generateKeySpec())
    const a = box.encrypt('JBSWY3DPEHPK3PXP')
    expect(a).not.toContain('JBSWY3DPEHPK3PXP')
    expect(box.encrypt('JBSWY3DPEHPK3PXP')).not.toBe(a)
    expect(box.decrypt(a)).toBe('JBSWY3DPEHPK3PXP')
  })
  it('decrypts with an older key after rotation', () => {
    const old = generateKeySpec('old')
    const sealed = createSecretBox(old).encrypt('secret')
    const rotated = createSecretBox(`${generateKeySpec('new')},${old}`)
    expect(rotated.decrypt(sealed)).toBe('secret')
    expect(rotated.encrypt('x').split('.')[1]).toBe('new')
  })
  it('refuses tampered data', () => {
    const box = createSecretBox(generateKeySpec())
    const sealed = box.encrypt('secret')
    const parts = sealed.split('.')
    parts[4] = Buffer.from('other').toString('base64url')
    expect(() => box.decrypt(parts.join('.'))).toThrow()
  })
  it('rejects short keys', () => {
    expect(() => createSecretBox('k:AAAA')).toThrow(/32 bytes/)
  })
})
