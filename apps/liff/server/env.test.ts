import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from './env.ts'

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))
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
      UPLOADS_DIR: '.data/uploads',
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: false,
      // Relative to the repository root, whatever the current folder: admin, liff and worker share it.
      STORAGE: { kind: 'local', dir: path.join(repoRoot, '.data/uploads') },
    })
  })

  it('switches uploads to an S3 bucket and wants both halves of its key', () => {
    const env = parseEnv({
      KAIRAN_ENCRYPTION_KEYS,
      DATABASE_URL,
      S3_BUCKET: 'city-uploads',
      S3_ENDPOINT: 'http://minio:9000',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'kairan',
      S3_SECRET_ACCESS_KEY: 'secret-of-kairan',
    })
    expect(env.STORAGE).toMatchObject({ kind: 's3', bucket: 'city-uploads', forcePathStyle: true })
    expect(() =>
      parseEnv({ KAIRAN_ENCRYPTION_KEYS, DATABASE_URL, S3_BUCKET: 'b-1', S3_ACCESS_KEY_ID: 'x' }),
    ).toThrow(/S3_SECRET_ACCESS_KEY/)
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
