import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createLocalBlobStore } from '../storage/local-blob-store.ts'

/** A local blob store in a fresh temporary folder (tests of uploads, and contexts that need one). */
export function testBlobStore() {
  const dir = mkdtempSync(path.join(tmpdir(), 'kairan-test-blobs-'))
  return Object.assign(createLocalBlobStore(dir), { dir })
}
