import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { repoRoot } from './env.ts'

/** The apps with a Vite (Remix) production build. */
export type BuiltApp = 'admin' | 'liff'

export const appDir = (app: BuiltApp) => path.join(repoRoot, 'apps', app)
export const appServerBuild = (app: BuiltApp) => path.join(appDir(app), 'build/server/index.js')

/** What goes into an app's Vite build: its app folder, its config, and every package it bundles. */
const buildInputs = (app: BuiltApp) => [
  `apps/${app}/app`,
  `apps/${app}/vite.config.ts`,
  `apps/${app}/postcss.config.cjs`,
  `apps/${app}/package.json`,
  `apps/${app}/tsconfig.json`,
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

/** Why the app needs building, or null when its build/ is newer than every input. */
export function appBuildReason(app: BuiltApp): string | null {
  if (!existsSync(appServerBuild(app))) return 'no build yet'
  const builtAt = statSync(appServerBuild(app)).mtimeMs
  const changedAt = Math.max(...buildInputs(app).map((input) => newestMtime(path.join(repoRoot, input))))
  return changedAt > builtAt ? 'sources changed since the last build' : null
}
