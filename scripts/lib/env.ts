import { fileURLToPath } from 'node:url'

/**
 * The developer scripts' configuration: the one place under scripts/ that reads process.env
 * (CONVENTIONS C14). Empty values count as unset, as in the apps.
 */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

function read(name: string): string | undefined {
  const value = process.env[name]
  return value === undefined || value === '' ? undefined : value
}

function port(name: string, fallback: number): number {
  const raw = read(name)
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    throw new Error(`${name} must be a port number (1-65535), got "${raw}"`)
  }
  return value
}

export const scriptEnv = {
  /** An existing PostgreSQL; when unset the scripts start the embedded one. */
  get DATABASE_URL() {
    return read('DATABASE_URL')
  },
  get KAIRAN_ENCRYPTION_KEYS() {
    return read('KAIRAN_ENCRYPTION_KEYS')
  },
  /** Embedded PostgreSQL of `npm start` / `db:*` / `create-admin` (data in .data/postgres). */
  get EMBEDDED_PG_PORT() {
    return port('EMBEDDED_PG_PORT', 5433)
  },
  /** Embedded PostgreSQL of `npm test` (data in .data/test-postgres). */
  get TEST_EMBEDDED_PG_PORT() {
    return port('TEST_EMBEDDED_PG_PORT', 5434)
  },
  get ADMIN_PORT() {
    return port('ADMIN_PORT', 3000)
  },
  get LIFF_PORT() {
    return port('LIFF_PORT', 3100)
  },
  get WORKER_PORT() {
    return port('WORKER_PORT', 3200)
  },
  /** The LINE emulator of `npm start` (API + phone page); `LINE_EMULATOR=off` leaves it out. */
  get LINE_EMULATOR_PORT() {
    return port('LINE_EMULATOR_PORT', 3300)
  },
  get LINE_EMULATOR() {
    return read('LINE_EMULATOR') === 'off' ? 'off' : 'on'
  },
  /**
   * The address browsers and LINE use for apps/liff (LIFF pages, the webhook). The phone page
   * frames LIFF pages, so it must be the same host name as the emulator's for cookies to work.
   */
  get LIFF_PUBLIC_URL() {
    return read('LIFF_PUBLIC_URL') ?? `http://127.0.0.1:${this.LIFF_PORT}`
  },
  /** `npm run bench:webhook`: requests per run and how many at once. */
  get BENCH_REQUESTS() {
    return Number(read('BENCH_REQUESTS') ?? 4_000)
  },
  get BENCH_CONCURRENCY() {
    return Number(read('BENCH_CONCURRENCY') ?? 32)
  },
  get SESSION_COOKIE_SECURE() {
    return read('SESSION_COOKIE_SECURE')
  },
  get CI() {
    return read('CI') !== undefined && read('CI') !== 'false' && read('CI') !== '0'
  },
}

/** The environment handed to child processes: everything we got, plus what the script decided. */
export function childEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  return env
}
