import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { createSecretBox, generateKeySpec } from '@kairan/core'
import { repoRoot, scriptEnv } from './env.ts'

export const devKeyFile = path.join(repoRoot, '.data/encryption-keys')

/**
 * KAIRAN_ENCRYPTION_KEYS for local runs: the environment's when set; otherwise a development key
 * made once and kept in .data/encryption-keys (0600), so encrypted columns stay readable across
 * restarts. Production always sets the variable (docker/README.md).
 */
export function resolveEncryptionKeys(): { keys: string; source: 'env' | 'created' | 'file' } {
  const fromEnv = scriptEnv.KAIRAN_ENCRYPTION_KEYS
  if (fromEnv) {
    createSecretBox(fromEnv) // fails now, with its own message, rather than in three apps at once
    return { keys: fromEnv, source: 'env' }
  }
  if (existsSync(devKeyFile)) {
    const keys = readFileSync(devKeyFile, 'utf8').trim()
    try {
      createSecretBox(keys)
    } catch (error) {
      throw new Error(
        `${path.relative(repoRoot, devKeyFile)} is not a valid key list: ${(error as Error).message}`,
      )
    }
    return { keys, source: 'file' }
  }
  const keys = generateKeySpec()
  mkdirSync(path.dirname(devKeyFile), { recursive: true })
  writeFileSync(devKeyFile, `${keys}\n`, { mode: 0o600, flag: 'wx' })
  chmodSync(devKeyFile, 0o600)
  return { keys, source: 'created' }
}
