import { spawn } from 'node:child_process'
import { createWriteStream, fstatSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createFirstAdmin, DEMO_TENANT_SLUG, generateKeySpec, seedDemoCity } from '@kairan/core'
import { createDatabase, migrateDatabase } from '@kairan/db'
import postgres from 'postgres'
import { type RunState, runDir, stateFile } from './state.ts'

/**
 * The e2e web server (playwright.config.ts `webServer.command`). Playwright starts its web server
 * BEFORE globalSetup, so the per-run preparation lives here rather than in a global setup:
 *   1. a fresh database `kairan_e2e_<time>_<random>` on the DATABASE_URL server, migrated, with the
 *      demo city and its admin (password made per run), written to e2e/.run/state.json;
 *   2. the built admin (production mode) on E2E_ADMIN_PORT (3010), logs in e2e/.run/admin.log;
 *   3. on SIGTERM/SIGINT (Playwright's graceful shutdown) or when Playwright goes away (stdin
 *      closes): the admin stops, then the database is dropped.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const port = Number(process.env.E2E_ADMIN_PORT ?? 3010)
const serverUrl = process.env.DATABASE_URL
/** Databases of runs that were killed before they could clean up are dropped after this long. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000

if (!serverUrl) {
  console.error('e2e: DATABASE_URL must point at a PostgreSQL server (`npm test` sets it).')
  process.exit(1)
}

const withDatabase = (url: string, name: string) => {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}
const maintenance = () => postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })

async function dropStaleDatabases(sql: postgres.Sql): Promise<void> {
  const rows = await sql<
    { datname: string }[]
  >`select datname from pg_database where datname like 'kairan_e2e_%'`
  for (const { datname } of rows) {
    const startedAt = Number.parseInt(datname.split('_')[2] ?? '', 36)
    if (Number.isFinite(startedAt) && Date.now() - startedAt > STALE_AFTER_MS) {
      await sql.unsafe(`drop database if exists "${datname}" with (force)`).catch(() => {})
    }
  }
}

async function prepare(): Promise<RunState> {
  const databaseName = `kairan_e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const sql = maintenance()
  try {
    await dropStaleDatabases(sql)
    await sql.unsafe(`create database "${databaseName}"`)
  } finally {
    await sql.end({ timeout: 5 })
  }
  const databaseUrl = withDatabase(serverUrl!, databaseName)
  await migrateDatabase(databaseUrl)
  const { db, close } = createDatabase(databaseUrl, { max: 2 })
  try {
    await seedDemoCity(db)
    const adminPassword = `e2e-${crypto.randomUUID()}`
    const admin = await createFirstAdmin(db, {
      tenantSlug: DEMO_TENANT_SLUG,
      email: 'admin@demo.kairan.jp',
      password: adminPassword,
    })
    return {
      adminEmail: admin.email,
      adminPassword,
      databaseUrl,
      databaseName,
      baseURL: `http://127.0.0.1:${port}`,
      tenantSlug: DEMO_TENANT_SLUG,
      pid: process.pid,
    }
  } finally {
    await close()
  }
}

async function dropDatabase(name: string): Promise<void> {
  const sql = maintenance()
  try {
    await sql.unsafe(`drop database if exists "${name}" with (force)`)
  } finally {
    await sql.end({ timeout: 5 })
  }
}

mkdirSync(runDir, { recursive: true })
rmSync(stateFile, { force: true })
const state = await prepare()
writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 })

const log = createWriteStream(path.join(runDir, 'admin.log'), { flags: 'w' })
// Same process group as this script: Playwright's group-wide SIGTERM reaches the admin exactly once.
const admin = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
  cwd: path.join(repoRoot, 'apps/admin'),
  env: {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: state.databaseUrl,
    KAIRAN_ENCRYPTION_KEYS: generateKeySpec(),
    ADMIN_PORT: String(port),
    ADMIN_HOST: '127.0.0.1',
    // Plain http on loopback: a Secure cookie would never be sent back.
    SESSION_COOKIE_SECURE: 'false',
    TRUST_PROXY: 'false',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
})
admin.stdout.pipe(log, { end: false })
admin.stderr.pipe(log, { end: false })
// Errors also go to this script's stderr, which Playwright shows.
admin.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk))
const adminExited = new Promise<number>((resolve) => admin.once('exit', (code) => resolve(code ?? 1)))

let stopping: Promise<void> | undefined
function stop(code: number, { signalAdmin }: { signalAdmin: boolean }): Promise<void> {
  stopping ??= (async () => {
    if (signalAdmin && admin.exitCode === null) admin.kill('SIGTERM')
    // A signal sent to this process alone (not the group) never reached the admin: nudge it.
    const nudge = setTimeout(() => admin.kill('SIGTERM'), 3_000)
    const timer = setTimeout(() => admin.kill('SIGKILL'), 15_000)
    await adminExited
    clearTimeout(nudge)
    clearTimeout(timer)
    await dropDatabase(state.databaseName).catch((error: unknown) => {
      console.error(`e2e: could not drop ${state.databaseName}: ${String(error)}`)
    })
    rmSync(stateFile, { force: true })
    log.end()
    process.exit(code)
  })()
  return stopping
}

// A signal to our process group already reached the admin; do not send it a second one.
process.once('SIGTERM', () => void stop(0, { signalAdmin: false }))
process.once('SIGINT', () => void stop(0, { signalAdmin: false }))
// Playwright holds our stdin (a pipe); it closes when the runner is gone, however it ended.
if (fstatSync(0).isFIFO()) {
  process.stdin.on('end', () => void stop(0, { signalAdmin: true }))
  process.stdin.resume()
}
void adminExited.then((code) => {
  if (!stopping) {
    console.error(`e2e: the admin exited (code ${code}); see e2e/.run/admin.log`)
    void stop(1, { signalAdmin: false })
  }
})
