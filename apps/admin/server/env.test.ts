import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from './env.ts'

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))
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
