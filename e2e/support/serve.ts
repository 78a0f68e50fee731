import { spawn } from 'node:child_process'
import { createWriteStream, fstatSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { EmulatorChannelConfig } from '@kairan/core'
import {
  connectChannelsToEmulator,
  createFirstAdmin,
  createSecretBox,
  DEMO_TENANT_SLUG,
  generateKeySpec,
  seedDemoCity,
} from '@kairan/core'
import { createDatabase, migrateDatabase } from '@kairan/db'
import { startLineEmulator } from '@kairan/line-emulator'
import postgres from 'postgres'
import { type RunState, runDir, stateFile } from './state.ts'

/**
 * The e2e web server (playwright.config.ts `webServer.command`). Playwright starts its web server
 * BEFORE globalSetup, so the per-run preparation lives here rather than in a global setup:
 *   1. a fresh database `kairan_e2e_<time>_<random>` on the DATABASE_URL server, migrated, with the
 *      demo city and its admin (password made per run), written to e2e/.run/state.json;
 *   2. the LINE emulator in this process on E2E_EMULATOR_PORT (3310), the demo city's channels
 *      connected to it; the built admin (3010), the built LIFF app (3110) and the worker as child
 *      processes (production mode), logs in e2e/.run/<app>.log;
 *   3. on SIGTERM/SIGINT (Playwright's graceful shutdown) or when Playwright goes away (stdin
 *      closes): the apps stop, then the emulator, then the database is dropped.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const port = Number(process.env.E2E_ADMIN_PORT ?? 3010)
const liffPort = Number(process.env.E2E_LIFF_PORT ?? 3110)
const emulatorPort = Number(process.env.E2E_EMULATOR_PORT ?? 3310)
const workerPort = Number(process.env.E2E_WORKER_PORT ?? 3210)
const emulatorURL = `http://127.0.0.1:${emulatorPort}`
const liffURL = `http://127.0.0.1:${liffPort}`
const keys = generateKeySpec()
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

async function prepare(): Promise<{ state: RunState; channels: EmulatorChannelConfig[] }> {
  const databaseName = `kairan_e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const server = maintenance()
  try {
    await dropStaleDatabases(server)
    await server.unsafe(`create database "${databaseName}"`)
  } finally {
    await server.end({ timeout: 5 })
  }
  const databaseUrl = withDatabase(serverUrl!, databaseName)
  await migrateDatabase(databaseUrl)
  const { db, sql, close } = createDatabase(databaseUrl, { max: 2 })
  try {
    await seedDemoCity(db)
    const channels = await connectChannelsToEmulator(db, createSecretBox(keys), {
      tenantSlug: DEMO_TENANT_SLUG,
      emulatorUrl: emulatorURL,
      liffPublicUrl: liffURL,
    })
    const [production] = await sql<{ id: string; line_channel_id: string }[]>`
      select c.id, c.line_channel_id from channels c join tenants t on t.id = c.tenant_id
      where t.slug = ${DEMO_TENANT_SLUG} and c.kind = 'production'`
    const adminPassword = `e2e-${crypto.randomUUID()}`
    const admin = await createFirstAdmin(db, {
      tenantSlug: DEMO_TENANT_SLUG,
      email: 'admin@demo.kairan.jp',
      password: adminPassword,
    })
    const state: RunState = {
      adminEmail: admin.email,
      adminPassword,
      databaseUrl,
      databaseName,
      baseURL: `http://127.0.0.1:${port}`,
      tenantSlug: DEMO_TENANT_SLUG,
      emulatorURL,
      liffURL,
      channelId: production!.id,
      lineChannelId: production!.line_channel_id,
      pid: process.pid,
    }
    return { state, channels }
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
const { state, channels } = await prepare()
const emulator = await startLineEmulator({ port: emulatorPort, host: '127.0.0.1', channels })
writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 })

const common = {
  NODE_ENV: 'production',
  DATABASE_URL: state.databaseUrl,
  KAIRAN_ENCRYPTION_KEYS: keys,
  LOG_LEVEL: 'info',
  // Form uploads of this run (admin, liff and worker share it), removed when the run ends.
  UPLOADS_DIR: path.join(runDir, `uploads-${state.databaseName}`),
}
const apps = [
  {
    name: 'admin',
    cwd: 'apps/admin',
    entry: 'server/index.ts',
    env: {
      ...common,
      ADMIN_PORT: String(port),
      ADMIN_HOST: '127.0.0.1',
      // Plain http on loopback: a Secure cookie would never be sent back.
      SESSION_COOKIE_SECURE: 'false',
      TRUST_PROXY: 'false',
      LIFF_PUBLIC_URL: liffURL,
    },
  },
  {
    name: 'liff',
    cwd: 'apps/liff',
    entry: 'server/index.ts',
    env: {
      ...common,
      LIFF_PORT: String(liffPort),
      LIFF_HOST: '127.0.0.1',
      SESSION_COOKIE_SECURE: 'false',
      LIFF_FRAME_ANCESTORS: emulatorURL,
    },
  },
  {
    name: 'worker',
    cwd: 'apps/worker',
    entry: 'src/index.ts',
    // Delivery images and form links in messages point at this run's LIFF app.
    env: { ...common, WORKER_PORT: String(workerPort), LIFF_PUBLIC_URL: liffURL },
  },
].map((app) => {
  const log = createWriteStream(path.join(runDir, `${app.name}.log`), { flags: 'w' })
  // Same process group as this script: Playwright's group-wide SIGTERM reaches each app exactly once.
  const child = spawn(process.execPath, ['--import', 'tsx', app.entry], {
    cwd: path.join(repoRoot, app.cwd),
    env: { ...process.env, ...app.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.pipe(log, { end: false })
  child.stderr.pipe(log, { end: false })
  // Errors also go to this script's stderr, which Playwright shows.
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk))
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)))
  return { name: app.name, child, log, exited }
})

let stopping: Promise<void> | undefined
function stop(code: number, { signalApps }: { signalApps: boolean }): Promise<void> {
  stopping ??= (async () => {
    await Promise.all(
      apps.map(async ({ child, exited }) => {
        if (signalApps && child.exitCode === null) child.kill('SIGTERM')
        // A signal sent to this process alone (not the group) never reached the app: nudge it.
        const nudge = setTimeout(() => child.kill('SIGTERM'), 3_000)
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
        await exited
        clearTimeout(nudge)
        clearTimeout(timer)
      }),
    )
    await emulator.stop().catch(() => {})
    await dropDatabase(state.databaseName).catch((error: unknown) => {
      console.error(`e2e: could not drop ${state.databaseName}: ${String(error)}`)
    })
    rmSync(stateFile, { force: true })
    rmSync(common.UPLOADS_DIR, { recursive: true, force: true })
    for (const app of apps) app.log.end()
    process.exit(code)
  })()
  return stopping
}

// A signal to our process group already reached the apps; do not send them a second one.
process.once('SIGTERM', () => void stop(0, { signalApps: false }))
process.once('SIGINT', () => void stop(0, { signalApps: false }))
// Playwright holds our stdin (a pipe); it closes when the runner is gone, however it ended.
if (fstatSync(0).isFIFO()) {
  process.stdin.on('end', () => void stop(0, { signalApps: true }))
  process.stdin.resume()
}
for (const app of apps) {
  void app.exited.then((code) => {
    if (!stopping) {
      console.error(`e2e: ${app.name} exited (code ${code}); see e2e/.run/${app.name}.log`)
      void stop(1, { signalApps: true })
    }
  })
}
