import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:net'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { bulkUserId } from '@kairan/line-emulator'
import postgres from 'postgres'
import { repoRoot } from '../lib/env.ts'

/**
 * What `bench:delivery` and `bench:segment` share: the `--residents N` flag, a throw-away
 * database, and the seeding of N residents with attributes by COPY (citizens and
 * citizen_attribute_values, attribute_tokens written directly with triggers off).
 */

export const DEFAULT_RESIDENTS = 1_250_000
/** The LINE user IDs of the seeded residents are the emulator's bulk residents of this prefix. */
export const BULK_PREFIX = 'b0000001'

export function residentsFlag(argv: string[] = process.argv.slice(2)): number {
  const i = argv.indexOf('--residents')
  const inline = argv.find((a) => a.startsWith('--residents='))
  const raw = inline ? inline.slice('--residents='.length) : i >= 0 ? argv[i + 1] : undefined
  if (raw === undefined) return DEFAULT_RESIDENTS
  const n = Number(raw.replaceAll('_', ''))
  if (!Number.isInteger(n) || n < 10 || n > 10_000_000)
    throw new Error(`--residents must be 10 to 10,000,000, got ${raw}`)
  return n
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

export async function createBenchDatabase(serverUrl: string, label: string): Promise<string> {
  const name = `kairan_bench_${label}_${process.pid}_${Date.now()}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

export async function dropBenchDatabase(serverUrl: string, url: string) {
  const name = new URL(url).pathname.slice(1)
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {})
  await admin.end()
}

export function startChild(children: ChildProcess[], args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  return child
}

export async function waitReady(url: string, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs
  for (;;) {
    try {
      if ((await fetch(url)).ok) return
    } catch {}
    if (Date.now() > end) throw new Error(`${url} did not become ready`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export const seconds = (ms: number) => Number((ms / 1000).toFixed(2))

// --- the residents ---------------------------------------------------------------------------

export const DISTRICTS = ['north', 'south', 'east', 'west', 'central'] as const
export const AGE_GROUPS = ['10s', '20s', '30s', '40s', '50s', '60s', '70s'] as const
export const INTERESTS = ['disaster', 'childcare', 'events', 'health', 'garbage'] as const

const label = (ja: string, en: string) => ({ ja, en })

export const ATTRIBUTE_DEFINITIONS = [
  {
    key: 'district',
    kind: 'single',
    label: label('地区', 'District'),
    options: DISTRICTS.map((d) => ({ value: d, label: label(d, d) })),
  },
  {
    key: 'age_group',
    kind: 'single',
    label: label('年代', 'Age group'),
    options: AGE_GROUPS.map((a) => ({ value: a, label: label(a, a) })),
  },
  {
    key: 'interests',
    kind: 'multiple',
    label: label('関心', 'Interests'),
    options: INTERESTS.map((i) => ({ value: i, label: label(i, i) })),
  },
]

/** LINE app languages (most residents Japanese), and a few who chose a language on a LIFF page. */
const LINE_LANGUAGES = [
  'ja',
  'ja',
  'ja',
  'ja',
  'ja',
  'ja',
  'ja',
  'ja',
  'en',
  'ja',
  'ko',
  'ja',
  'zh-TW',
  'ja',
  'zh-CN',
  'ja',
  'fr',
  'ja',
  'en-US',
  'ja',
]

/** Resident i's attributes: deterministic, so `district none_of [central]` is exactly 4/5. */
export function residentAttributes(i: number) {
  const district = DISTRICTS[i % 5] as string
  const age = AGE_GROUPS[Math.floor(i / 5) % 7] as string
  // 0–3 interests, from the bits of a cheap hash.
  const h = Math.imul(i + 1, 0x9e3779b1) >>> 0
  const interests = INTERESTS.filter((_, b) => ((h >>> (b * 3)) & 7) < 2)
  return { district, age, interests }
}

export type Seeded = { residents: number; attributeRows: number; ms: number; triggersOff: boolean }

/**
 * COPYs `n` following residents of the channel (LINE user IDs = the emulator's bulk residents) and
 * their attribute values. With `session_replication_role = replica` (needs a superuser) triggers
 * don't run, so attribute_tokens is written directly; otherwise the trigger keeps it (slower).
 */
export async function seedResidents(
  databaseUrl: string,
  scope: { tenantId: string; channelId: string },
  n: number,
  log: (line: string) => void,
): Promise<Seeded> {
  const t0 = performance.now()
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} })
  try {
    await sql`insert into attribute_definitions ${sql(
      ATTRIBUTE_DEFINITIONS.map((d, position) => ({
        tenant_id: scope.tenantId,
        key: d.key,
        kind: d.kind,
        label: sql.json(d.label),
        options: sql.json(d.options),
        position,
      })),
    )}`
    // Bulk loading: indexes not backing a constraint are dropped and built again afterwards (one
    // sort per index instead of 1.25 M random insertions each; the trigram index on names is the
    // costliest). Their definitions come from the catalog, so they come back exactly as migrated.
    const indexes = await sql<{ name: string; table: string; definition: string }[]>`
      select i.indexname as name, i.tablename as table, i.indexdef as definition from pg_indexes i
      where i.schemaname = current_schema() and i.tablename in ('citizens', 'citizen_attribute_values')
        and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`
    for (const index of indexes) await sql.unsafe(`drop index "${index.name}"`)
    const [citizens, values] = await Promise.all([sql.reserve(), sql.reserve()])
    let triggersOff = true
    for (const c of [citizens, values]) {
      try {
        await c`set session_replication_role = replica`
      } catch {
        triggersOff = false
      }
    }
    const ids: string[] = new Array(n)
    for (let i = 0; i < n; i++) ids[i] = randomUUID()
    const followedBase = Date.UTC(2023, 0, 1)
    const CHUNK = 5000

    function* citizenRows(): Generator<string> {
      for (let start = 0; start < n; start += CHUNK) {
        let out = ''
        for (let i = start; i < Math.min(n, start + CHUNK); i++) {
          const { district, age, interests } = residentAttributes(i)
          const tokens = [
            `district=${district}`,
            `age_group=${age}`,
            ...interests.map((x) => `interests=${x}`),
          ]
          const followed = new Date(
            followedBase + (i % 1000) * 86_400_000 + (i % 86_400) * 1000,
          ).toISOString()
          const lineLanguage = LINE_LANGUAGES[i % LINE_LANGUAGES.length] as string
          const preferred = i % 97 === 0 ? 'ja-easy' : '\\N'
          out += `${ids[i]}\t${scope.tenantId}\t${scope.channelId}\t${bulkUserId(BULK_PREFIX, i)}\tfollowing\t住民 ${i + 1}\t${lineLanguage}\t${preferred}\t${followed}\t${followed}\t{${triggersOff ? tokens.join(',') : ''}}\n`
        }
        yield out
      }
    }
    let attributeRows = 0
    function* valueRows(): Generator<string> {
      for (let start = 0; start < n; start += CHUNK) {
        let out = ''
        for (let i = start; i < Math.min(n, start + CHUNK); i++) {
          const { district, age, interests } = residentAttributes(i)
          const prefix = `${scope.tenantId}\t${scope.channelId}\t${ids[i]}\t`
          out += `${prefix}district\t{${district}}\n${prefix}age_group\t{${age}}\n`
          attributeRows += 2
          if (interests.length > 0) {
            out += `${prefix}interests\t{${interests.join(',')}}\n`
            attributeRows++
          }
        }
        yield out
      }
    }
    const copyCitizens = async () => {
      const stream =
        await citizens`copy citizens (id, tenant_id, channel_id, line_user_id, status, display_name, line_language, preferred_language, first_followed_at, followed_at, attribute_tokens) from stdin`.writable()
      await pipeline(Readable.from(citizenRows()), stream)
    }
    const copyValues = async () => {
      const stream =
        await values`copy citizen_attribute_values (tenant_id, channel_id, citizen_id, key, values) from stdin`.writable()
      await pipeline(Readable.from(valueRows()), stream)
    }
    if (triggersOff) {
      // Foreign keys are triggers too: with them off the two tables can load side by side.
      await Promise.all([copyCitizens(), copyValues()])
    } else {
      log('  (not a superuser: triggers on, attribute_tokens kept by the trigger — slower)')
      await copyCitizens()
      await copyValues()
    }
    citizens.release()
    values.release()
    const indexing = performance.now()
    await Promise.all([
      (async () => {
        for (const index of indexes.filter((i) => i.table === 'citizens')) await sql.unsafe(index.definition)
      })(),
      (async () => {
        for (const index of indexes.filter((i) => i.table !== 'citizens')) await sql.unsafe(index.definition)
      })(),
    ])
    log(
      `  (${indexes.length} indexes built again in ${((performance.now() - indexing) / 1000).toFixed(1)} s)`,
    )
    // As autovacuum would leave a settled table: statistics, and the visibility map set.
    await sql`vacuum analyze citizens`
    await sql`vacuum analyze citizen_attribute_values`
    return { residents: n, attributeRows, ms: performance.now() - t0, triggersOff }
  } finally {
    await sql.end()
  }
}

/** A segment of 4/5 of the residents: everyone outside the central district (1,000,000 of 1,250,000). */
export const FOUR_FIFTHS_FILTER = {
  version: 1 as const,
  op: 'and' as const,
  groups: [
    {
      op: 'or' as const,
      conditions: [
        { kind: 'attribute' as const, key: 'district', op: 'none_of' as const, values: ['central'] },
      ],
    },
  ],
}

/** How many of `n` seeded residents FOUR_FIFTHS_FILTER matches (resident i is central when i % 5 = 4). */
export const fourFifths = (n: number) => n - Math.floor(n / 5)
