import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from './env.ts'

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/kairan'
const KAIRAN_ENCRYPTION_KEYS = `k1:${Buffer.alloc(32, 7).toString('base64')}`

describe('parseEnv', () => {
  it('applies the defaults', () => {
    expect(parseEnv({ KAIRAN_ENCRYPTION_KEYS, DATABASE_URL })).toEqual({
      NODE_ENV: 'development',
      ADMIN_PORT: 3000,
      ADMIN_HOST: '0.0.0.0',
      DATABASE_URL,
      KAIRAN_ENCRYPTION_KEYS,
      TRUST_PROXY: false,
      TRUSTED_PROXY_HOPS: 1,
      LOG_LEVEL: 'info',
      LIFF_PUBLIC_URL: 'http://localhost:3100',
      SESSION_COOKIE_SECURE: false,
    })
  })

  it('reads booleans and numbers as environment variables spell them', () => {
    const env = parseEnv({
      KAIRAN_ENCRYPTION_KEYS,
      DATABASE_URL,
      TRUST_PROXY: '1',
      TRUSTED_PROXY_HOPS: '2',
      ADMIN_PORT: '8080',
    })
    expect(env).toMatchObject({ TRUST_PROXY: true, TRUSTED_PROXY_HOPS: 2, ADMIN_PORT: 8080 })
    expect(parseEnv({ KAIRAN_ENCRYPTION_KEYS, DATABASE_URL, TRUST_PROXY: 'FALSE' }).TRUST_PROXY).toBe(false)
  })

  it('makes session cookies Secure in production unless told otherwise', () => {
    expect(
      parseEnv({ KAIRAN_ENCRYPTION_KEYS, DATABASE_URL, NODE_ENV: 'production' }).SESSION_COOKIE_SECURE,
    ).toBe(true)
    expect(
      parseEnv({
        KAIRAN_ENCRYPTION_KEYS,
        DATABASE_URL,
        NODE_ENV: 'production',
        SESSION_COOKIE_SECURE: 'false',
      }).SESSION_COOKIE_SECURE,
    ).toBe(false)
    expect(
      parseEnv({ KAIRAN_ENCRYPTION_KEYS, DATABASE_URL, SESSION_COOKIE_SECURE: 'true' }).SESSION_COOKIE_SECURE,
    ).toBe(true)
  })

  it('treats empty values as unset', () => {
    expect(parseEnv({ KAIRAN_ENCRYPTION_KEYS, DATABASE_URL, ADMIN_PORT: '', TRUST_PROXY: '' })).toMatchObject(
      {
        ADMIN_PORT: 3000,
        TRUST_PROXY: false,
      },
    )
  })

  it('fails loudly, naming every bad variable', () => {
    expect(() => parseEnv({})).toThrow(EnvError)
    expect(() => parseEnv({})).toThrow(/DATABASE_URL: is required/)
    let message = ''
    try {
      parseEnv({ KAIRAN_ENCRYPTION_KEYS, DATABASE_URL: 'mysql://x', TRUST_PROXY: 'yes', ADMIN_PORT: 'http' })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/DATABASE_URL: must be a postgres/)
    expect(message).toMatch(/TRUST_PROXY/)
    expect(message).toMatch(/ADMIN_PORT/)
  })
})
