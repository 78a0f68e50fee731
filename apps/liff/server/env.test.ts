import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from './env.ts'

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/kairan'
const KAIRAN_ENCRYPTION_KEYS = `k1:${Buffer.alloc(32, 7).toString('base64')}`

describe('parseEnv', () => {
  it('applies the defaults', () => {
    expect(parseEnv({ DATABASE_URL, KAIRAN_ENCRYPTION_KEYS })).toEqual({
      NODE_ENV: 'development',
      DATABASE_URL,
      KAIRAN_ENCRYPTION_KEYS,
      LIFF_PORT: 3100,
      LIFF_HOST: '0.0.0.0',
      WEBHOOK_INLINE_HANDLING: 'on',
      TRUST_PROXY: false,
      TRUSTED_PROXY_HOPS: 1,
      SESSION_COOKIE_SECURE: false,
      LIFF_FRAME_ANCESTORS: ['http://127.0.0.1:3300', 'http://localhost:3300'],
      LOG_LEVEL: 'info',
    })
  })

  it('makes the session cookie Secure in production unless told otherwise', () => {
    expect(
      parseEnv({ DATABASE_URL, KAIRAN_ENCRYPTION_KEYS, NODE_ENV: 'production' }).SESSION_COOKIE_SECURE,
    ).toBe(true)
    expect(
      parseEnv({
        DATABASE_URL,
        KAIRAN_ENCRYPTION_KEYS,
        NODE_ENV: 'production',
        SESSION_COOKIE_SECURE: 'false',
      }).SESSION_COOKIE_SECURE,
    ).toBe(false)
  })

  it('reads frame ancestors as space-separated origins, or none', () => {
    const env = (value: string) =>
      parseEnv({ DATABASE_URL, KAIRAN_ENCRYPTION_KEYS, LIFF_FRAME_ANCESTORS: value })
    expect(env('https://emulator.example.jp  http://localhost:3300').LIFF_FRAME_ANCESTORS).toEqual([
      'https://emulator.example.jp',
      'http://localhost:3300',
    ])
    expect(env('none').LIFF_FRAME_ANCESTORS).toEqual([])
    expect(() => env("https://ok.example 'unsafe-inline'")).toThrow(EnvError)
    expect(() => env('https://example.jp/path')).toThrow(EnvError)
  })

  it('treats an empty value as unset and names every bad variable', () => {
    expect(parseEnv({ DATABASE_URL, KAIRAN_ENCRYPTION_KEYS, LIFF_PORT: '' }).LIFF_PORT).toBe(3100)
    try {
      parseEnv({ DATABASE_URL: 'mysql://x', KAIRAN_ENCRYPTION_KEYS: 'nope' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError)
      expect((error as Error).message).toContain('DATABASE_URL')
      expect((error as Error).message).toContain('KAIRAN_ENCRYPTION_KEYS')
    }
  })
})
