import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'

declare module '@remix-run/node' {
  // Types loaders for single fetch (plain objects, no json()); required with v3_singleFetch.
  // biome-ignore lint/style/useConsistentTypeDefinitions: module augmentation needs an interface.
  interface Future {
    v3_singleFetch: true
  }
}

/**
 * `@kairan/i18n` and `@kairan/ui` are side-effect free, but do not say so in their package.json
 * yet: without this, importing one helper from either index drags i18next (the admin's, 16 kB
 * gzip) into the residents' pages. Remove once both packages declare `"sideEffects": false`.
 */
const SIDE_EFFECT_FREE_SOURCES = /\/packages\/(i18n|ui)\/src\//

export default defineConfig({
  optimizeDeps: {
    // The LIFF SDK is imported dynamically, so the start-up scan misses it; finding it on the first
    // sign-in would make Vite reload the page, losing the emulator's one-time token in the address.
    include: [
      '@line/liff',
      '@line/liff-mock',
      '@mantine/core',
      '@tabler/icons-react',
      'react-i18next',
      'i18next',
    ],
    // The scan follows route files into server-only code (`.server` modules, core); argon2's
    // browser build names a WebAssembly package that is not installed.
    exclude: ['@node-rs/argon2'],
  },
  build: {
    rollupOptions: {
      treeshake: { moduleSideEffects: (id) => !SIDE_EFFECT_FREE_SOURCES.test(id) },
    },
  },
  plugins: [
    remix({
      ignoredRouteFiles: ['**/*.test.{ts,tsx}', '**/.*'],
      // Every v3 flag on, so the move to React Router 7 is a rename rather than a rewrite.
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
  ],
})
