import { randomUUID } from 'node:crypto'
import { countSegmentIn, createTenant, type SegmentFilter } from '@kairan/core'
import { createDatabase, migrateDatabase } from '@kairan/db'
import { type DatabaseTarget, openDatabase, testDatabase } from '../lib/database.ts'
import { scriptEnv } from '../lib/env.ts'
import {
  createBenchDatabase,
  dropBenchDatabase,
  FOUR_FIFTHS_FILTER,
  fourFifths,
  residentsFlag,
  seconds,
  seedResidents,
} from './residents.ts'

/**
 * `npm run bench:segment [-- --residents N]` (default 1,250,000): the segment builder's live
 * count (core's countSegment, one SQL statement) for segments of varying complexity over N
 * seeded residents. Prints figures per segment, then one JSON line with p50/p95 of all counts.
 */
const RESIDENTS = residentsFlag()
const ROUNDS = 10
let database: DatabaseTarget | undefined
let benchDbUrl: string | undefined

type Named = { name: string; filter: SegmentFilter }

const attr = (
  key: string,
  op: 'is' | 'is_not' | 'any_of' | 'none_of' | 'is_set' | 'is_not_set',
  values: string[] = [],
) => ({ kind: 'attribute', key, op, values }) as const

function segments(formId: string): Named[] {
  const f = (
    op: 'and' | 'or',
    groups: { op: 'and' | 'or'; conditions: SegmentFilter['groups'][number]['conditions'] }[],
  ) => ({ version: 1, op, groups }) as SegmentFilter
  return [
    { name: 'all friends', filter: f('and', []) },
    {
      name: 'district is north',
      filter: f('and', [{ op: 'and', conditions: [attr('district', 'is', ['north'])] }]),
    },
    { name: 'district none of central (4/5)', filter: FOUR_FIFTHS_FILTER as SegmentFilter },
    {
      name: 'interests any of 2, language not ja',
      filter: f('and', [
        { op: 'and', conditions: [attr('interests', 'any_of', ['disaster', 'childcare'])] },
        { op: 'and', conditions: [{ kind: 'language', op: 'none_of', values: ['ja'] }] },
      ]),
    },
    {
      name: '(north or east or disaster) and 30s/40s and not events',
      filter: f('and', [
        {
          op: 'or',
          conditions: [attr('district', 'any_of', ['north', 'east']), attr('interests', 'is', ['disaster'])],
        },
        { op: 'and', conditions: [attr('age_group', 'any_of', ['30s', '40s'])] },
        { op: 'and', conditions: [attr('interests', 'none_of', ['events'])] },
      ]),
    },
    {
      name: 'no interests set, or friend within 365 days',
      filter: f('or', [
        { op: 'and', conditions: [attr('interests', 'is_not_set')] },
        { op: 'and', conditions: [{ kind: 'friend_since', op: 'within_days', days: 365 }] },
      ]),
    },
    {
      name: 'friend since 2024-01-01, district is not south, not a test device',
      filter: f('and', [
        {
          op: 'and',
          conditions: [
            { kind: 'friend_since', op: 'after', date: '2024-01-01' },
            attr('district', 'is_not', ['south']),
            { kind: 'test_device', op: 'is_not' },
          ],
        },
      ]),
    },
    {
      name: 'profile form not answered, language en/ko/zh',
      filter: f('and', [
        {
          op: 'and',
          conditions: [
            { kind: 'form', formId, op: 'not_answered' },
            { kind: 'language', op: 'any_of', values: ['en', 'ko', 'zh-Hans', 'zh-Hant'] },
          ],
        },
      ]),
    },
  ]
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0)

async function main() {
  database = scriptEnv.DATABASE_URL
    ? { url: scriptEnv.DATABASE_URL, description: 'DATABASE_URL', isEmbedded: false, stop: async () => {} }
    : await openDatabase(testDatabase)
  benchDbUrl = await createBenchDatabase(database.url, 'segment')
  await migrateDatabase(benchDbUrl)
  const { db, sql, close } = createDatabase(benchDbUrl, { max: 2 })
  const tenant = await createTenant(db, { slug: 'bench', name: 'ベンチ市' })
  const [channel] = await sql<{ id: string }[]>`
    select id from channels where tenant_id = ${tenant.id} and kind = 'production'`
  const scope = { tenantId: tenant.id, channelId: channel!.id }
  console.log(`segment benchmark: ${RESIDENTS.toLocaleString('en')} residents`)
  const seeded = await seedResidents(benchDbUrl, scope, RESIDENTS, (line) => console.log(line))
  console.log(
    `  seeded ${seeded.residents.toLocaleString('en')} citizens + ${seeded.attributeRows.toLocaleString('en')} attribute values by COPY in ${seconds(seeded.ms)} s`,
  )

  const all: number[] = []
  for (const { name, filter } of segments(randomUUID())) {
    const first = await countSegmentIn(db, scope, filter) // warm-up, and the count shown
    if (name.includes('(4/5)') && first.count !== fourFifths(RESIDENTS)) {
      throw new Error(`${name}: expected ${fourFifths(RESIDENTS)}, counted ${first.count}`)
    }
    const times: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now()
      await countSegmentIn(db, scope, filter)
      times.push(performance.now() - t)
    }
    times.sort((a, b) => a - b)
    all.push(...times)
    console.log(
      `  ${name}: ${first.count.toLocaleString('en')} of ${first.followers.toLocaleString('en')}, p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`,
    )
  }
  await close()
  all.sort((a, b) => a - b)
  const p50 = Number(percentile(all, 50).toFixed(1))
  const p95 = Number(percentile(all, 95).toFixed(1))
  console.log(`  all ${all.length} counts: p50 ${p50} ms, p95 ${p95} ms`)
  console.log(JSON.stringify({ bench: 'segment', queries: all.length, p50_ms: p50, p95_ms: p95 }))
}

async function cleanUp() {
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
