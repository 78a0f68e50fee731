import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3'
import { assertBlobKey, type BlobStore } from './blob-store.ts'

export type S3BlobStoreOptions = {
  bucket: string
  region: string
  /** For S3-compatible services (MinIO, Cloudflare R2, Sakura…); unset for AWS itself. */
  endpoint?: string
  /** Unset: the SDK's default chain (environment, instance role…). */
  credentials?: { accessKeyId: string; secretAccessKey: string }
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (MinIO needs it). */
  forcePathStyle?: boolean
  /** Prepended to every key ("kairan/" keeps a shared bucket tidy). */
  prefix?: string
  /** Tests hand a request handler that records requests instead of sending them. */
  requestHandler?: S3ClientConfig['requestHandler']
}

/** Objects in an S3-compatible bucket. The bytes arrive already encrypted by the caller. */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
    ...(options.requestHandler ? { requestHandler: options.requestHandler } : {}),
  })
  const prefix = options.prefix ? `${options.prefix.replace(/\/+$/, '')}/` : ''
  const objectKey = (key: string) => {
    assertBlobKey(key)
    return `${prefix}${key}`
  }
  return {
    async put(key, data) {
      await client.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: objectKey(key),
          Body: data,
          ContentType: 'application/octet-stream',
        }),
      )
    },
    async get(key) {
      try {
        const result = await client.send(
          new GetObjectCommand({ Bucket: options.bucket, Key: objectKey(key) }),
        )
        if (!result.Body) return null
        return Buffer.from(await result.Body.transformToByteArray())
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null
        throw error
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: objectKey(key) }))
    },
  }
}
