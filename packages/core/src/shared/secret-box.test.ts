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

  it('round-trips bytes, with an older key after rotation', () => {
    const old = generateKeySpec('old')
    const plain = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02, ...Buffer.from('写真')])
    const sealed = createSecretBox(old).encryptBytes(plain)
    expect(sealed.includes(plain)).toBe(false)
    expect(createSecretBox(old).encryptBytes(plain).equals(sealed)).toBe(false)
    const rotated = createSecretBox(`${generateKeySpec('new')},${old}`)
    expect(rotated.decryptBytes(sealed).equals(plain)).toBe(true)
    expect(rotated.decryptBytes(rotated.encryptBytes(Buffer.alloc(0))).length).toBe(0)
  })
  it('refuses tampered, truncated or foreign bytes', () => {
    const box = createSecretBox(generateKeySpec())
    const sealed = box.encryptBytes(Buffer.from('a resident photo'))
    const flipped = Buffer.from(sealed)
    flipped[flipped.length - 1]! ^= 1
    expect(() => box.decryptBytes(flipped)).toThrow()
    expect(() => box.decryptBytes(sealed.subarray(0, 20))).toThrow(/malformed/)
    expect(() => box.decryptBytes(Buffer.from('plain file'))).toThrow(/malformed/)
    expect(() => createSecretBox(generateKeySpec()).decryptBytes(sealed)).toThrow()
  })
})
