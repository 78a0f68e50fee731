import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import { createServer } from 'node:net'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { createSecretBox, createTenant, generateKeySpec } from '@kairan/core'
import { createDatabase, migrateDatabase } from '@kairan/db'
import { signBody } from '@kairan/line'
import postgres from 'postgres'
import { appBuildReason } from './lib/app-build.ts'
import { type DatabaseTarget, openDatabase, testDatabase } from './lib/database.ts'
import { childEnv, repoRoot, scriptEnv } from './lib/env.ts'
import { run } from './lib/processes.ts'

/**
 * `npm run bench:webhook`: the real apps/liff against PostgreSQL, driven from this process with
 * signed webhook requests (1–5 events each; apps/worker runs too, as deployed), compared with a bare Node server that only checks the
 * signature (the floor), measured in the same run. Prints figures, then one JSON line.
 */
const REQUESTS = scriptEnv.BENCH_REQUESTS
const CONCURRENCY = scriptEnv.BENCH_CONCURRENCY
const WARMUP = 300
const LIFF_ENTRY = path.join(repoRoot, 'apps/liff/server/index.ts')

const children: ChildProcess[] = []
let database: DatabaseTarget | undefined
let benchDbUrl: string | undefined

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

async function createBenchDatabase(serverUrl: string): Promise<string> {
  const name = `kairan_bench_${process.pid}_${Date.now()}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function dropBenchDatabase(serverUrl: string, url: string) {
  const name = new URL(url).pathname.slice(1)
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {})
  await admin.end()
}

/** Deterministic pseudo-random numbers, so every run sends the same mix. */
function prng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const TEXTS = [
  'ごみの収集日を教えてください',
  '粗大ごみの申し込み',
  '避難所はどこですか',
  'Hello',
  '住民票の取り方',
]
function makeBody(
  random: () => number,
  users: string[],
  botUserId: string,
): { body: string; events: number } {
  const count = 1 + Math.floor(random() * 5)
  const events = Array.from({ length: count }, () => {
    const userId = users[Math.floor(random() * users.length)]!
    const common = {
      mode: 'active',
      timestamp: Date.now(),
      source: { type: 'user', userId },
      webhookEventId: randomBytes(13).toString('hex').toUpperCase().slice(0, 26),
      deliveryContext: { isRedelivery: false },
    }
    if (random() < 0.1) {
      return {
        type: 'follow',
        replyToken: randomBytes(16).toString('hex'),
        follow: { isUnblocked: false },
        ...common,
      }
    }
    return {
      type: 'message',
      replyToken: randomBytes(16).toString('hex'),
      message: {
        type: 'text',
        id: String(Math.floor(random() * 1e17)),
        quoteToken: randomBytes(24).toString('base64url'),
        markAsReadToken: randomBytes(24).toString('base64url'),
        text: TEXTS[Math.floor(random() * TEXTS.length)]!,
      },
      ...common,
    }
  })
  return { body: JSON.stringify({ destination: botUserId, events }), events: count }
}

type RunResult = { events: number; seconds: number; latencies: number[]; errors: number }

async function drive(
  url: string,
  secret: string,
  users: string[],
  botUserId: string,
  requests: number,
  seed: number,
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  const random = prng(seed)
  const bodies = Array.from({ length: requests }, () => makeBody(random, users, botUserId))
  const target = new URL(url)
  const latencies: number[] = []
  let events = 0
  let errors = 0
  let next = 0
  const send = (body: string) =>
    new Promise<number>((resolve) => {
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(body),
            'x-line-signature': signBody(body, secret),
            'user-agent': 'LineBotWebhook/2.0',
          },
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        },
      )
      req.on('error', () => resolve(0))
      req.end(body)
    })
  const startedAt = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = next++
        if (i >= bodies.length) return
        const { body, events: n } = bodies[i]!
        const t = performance.now()
        const status = await send(body)
        latencies.push(performance.now() - t)
        if (status === 200) events += n
        else errors += 1
      }
    }),
  )
  const seconds = (performance.now() - startedAt) / 1000
  agent.destroy()
  return { events, seconds, latencies, errors } satisfies RunResult
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

function summarise(result: RunResult) {
  const sorted = [...result.latencies].sort((a, b) => a - b)
  return {
    eventsPerSecond: Math.round(result.events / result.seconds),
    p50: Number(percentile(sorted, 50).toFixed(2)),
    p99: Number(percentile(sorted, 99).toFixed(2)),
    errors: result.errors,
  }
}

function startChild(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  return child
}

async function waitReady(url: string, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs
  for (;;) {
    try {
      if ((await fetch(url)).ok) return
    } catch {}
    if (Date.now() > end) throw new Error(`${url} did not become ready`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

async function main() {
  const reason = appBuildReason('liff')
  if (reason) {
    console.log(`building apps/liff first (${reason})…`)
    const { code, output } = await run('build', 'npm', ['run', 'build', '-w', '@kairan/liff'], {
      cwd: repoRoot,
      env: childEnv({ NODE_ENV: 'production' }),
      quiet: true,
    })
    if (code !== 0) throw new Error(`the LIFF build failed:\n${output}`)
  }
  database = scriptEnv.DATABASE_URL
    ? { url: scriptEnv.DATABASE_URL, description: 'DATABASE_URL', isEmbedded: false, stop: async () => {} }
    : await openDatabase(testDatabase)
  benchDbUrl = await createBenchDatabase(database.url)
  await migrateDatabase(benchDbUrl)
  const keys = generateKeySpec()
  const secrets = createSecretBox(keys)
  const channelSecret = randomBytes(16).toString('hex')
  const botUserId = `U${randomBytes(16).toString('hex')}`
  const { db, sql, close } = createDatabase(benchDbUrl, { max: 2 })
  const tenant = await createTenant(db, { slug: 'bench', name: 'ベンチ市' })
  const [channel] = await sql`select id from channels where tenant_id = ${tenant.id} and kind = 'production'`
  await sql`update channels set channel_secret_enc = ${secrets.encrypt(channelSecret)}, bot_user_id = ${botUserId}
            where id = ${channel!.id}`
  const users = Array.from({ length: 500 }, () => `U${randomBytes(16).toString('hex')}`)

  // The floor.
  const floor = startChild(['scripts/bench/floor-server.ts', channelSecret], childEnv({}))
  const floorPort = await new Promise<number>((resolve) => {
    createInterface({ input: floor.stdout! }).once('line', (line) => resolve(JSON.parse(line).port))
  })
  const floorUrl = `http://127.0.0.1:${floorPort}/webhook/${channel!.id}`
  await drive(floorUrl, channelSecret, users, botUserId, WARMUP, 1)
  const floorRun = summarise(await drive(floorUrl, channelSecret, users, botUserId, REQUESTS, 2))
  floor.kill('SIGTERM')

  // The real apps/liff.
  const liffPort = await freePort()
  const liff = startChild(
    [LIFF_ENTRY],
    childEnv({
      DATABASE_URL: benchDbUrl,
      KAIRAN_ENCRYPTION_KEYS: keys,
      LIFF_PORT: String(liffPort),
      LIFF_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    }),
  )
  liff.stdout?.resume()
  // The worker too, as deployed: it handles what the LIFF process leaves (a backlog beyond its queue).
  const workerPort = await freePort()
  const worker = startChild(
    ['apps/worker/src/index.ts'],
    childEnv({
      DATABASE_URL: benchDbUrl,
      KAIRAN_ENCRYPTION_KEYS: keys,
      WORKER_PORT: String(workerPort),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    }),
  )
  worker.stdout?.resume()
  await waitReady(`http://127.0.0.1:${liffPort}/readyz`)
  await waitReady(`http://127.0.0.1:${workerPort}/readyz`)
  const liffUrl = `http://127.0.0.1:${liffPort}/webhook/${channel!.id}`
  await drive(liffUrl, channelSecret, users, botUserId, WARMUP, 3)
  const startedAt = performance.now()
  const liffResult = await drive(liffUrl, channelSecret, users, botUserId, REQUESTS, 4)
  const liffRun = summarise(liffResult)
  // How long until every stored event is also handled (residents and histories written).
  for (;;) {
    const [row] = await sql`select count(*)::int as n from webhook_events where handled_at is null`
    if (row!.n === 0 || performance.now() - startedAt > 120_000) break
    await new Promise((r) => setTimeout(r, 100))
  }
  const handledSeconds = (performance.now() - startedAt) / 1000
  const [stored] = await sql`select count(*)::int as n from webhook_events`
  await close()

  const ratio = Number((liffRun.eventsPerSecond / floorRun.eventsPerSecond).toFixed(2))
  console.log(`webhook benchmark: ${REQUESTS} requests, ${CONCURRENCY} concurrent, 1–5 events each`)
  console.log(
    `  floor (bare Node, signature only): ${floorRun.eventsPerSecond} events/s, p50 ${floorRun.p50} ms, p99 ${floorRun.p99} ms`,
  )
  console.log(
    `  apps/liff (verify + store durably): ${liffRun.eventsPerSecond} events/s, p50 ${liffRun.p50} ms, p99 ${liffRun.p99} ms, errors ${liffRun.errors}`,
  )
  console.log(
    `  all ${stored!.n} stored events (incl. warm-up) handled ${handledSeconds.toFixed(1)} s after the run started (${Math.round(liffResult.events / handledSeconds)} events/s end to end)`,
  )
  console.log(`  ratio to the floor: ${ratio}`)
  console.log(
    JSON.stringify({
      bench: 'webhook',
      events_per_s: liffRun.eventsPerSecond,
      p50_ms: liffRun.p50,
      p99_ms: liffRun.p99,
      floor_events_per_s: floorRun.eventsPerSecond,
      ratio,
      handled_events_per_s: Math.round(liffResult.events / handledSeconds),
      errors: liffRun.errors,
    }),
  )
}

async function cleanUp() {
  for (const child of children) child.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 300))
  if (database && benchDbUrl) await dropBenchDatabase(database.url, benchDbUrl)
  await database?.stop()
}

main()
  .then(cleanUp)
  .catch(async (error: unknown) => {
    console.error(error)
    await cleanUp()
    process.exitCode = 1
  })
