export { assertBlobKey, type BlobStore } from './blob-store.ts'
export { createLocalBlobStore } from './local-blob-store.ts'
export { createS3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.ts'
export {
  type BlobStoreConfig,
  blobStoreFromConfig,
  refineStorageEnv,
  storageConfigFromEnv,
  storageEnvShape,
} from './storage-config.ts'
