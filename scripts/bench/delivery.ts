import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { connectChannelsToEmulator, createSecretBox, createTenant, generateKeySpec } from '@kairan/core'
import { createDatabase, migrateDatabase } from '@kairan/db'
import { type DatabaseTarget, openDatabase, testDatabase } from '../lib/database.ts'
import { childEnv, scriptEnv } from '../lib/env.ts'
import {
  BULK_PREFIX,
  createBenchDatabase,
  dropBenchDatabase,
  FOUR_FIFTHS_FILTER,
  fourFifths,
  freePort,
  residentsFlag,
  seconds,
  seedResidents,
  sleep,
  startChild,
  waitReady,
} from './residents.ts'

/**
 * `npm run bench:delivery [-- --residents N]` (default 1,250,000): seeds N residents with
 * attributes by COPY, gives the LINE emulator the same N residents (bulk, as friends), saves a
 * segment of 4/5 of them, and delivers to it through the real apps/worker (its delivery pump) and
 * the emulator — timed from "send" (the delivery becomes due) to the last batch LINE accepted.
 * Twice: with the emulator enforcing LINE's multicast limit (200 requests/s of 500, the floor is
 * ⌈n/500⌉/200 s), and with limits off (the pipeline's own recipients/s). The emulator's record must
 * show every recipient exactly once. Prints figures, then one JSON line.
 */
const RESIDENTS = residentsFlag()
const children: ChildProcess[] = []
let database: DatabaseTarget | undefined
let benchDbUrl: string | undefined

const log = (line: string) => console.log(line)

async function main() {
  database = scriptEnv.DATABASE_URL
    ? { url: scriptEnv.DATABASE_URL, description: 'DATABASE_URL', isEmbedded: false, stop: async () => {} }
    : await openDatabase(testDatabase)
  benchDbUrl = await createBenchDatabase(database.url, 'delivery')
  await migrateDatabase(benchDbUrl)
  const keys = generateKeySpec()
  const secrets = createSecretBox(keys)
  const { db, sql, close } = createDatabase(benchDbUrl, { max: 2 })
  const tenant = await createTenant(db, { slug: 'bench', name: 'ベンチ市' })

  // The emulator, with this tenant's production channel.
  const emulatorPort = await freePort()
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`
  const liffPublicUrl = 'http://127.0.0.1:9' // images and form links in messages; never fetched here
  const configs = await connectChannelsToEmulator(db, secrets, {
    tenantSlug: 'bench',
    emulatorUrl,
    liffPublicUrl,
  })
  const [channelRow] = await sql<{ id: string; line_channel_id: string }[]>`
    select id, line_channel_id from channels where tenant_id = ${tenant.id} and kind = 'production'`
  if (!channelRow) throw new Error('no production channel')
  const emulator = startChild(
    children,
    ['packages/line-emulator/src/cli.ts'],
    childEnv({ LINE_EMULATOR_PORT: String(emulatorPort), LINE_EMULATOR_CHANNELS: JSON.stringify(configs) }),
  )
  emulator.stdout?.resume()
  await waitReady(`${emulatorUrl}/_emulator/settings`)
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(emulatorUrl + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return res.status === 204 ? null : res.json()
  }

  console.log(`delivery benchmark: ${RESIDENTS.toLocaleString('en')} residents`)
  const t = performance.now()
  await control('POST', '/_emulator/residents/bulk', {
    channelId: channelRow.line_channel_id,
    count: RESIDENTS,
    prefix: BULK_PREFIX,
    languages: ['ja', 'en'],
  })
  console.log(
    `  emulator: ${RESIDENTS.toLocaleString('en')} bulk friends in ${seconds(performance.now() - t)} s`,
  )

  const seeded = await seedResidents(
    benchDbUrl,
    { tenantId: tenant.id, channelId: channelRow.id },
    RESIDENTS,
    log,
  )
  console.log(
    `  seeded ${seeded.residents.toLocaleString('en')} citizens + ${seeded.attributeRows.toLocaleString('en')} attribute values by COPY in ${seconds(seeded.ms)} s (triggers ${seeded.triggersOff ? 'off, tokens written directly' : 'on'})`,
  )
  const expected = fourFifths(RESIDENTS)
  const [segment] = await sql<{ id: string }[]>`
    insert into segments (tenant_id, channel_id, name, filter)
    values (${tenant.id}, ${channelRow.id}, '中央地区以外', ${JSON.stringify(FOUR_FIFTHS_FILTER)}::jsonb) returning id`

  // The worker, as deployed (its own process), polling quickly.
  const workerPort = await freePort()
  const worker = startChild(
    children,
    ['apps/worker/src/index.ts'],
    childEnv({
      DATABASE_URL: benchDbUrl,
      KAIRAN_ENCRYPTION_KEYS: keys,
      WORKER_PORT: String(workerPort),
      LIFF_PUBLIC_URL: liffPublicUrl,
      DELIVERY_PUMP_INTERVAL_MS: '100',
      DELIVERY_STATS_INTERVAL_MS: '0',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    }),
  )
  worker.stdout?.resume()
  await waitReady(`http://127.0.0.1:${workerPort}/readyz`)

  const content = {
    version: 1,
    messages: [
      {
        type: 'text',
        text: {
          ja: '{{emoji:5ac1bfd5040ab15980c9b435:001}} 防災訓練のお知らせ：10月5日（日）9時から各地区で行います。',
          en: 'Disaster drill on Sunday 5 October from 9:00 in every district.',
        },
      },
      {
        type: 'card',
        imageId: null,
        title: { ja: '参加申し込み', en: 'Sign up' },
        body: { ja: '当日の集合場所を確認してください。', en: 'Check where to meet on the day.' },
        buttons: [
          {
            label: { ja: '詳しく見る', en: 'Details' },
            action: { kind: 'url', url: 'https://example.jp/drill' },
          },
        ],
      },
    ],
    altText: { ja: '防災訓練のお知らせ', en: 'Disaster drill' },
  }

  /** Schedules a delivery to the segment now and waits for its last batch. */
  const deliver = async (label: string) => {
    const unit = `d_${randomBytes(14).toString('hex')}`
    const [row] = await sql<{ id: string }[]>`
      insert into deliveries (tenant_id, channel_id, title, status, target, segment_id, content, scheduled_at, aggregation_unit, confirmed_recipient_count)
      values (${tenant.id}, ${channelRow.id}, ${`ベンチ ${label}`}, 'scheduled', 'segment', ${segment!.id}, ${JSON.stringify(content)}::jsonb, now(), ${unit}, ${expected})
      returning id`
    const started = performance.now()
    let lastShown = 0
    for (;;) {
      await sleep(200)
      const [d] = await sql<{ status: string; recipient_count: number | null; frozen_at: Date | null }[]>`
        select status, recipient_count, frozen_at from deliveries where id = ${row!.id}`
      if (performance.now() - lastShown > 5000) {
        const [p] = await sql<{ sent: number }[]>`
          select coalesce(sum(size) filter (where status = 'sent'), 0)::int as sent from delivery_batches where delivery_id = ${row!.id}`
        console.log(
          `    ${label}: ${d?.status}, ${p?.sent.toLocaleString('en')} sent, ${seconds(performance.now() - started)} s`,
        )
        lastShown = performance.now()
      }
      if (d && ['sent', 'partially_failed', 'failed', 'cancelled'].includes(d.status)) break
      if (performance.now() - started > 30 * 60_000)
        throw new Error(`${label}: not finished after 30 minutes`)
    }
    const [r] = await sql<
      {
        status: string
        recipients: number
        sent: number
        failed: number
        batches: number
        wall_s: number
        first_s: number | null
      }[]
    >`
      select d.status, d.recipient_count as recipients,
        coalesce(sum(b.size) filter (where b.status = 'sent'), 0)::int as sent,
        coalesce(sum(b.size) filter (where b.status = 'failed'), 0)::int as failed,
        count(b.*)::int as batches,
        extract(epoch from max(b.sent_at) - d.scheduled_at)::float8 as wall_s,
        extract(epoch from min(b.first_attempt_at) - d.scheduled_at)::float8 as first_s
      from deliveries d left join delivery_batches b on b.delivery_id = d.id
      where d.id = ${row!.id} group by d.id`
    if (r?.status !== 'sent' || r.sent !== expected) {
      throw new Error(`${label}: expected ${expected} sent, got ${JSON.stringify(r)}`)
    }
    const wallMs = Number(r.wall_s) * 1000
    const received = (await control(
      'GET',
      `/_emulator/channels/${channelRow.line_channel_id}/received?unit=${unit}`,
    )) as {
      requests: number
      recipients: number
      deliveries: number
      duplicateRecipients: number
    }
    if (
      received.recipients !== expected ||
      received.deliveries !== expected ||
      received.duplicateRecipients !== 0
    ) {
      throw new Error(`${label}: the emulator's record is not exactly once: ${JSON.stringify(received)}`)
    }
    console.log(
      `  ${label}: ${expected.toLocaleString('en')} recipients in ${r.batches} batches, ${seconds(wallMs)} s from send to the last batch accepted (first request after ${seconds(Number(r.first_s ?? 0) * 1000)} s); emulator: ${received.requests} requests, each recipient exactly once`,
    )
    return wallMs / 1000
  }

  await control('PUT', '/_emulator/settings', { enforceRateLimits: true })
  const limited = await deliver('LINE rate limits on')
  await control('PUT', '/_emulator/settings', { enforceRateLimits: false })
  const raw = await deliver('rate limits off')
  await close()

  // The emulator's token bucket starts full (200 requests: one second's worth), so a run can finish
  // up to a second under the floor; batches split by language add a few requests over ⌈n/500⌉.
  const floor = Math.ceil(expected / 500) / 200
  const ratio = Number((limited / floor).toFixed(2))
  const rawPerSecond = Math.round(expected / raw)
  console.log(
    `  floor (LINE's 200 multicasts/s of 500): ${floor} s; limited run ${limited.toFixed(2)} s = ${ratio} × the floor`,
  )
  console.log(`  without limits: ${rawPerSecond.toLocaleString('en')} recipients/s`)
  console.log(
    JSON.stringify({
      bench: 'delivery',
      recipients: expected,
      limited_wall_s: Number(limited.toFixed(2)),
      floor_s: floor,
      ratio_to_floor: ratio,
      raw_recipients_per_s: rawPerSecond,
    }),
  )
}

async function cleanUp() {
  for (const child of children) child.kill('SIGTERM')
  await sleep(500)
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
