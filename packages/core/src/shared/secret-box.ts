import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * Application-level encryption of sensitive columns (SEC-2): AES-256-GCM with key rotation.
 * Keys come as "id:base64key,id2:base64key2"; the first encrypts, all decrypt, so a new key is
 * put first and old rows stay readable until re-encrypted.
 * Ciphertext: `v1.<keyId>.<iv b64url>.<tag b64url>.<data b64url>`.
 */
export type SecretBox = {
  encrypt: (plain: string) => string
  decrypt: (sealed: string) => string
  /** Files (form uploads): the same AES-256-GCM and key ring, in a binary envelope (see below). */
  encryptBytes: (plain: Buffer) => Buffer
  decryptBytes: (sealed: Buffer) => Buffer
}

/**
 * Binary envelope of `encryptBytes`: "KB" + format 0x01, key-id length (1 byte), key id (ASCII),
 * IV (12 bytes), tag (16 bytes), ciphertext. Base64 would make 100 MB videos a third larger.
 */
const BYTES_MAGIC = Buffer.from([0x4b, 0x42, 0x01])
const IV_BYTES = 12
const TAG_BYTES = 16

export function parseKeys(spec: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>()
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [id, b64] = part.split(':')
    if (!id || !b64 || !/^[A-Za-z0-9_-]{1,20}$/.test(id)) {
      throw new Error('KAIRAN_ENCRYPTION_KEYS: each entry must be "id:base64key"')
    }
    const key = Buffer.from(b64, 'base64')
    if (key.length !== 32) throw new Error(`KAIRAN_ENCRYPTION_KEYS: key "${id}" must be 32 bytes (base64)`)
    keys.set(id, key)
  }
  if (keys.size === 0) throw new Error('KAIRAN_ENCRYPTION_KEYS is empty')
  return keys
}

export function createSecretBox(spec: string): SecretBox {
  const keys = parseKeys(spec)
  const [currentId, currentKey] = [...keys.entries()][0]!
  return {
    encrypt(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv)
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      const tag = cipher.getAuthTag()
      return [
        'v1',
        currentId,
        iv.toString('base64url'),
        tag.toString('base64url'),
        data.toString('base64url'),
      ].join('.')
    },
    encryptBytes(plain) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv)
      const data = Buffer.concat([cipher.update(plain), cipher.final()])
      const keyId = Buffer.from(currentId, 'ascii')
      return Buffer.concat([BYTES_MAGIC, Buffer.from([keyId.length]), keyId, iv, cipher.getAuthTag(), data])
    },
    decryptBytes(sealed) {
      const malformed = () => new Error('secret-box: unknown key or malformed ciphertext')
      if (sealed.length < BYTES_MAGIC.length + 1 || !sealed.subarray(0, 3).equals(BYTES_MAGIC))
        throw malformed()
      const idLength = sealed[3]!
      const ivAt = 4 + idLength
      const dataAt = ivAt + IV_BYTES + TAG_BYTES
      if (sealed.length < dataAt) throw malformed()
      const key = keys.get(sealed.subarray(4, ivAt).toString('ascii'))
      if (!key) throw malformed()
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(ivAt, ivAt + IV_BYTES))
      decipher.setAuthTag(sealed.subarray(ivAt + IV_BYTES, dataAt))
      return Buffer.concat([decipher.update(sealed.subarray(dataAt)), decipher.final()])
    },
    decrypt(sealed) {
      const [version, keyId, iv, tag, data] = sealed.split('.')
      const key = keyId ? keys.get(keyId) : undefined
      if (version !== 'v1' || !key || !iv || !tag || data === undefined) {
        throw new Error('secret-box: unknown key or malformed ciphertext')
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
        'utf8',
      )
    },
  }
}

/** A fresh key spec for development (`npm start` keeps it in .data/). */
export function generateKeySpec(id = 'k1'): string {
  return `${id}:${randomBytes(32).toString('base64')}`
}
