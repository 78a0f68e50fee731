import { createServer } from 'node:net'
import path from 'node:path'
import {
  connectChannelsToEmulator,
  createFirstAdmin,
  createSecretBox,
  DEMO_TENANT_SLUG,
  type EmulatorChannelConfig,
  seedDemoCity,
} from '@kairan/core'
import { createDatabase, migrateDatabase } from '@kairan/db'
import { appBuildReason, appDir, type BuiltApp } from './lib/app-build.ts'
import { box, paint, seconds } from './lib/console.ts'
import { type DatabaseTarget, devDatabase, openDatabaseInHelper } from './lib/database.ts'
import { devKeyFile, resolveEncryptionKeys } from './lib/encryption-keys.ts'
import { childEnv, repoRoot, scriptEnv } from './lib/env.ts'
import { type AppSpec, type RunningApp, run, startApp, stopApp, waitUntilReady } from './lib/processes.ts'

/**
 * `npm start`: the whole product on one machine. PostgreSQL (embedded unless DATABASE_URL is set),
 * migrations, the demo city and its first admin, then the LINE emulator + admin + liff + worker as
 * child processes (the demo city's channels point at the emulator unless given real credentials).
 * Ctrl-C stops the apps (each finishes what it is doing), then the database.
 */
const DEMO_ADMIN_EMAIL = 'admin@demo.kairan.jp'
const READY_TIMEOUT_MS = 120_000
const STOP_GRACE_MS = 35_000 // the worker lets running jobs finish for up to 30 s

const startedAt = performance.now()
let database: DatabaseTarget | undefined
const apps: RunningApp[] = []
let isStopping = false

const log = (message: string) => console.log(`${paint('bold', '[kairan]')} ${message}`)

async function shutDown(code: number, reason: string): Promise<void> {
  if (isStopping) return
  isStopping = true
  log(`${reason}: stopping…`)
  await Promise.all(apps.map((app) => stopApp(app, STOP_GRACE_MS)))
  if (database?.isEmbedded) log('stopping the embedded PostgreSQL')
  await database?.stop().catch(() => {})
  log(code === 0 ? 'stopped' : `stopped (exit ${code})`)
  process.exit(code)
}

// One Ctrl-C often arrives twice (the terminal signals npm, tsx and this process, and tsx relays
// it again), so repeats within a few seconds count as one; a later one means "stop now".
let firstSignalAt: number | undefined
const onSignal = (signal: NodeJS.Signals) => {
  if (firstSignalAt !== undefined && Date.now() - firstSignalAt < 3_000) return
  if (firstSignalAt !== undefined) {
    log('second signal: killing the apps without waiting')
    for (const app of apps) app.child.kill('SIGKILL')
    void database?.stop().finally(() => process.exit(130))
    return
  }
  firstSignalAt = Date.now()
  void shutDown(0, signal === 'SIGINT' ? 'Ctrl-C' : signal)
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)

async function assertPortFree(port: number, variable: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', () =>
      reject(
        new Error(`Port ${port} is already in use (${variable}). Stop what runs there or set ${variable}.`),
      ),
    )
    probe.listen(port, '0.0.0.0', () => probe.close(() => resolve()))
  })
}

async function prepareDatabase(url: string) {
  await migrateDatabase(url)
  const { db, sql, close } = createDatabase(url, { max: 2 })
  try {
    const { created } = await seedDemoCity(db)
    // Only the first start creates the admin: running createFirstAdmin again would re-enable and
    // re-promote an account someone changed in the UI, and log it each time.
    const [existing] = await sql`select 1 from staff_users where lower(email) = ${DEMO_ADMIN_EMAIL}`
    if (existing) return { isDemoCreated: created, password: null }
    const admin = await createFirstAdmin(db, { tenantSlug: DEMO_TENANT_SLUG, email: DEMO_ADMIN_EMAIL })
    return { isDemoCreated: created, password: admin.password }
  } finally {
    await close()
  }
}

async function buildIfNeeded(app: BuiltApp): Promise<void> {
  const reason = appBuildReason(app)
  if (!reason) {
    log(`${app} build is up to date`)
    return
  }
  log(`building ${app} (${reason})…`)
  const t = performance.now()
  const { code, output } = await run('build', 'npm', ['run', 'build', '-w', `@kairan/${app}`], {
    cwd: repoRoot,
    env: childEnv({ NODE_ENV: 'production' }),
    quiet: true,
  })
  if (isStopping) return
  if (code !== 0) {
    process.stdout.write(output)
    throw new Error(`the ${app} build failed (exit ${code}); its output is above`)
  }
  log(`${app} built in ${seconds(performance.now() - t)}`)
}

const emulatorUrl = () => `http://127.0.0.1:${scriptEnv.LINE_EMULATOR_PORT}`

/** Development and training: the demo city's channels talk to the LINE emulator (PLAT-5). */
async function connectEmulator(databaseUrl: string, keys: string): Promise<EmulatorChannelConfig[]> {
  if (scriptEnv.LINE_EMULATOR === 'off') return []
  const { db, close } = createDatabase(databaseUrl, { max: 2 })
  try {
    return await connectChannelsToEmulator(db, createSecretBox(keys), {
      tenantSlug: DEMO_TENANT_SLUG,
      emulatorUrl: emulatorUrl(),
      liffPublicUrl: scriptEnv.LIFF_PUBLIC_URL,
    })
  } finally {
    await close()
  }
}

function appSpecs(databaseUrl: string, keys: string, emulatorChannels: EmulatorChannelConfig[]): AppSpec[] {
  const common = {
    DATABASE_URL: databaseUrl,
    KAIRAN_ENCRYPTION_KEYS: keys,
    ADMIN_PORT: String(scriptEnv.ADMIN_PORT),
    LIFF_PORT: String(scriptEnv.LIFF_PORT),
    WORKER_PORT: String(scriptEnv.WORKER_PORT),
    // Plain http on a laptop: a Secure session cookie would never come back (production has https).
    SESSION_COOKIE_SECURE: scriptEnv.SESSION_COOKIE_SECURE ?? 'false',
    LIFF_PUBLIC_URL: scriptEnv.LIFF_PUBLIC_URL,
    ...(scriptEnv.LINE_EMULATOR === 'off' ? {} : { LINE_EMULATOR_URL: emulatorUrl() }),
  }
  const emulator: AppSpec[] =
    scriptEnv.LINE_EMULATOR === 'off'
      ? []
      : [
          {
            name: 'line',
            colour: 'green',
            cwd: path.join(repoRoot, 'packages/line-emulator'),
            entry: 'src/cli.ts',
            env: childEnv({
              LINE_EMULATOR_PORT: String(scriptEnv.LINE_EMULATOR_PORT),
              LINE_EMULATOR_HOST: '127.0.0.1',
              LINE_EMULATOR_CHANNELS: JSON.stringify(emulatorChannels),
            }),
            readyUrl: `${emulatorUrl()}/_emulator/channels`,
          },
        ]
  return [
    ...emulator,
    {
      name: 'admin',
      colour: 'magenta',
      cwd: appDir('admin'),
      entry: 'server/index.ts',
      env: childEnv({ ...common, NODE_ENV: 'production' }),
      readyUrl: `http://127.0.0.1:${scriptEnv.ADMIN_PORT}/readyz`,
    },
    {
      name: 'liff',
      colour: 'blue',
      cwd: appDir('liff'),
      entry: 'server/index.ts',
      env: childEnv({ ...common, NODE_ENV: 'production', LIFF_FRAME_ANCESTORS: emulatorUrl() }),
      readyUrl: `http://127.0.0.1:${scriptEnv.LIFF_PORT}/readyz`,
    },
    {
      name: 'worker',
      colour: 'yellow',
      cwd: path.join(repoRoot, 'apps/worker'),
      entry: 'src/index.ts',
      env: childEnv(common),
      readyUrl: `http://127.0.0.1:${scriptEnv.WORKER_PORT}/readyz`,
    },
  ]
}

function printSummary(password: string | null, keySource: string): void {
  const adminUrl = `http://localhost:${scriptEnv.ADMIN_PORT}`
  console.log('')
  console.log(
    paint(['bold', 'green'], `  Kairan is running (ready in ${seconds(performance.now() - startedAt)})`),
  )
  console.log('')
  console.log(`    Admin     ${paint('bold', adminUrl)}`)
  console.log(
    `    LIFF      ${scriptEnv.LIFF_PUBLIC_URL}   (LIFF pages /c/<channel>, webhook /webhook/<channel>)`,
  )
  if (scriptEnv.LINE_EMULATOR !== 'off') {
    console.log(
      `    LINE      ${paint('bold', `${emulatorUrl()}/`)}   (emulator: phone page to act as a resident, no LINE account)`,
    )
  }
  console.log(`    Worker    http://localhost:${scriptEnv.WORKER_PORT}/readyz`)
  console.log(`    Database  ${database?.description}`)
  console.log(`    Keys      KAIRAN_ENCRYPTION_KEYS ${keySource}`)
  console.log('')
  if (password) {
    console.log(
      box(
        [
          paint('bold', 'First sign-in to the admin (shown only this once)'),
          '',
          `URL       ${adminUrl}`,
          `E-mail    ${DEMO_ADMIN_EMAIL}`,
          `Password  ${paint('bold', password)}`,
          '',
          'Write the password down now: it is not stored anywhere in clear.',
        ],
        'green',
      ),
    )
  } else {
    console.log(
      `  Sign in as ${paint('bold', DEMO_ADMIN_EMAIL)}: its password was printed by the first \`npm start\`.`,
    )
    console.log('  Forgot it? Set a new one (at least 12 characters) with')
    console.log(
      `    npm run create-admin -- --tenant ${DEMO_TENANT_SLUG} --email ${DEMO_ADMIN_EMAIL} --password '<new password>'`,
    )
  }
  console.log('')
  console.log('  Press Ctrl-C to stop.')
  console.log('')
}

async function main(): Promise<void> {
  for (const [port, variable] of [
    [scriptEnv.ADMIN_PORT, 'ADMIN_PORT'],
    [scriptEnv.LIFF_PORT, 'LIFF_PORT'],
    [scriptEnv.WORKER_PORT, 'WORKER_PORT'],
    ...(scriptEnv.LINE_EMULATOR === 'off'
      ? []
      : [[scriptEnv.LINE_EMULATOR_PORT, 'LINE_EMULATOR_PORT'] as const]),
  ] as const) {
    await assertPortFree(port, variable)
  }

  const keys = resolveEncryptionKeys()
  const keyFile = path.relative(repoRoot, devKeyFile)
  if (keys.source !== 'env') {
    log(
      paint(
        'yellow',
        `KAIRAN_ENCRYPTION_KEYS is not set: using the development key in ${keyFile}` +
          `${keys.source === 'created' ? ' (just created)' : ''}. Production must set KAIRAN_ENCRYPTION_KEYS (docker/README.md).`,
      ),
    )
  }

  log(scriptEnv.DATABASE_URL ? 'using DATABASE_URL' : 'starting the embedded PostgreSQL…')
  database = await openDatabaseInHelper(devDatabase, (line) =>
    console.log(`${paint('gray', '[postgres]')} ${line}`),
  )
  void database.exited?.then(() => {
    if (!isStopping) void shutDown(1, 'the embedded PostgreSQL stopped unexpectedly')
  })
  if (isStopping) return
  log(`database: ${database.description}`)

  const { isDemoCreated, password } = await prepareDatabase(database.url)
  if (isStopping) return
  log(`migrations applied; demo city "${DEMO_TENANT_SLUG}" ${isDemoCreated ? 'created' : 'already there'}`)

  for (const app of ['admin', 'liff'] as const) {
    await buildIfNeeded(app)
    if (isStopping) return
  }

  const emulatorChannels = await connectEmulator(database.url, keys.keys)
  if (isStopping) return
  for (const spec of appSpecs(database.url, keys.keys, emulatorChannels)) {
    const app = startApp(spec)
    apps.push(app)
    void app.exited.then(({ code, signal }) => {
      if (!isStopping) void shutDown(1, `${spec.name} exited unexpectedly (${signal ?? `code ${code}`})`)
    })
  }
  await Promise.all(apps.map((app) => waitUntilReady(app, READY_TIMEOUT_MS)))
  if (isStopping) return
  printSummary(
    password,
    keys.source === 'env' ? 'from the environment' : `from ${keyFile} (development only)`,
  )
}

main().catch((error: unknown) => {
  if (isStopping) return
  console.error(
    paint('red', `\n[kairan] npm start failed: ${error instanceof Error ? error.message : String(error)}\n`),
  )
  void shutDown(1, 'start-up failed')
})
