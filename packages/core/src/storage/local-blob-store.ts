import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { assertBlobKey, type BlobStore } from './blob-store.ts'

/**
 * Files in a folder (the default; one server, or a shared volume for admin, liff and worker).
 * A write goes to a temporary file first and is renamed into place, so a crash never leaves a
 * truncated file under a key and readers see the old bytes or the new, never a mix.
 */
export function createLocalBlobStore(dir: string): BlobStore {
  const root = path.resolve(dir)
  const fileOf = (key: string) => {
    assertBlobKey(key)
    return path.join(root, ...key.split('/'))
  }
  return {
    async put(key, data) {
      const file = fileOf(key)
      await mkdir(path.dirname(file), { recursive: true })
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`
      try {
        await writeFile(temporary, data, { mode: 0o600 })
        await rename(temporary, file)
      } catch (error) {
        await rm(temporary, { force: true })
        throw error
      }
    },
    async get(key) {
      try {
        return await readFile(fileOf(key))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true })
    },
  }
}
