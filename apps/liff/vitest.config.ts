import { defineConfig } from 'vitest/config'

// Plain config on purpose: vitest would otherwise load vite.config.ts, whose Remix plugin refuses
// to run under vitest.
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'app/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
