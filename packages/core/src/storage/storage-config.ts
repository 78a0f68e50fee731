import path from 'node:path'
import { z } from 'zod'
import { booleanishEnv } from '../shared/environment.ts'
import type { BlobStore } from './blob-store.ts'
import { createLocalBlobStore } from './local-blob-store.ts'
import { createS3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.ts'

export type BlobStoreConfig =
  | { kind: 'local'; dir: string }
  | ({ kind: 's3' } & Omit<S3BlobStoreOptions, 'requestHandler'>)

export function blobStoreFromConfig(config: BlobStoreConfig): BlobStore {
  if (config.kind === 'local') return createLocalBlobStore(config.dir)
  const { kind: _, ...options } = config
  return createS3BlobStore(options)
}

/**
 * The storage variables, spelled and checked the same way by admin, liff and worker (all three
 * read and write uploads, so all three must point at the same place). Spread into an app's env
 * schema and add `refineStorageEnv`.
 */
export const storageEnvShape = {
  /** Local folder for uploads when no S3 bucket is set; relative paths start at the repository root. */
  UPLOADS_DIR: z.string().min(1).default('.data/uploads'),
  /** Setting a bucket switches uploads to S3-compatible storage. */
  S3_BUCKET: z.string().min(3).max(63).optional(),
  /** Any value for MinIO and most S3-compatible services; the bucket's region on AWS. */
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** true for MinIO and services without virtual-hosted buckets. */
  S3_FORCE_PATH_STYLE: booleanishEnv.default(false),
  /** A folder inside the bucket, e.g. "kairan". */
  S3_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits, ".", "_", "-" and "/" only')
    .optional(),
}

type StorageEnv = {
  UPLOADS_DIR: string
  S3_BUCKET?: string | undefined
  S3_REGION: string
  S3_ENDPOINT?: string | undefined
  S3_ACCESS_KEY_ID?: string | undefined
  S3_SECRET_ACCESS_KEY?: string | undefined
  S3_FORCE_PATH_STYLE: boolean
  S3_PREFIX?: string | undefined
}

/** Checks across variables: the access key and its secret come together. */
export function refineStorageEnv(env: StorageEnv, ctx: z.RefinementCtx): void {
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    ctx.addIssue({
      code: 'custom',
      path: [env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'],
      message:
        'set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (the default AWS credential chain)',
    })
  }
}

/** The store the parsed variables describe; a relative UPLOADS_DIR is resolved against `baseDir`. */
export function storageConfigFromEnv(env: StorageEnv, baseDir: string): BlobStoreConfig {
  if (!env.S3_BUCKET) return { kind: 'local', dir: path.resolve(baseDir, env.UPLOADS_DIR) }
  return {
    kind: 's3',
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
    ...(env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } }
      : {}),
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    ...(env.S3_PREFIX ? { prefix: env.S3_PREFIX } : {}),
  }
}
