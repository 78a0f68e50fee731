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
}

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
