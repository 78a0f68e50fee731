import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { repoRoot } from './env.ts'

export const adminDir = path.join(repoRoot, 'apps/admin')
export const adminServerBuild = path.join(adminDir, 'build/server/index.js')

/** What goes into the admin's Vite build: its app folder, its config, and every package it bundles. */
const BUILD_INPUTS = [
  'apps/admin/app',
  'apps/admin/vite.config.ts',
  'apps/admin/postcss.config.cjs',
  'apps/admin/package.json',
  'apps/admin/tsconfig.json',
  'packages',
  'package-lock.json',
]

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0
  const stat = statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (
      entry.name === 'node_modules' ||
      entry.name === 'build' ||
      entry.name === 'dist' ||
      entry.name.startsWith('.')
    ) {
      continue
    }
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)))
  }
  return newest
}

/** Why the admin needs building, or null when build/ is newer than every input. */
export function adminBuildReason(): string | null {
  if (!existsSync(adminServerBuild)) return 'no build yet'
  const builtAt = statSync(adminServerBuild).mtimeMs
  const changedAt = Math.max(...BUILD_INPUTS.map((input) => newestMtime(path.join(repoRoot, input))))
  return changedAt > builtAt ? 'sources changed since the last build' : null
}
