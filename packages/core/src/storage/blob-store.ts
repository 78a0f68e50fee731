/**
 * Where uploaded files live (issue 4, item 9): a local folder by default, S3-compatible storage by
 * configuration. Stores hold opaque bytes; callers encrypt before `put` and decrypt after `get`
 * (SEC-2), so neither a stolen disk nor a leaky bucket shows a resident's photo.
 */
export type BlobStore = {
  /** Writes (or replaces) the bytes under `key`. A reader never sees a half-written file. */
  put(key: string, data: Buffer): Promise<void>
  /** The bytes, or null when nothing is stored under `key`. */
  get(key: string): Promise<Buffer | null>
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

/**
 * Keys are "/"-separated segments of letters, digits, ".", "_" and "-", never starting with a dot:
 * safe as a file path (no "..", no absolute path) and as an S3 object key.
 */
export function assertBlobKey(key: string): void {
  const segments = key.split('/')
  if (key.length > 512 || segments.some((s) => !SEGMENT.test(s))) {
    throw new TypeError(`blob store: invalid key ${JSON.stringify(key)}`)
  }
}
