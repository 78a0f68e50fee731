import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { refineStorageEnv, storageConfigFromEnv, storageEnvShape } from './storage-config.ts'

const schema = z.object(storageEnvShape).superRefine(refineStorageEnv)

describe('storage environment', () => {
  it('defaults to .data/uploads under the given base folder', () => {
    const env = schema.parse({})
    expect(storageConfigFromEnv(env, '/srv/kairan')).toEqual({
      kind: 'local',
      dir: '/srv/kairan/.data/uploads',
    })
    expect(storageConfigFromEnv(schema.parse({ UPLOADS_DIR: '/var/lib/kairan' }), '/srv')).toEqual({
      kind: 'local',
      dir: '/var/lib/kairan',
    })
  })

  it('switches to S3 when a bucket is set', () => {
    const env = schema.parse({
      S3_BUCKET: 'city-uploads',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: 'kairan',
    })
    expect(storageConfigFromEnv(env, '/srv')).toEqual({
      kind: 's3',
      bucket: 'city-uploads',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9000',
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
      forcePathStyle: true,
      prefix: 'kairan',
    })
  })

  it('refuses an access key without its secret and a bad endpoint', () => {
    const half = schema.safeParse({ S3_BUCKET: 'city-uploads', S3_ACCESS_KEY_ID: 'id' })
    expect(half.success).toBe(false)
    expect(half.error?.issues[0]?.path).toEqual(['S3_SECRET_ACCESS_KEY'])
    expect(schema.safeParse({ S3_ENDPOINT: 'minio:9000' }).success).toBe(false)
  })
})
