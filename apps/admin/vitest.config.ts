import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Plain config on purpose: vitest would otherwise load vite.config.ts, whose Remix plugin refuses
// to run under vitest. The `~` alias lets tests import route modules as the app does.
export default defineConfig({
  resolve: { alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) } },
  test: {
    include: ['server/**/*.test.ts', 'app/**/*.test.ts'],
    // The development-mode tests compile routes with Vite on first request: slow on a busy 2-core CI.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
