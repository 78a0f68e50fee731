import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSecretBox, generateKeySpec } from '../shared/secret-box.ts'
import { createLocalBlobStore } from './local-blob-store.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kairan-blobs-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('local blob store', () => {
  it('writes under nested keys, reads back, replaces and deletes', async () => {
    const store = createLocalBlobStore(path.join(dir, 'not-yet-made'))
    const key = 'forms/tenant-1/form-2/upload-3'
    expect(await store.get(key)).toBeNull()
    await store.put(key, Buffer.from('first'))
    expect((await store.get(key))?.toString()).toBe('first')
    await store.put(key, Buffer.from('second'))
    expect((await store.get(key))?.toString()).toBe('second')
    // No temporary file is left next to it.
    expect(await readdir(path.join(dir, 'not-yet-made/forms/tenant-1/form-2'))).toEqual(['upload-3'])
    await store.delete(key)
    expect(await store.get(key)).toBeNull()
    await store.delete(key)
  })

  it('refuses keys that could leave its folder', async () => {
    const store = createLocalBlobStore(dir)
    for (const key of ['../escape', 'a/../../b', '/etc/passwd', 'a//b', '.hidden', 'a\\b', '']) {
      await expect(store.put(key, Buffer.from('x')), key).rejects.toThrow(/invalid key/)
      await expect(store.get(key), key).rejects.toThrow(/invalid key/)
    }
  })

  it('keeps what the caller encrypted: the file on disk never holds the plain bytes', async () => {
    const store = createLocalBlobStore(dir)
    const secrets = createSecretBox(generateKeySpec())
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('resident photo')])
    await store.put('forms/t/f/u', secrets.encryptBytes(photo))
    const onDisk = await readFile(path.join(dir, 'forms/t/f/u'))
    expect(onDisk.includes(Buffer.from('resident photo'))).toBe(false)
    expect(secrets.decryptBytes((await store.get('forms/t/f/u'))!).equals(photo)).toBe(true)
  })
})
