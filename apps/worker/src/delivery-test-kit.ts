import { randomBytes } from 'node:crypto'
import type { SecretBox } from '@kairan/core'
import type { TestDatabase } from '@kairan/db/testing'

/**
 * Shared by the delivery pump tests (in-process and the crash test): a city whose channel talks to
 * a LINE emulator, bulk residents who are friends there and citizens here with the same user IDs.
 */
export type EmulatorHandle = { url: string }

export async function control<T = unknown>(
  emulator: EmulatorHandle,
  path: string,
  body?: object,
  method = body ? 'POST' : 'GET',
): Promise<T> {
  const res = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return (res.status === 204 ? undefined : await res.json()) as T
}

export type Received = {
  requests: number
  recipients: number
  deliveries: number
  duplicates: { userId: string; count: number }[]
  duplicateRecipients: number
  userIds?: string[]
}

export const received = (emulator: EmulatorHandle, lineChannelId: string, unit: string, userIds = false) =>
  control<Received>(
    emulator,
    `/channels/${lineChannelId}/received?unit=${unit}${userIds ? '&userIds=1' : ''}`,
  )

/** A tenant and channel on the emulator; returns ids for SQL. */
export async function emulatorCity(
  testDb: TestDatabase,
  secrets: SecretBox,
  emulator: EmulatorHandle & { upsertChannel: (c: never) => void },
) {
  const s = randomBytes(4).toString('hex')
  const lineChannelId = `20${Number.parseInt(s, 16).toString().padStart(10, '0').slice(0, 8)}`
  const accessToken = `delivery-token-${s}`
  emulator.upsertChannel({
    channelId: lineChannelId,
    channelSecret: randomBytes(16).toString('hex'),
    accessToken,
    botUserId: `U${randomBytes(16).toString('hex')}`,
    name: `配信テスト市 ${s}`,
    webhookUrl: null,
  } as never)
  const [tenant] = await testDb.sql`
    insert into tenants (slug, name) values (${`city-${s}`}, ${`配信テスト市 ${s}`}) returning id`
  const [channel] = await testDb.sql`
    insert into channels (tenant_id, name, kind, line_channel_id, access_token_enc, api_base_url)
    values (${tenant!.id}, ${`本番 ${s}`}, 'production', ${lineChannelId}, ${secrets.encrypt(accessToken)}, ${emulator.url})
    returning id`
  return { tenantId: tenant!.id as string, channelId: channel!.id as string, lineChannelId, prefix: s }
}

/**
 * `count` friends in the emulator (bulk, user IDs `U<prefix><index in 24 hex>`) and the same
 * residents here; resident i speaks `languages[i % n]`.
 */
export async function bulkFriends(
  testDb: TestDatabase,
  emulator: EmulatorHandle,
  city: { tenantId: string; channelId: string; lineChannelId: string; prefix: string },
  count: number,
  languages: string[] = ['ja'],
) {
  await control(emulator, '/residents/bulk', {
    channelId: city.lineChannelId,
    count,
    prefix: city.prefix,
    languages,
    follow: true,
  })
  await testDb.sql`
    insert into citizens (tenant_id, channel_id, line_user_id, status, line_language, followed_at)
    select ${city.tenantId}, ${city.channelId}, 'U' || ${city.prefix} || lpad(to_hex(i), 24, '0'),
           'following', (${languages}::text[])[1 + i % ${languages.length}], now()
    from generate_series(0, ${count - 1}) i`
}

export const textContent = (texts: Record<string, string>) => ({
  version: 1,
  messages: [{ type: 'text', text: texts }],
  altText: {},
})

/** A delivery due now (status scheduled) with its own aggregation unit. */
export async function dueDelivery(
  testDb: TestDatabase,
  city: { tenantId: string; channelId: string },
  values: {
    target?: 'all' | 'segment' | 'test'
    segmentFilter?: object
    content?: object
    scheduledAt?: Date
    isTest?: boolean
  } = {},
) {
  let segmentId: string | null = null
  if (values.segmentFilter) {
    const [segment] = await testDb.sql`
      insert into segments (tenant_id, channel_id, name, filter)
      values (${city.tenantId}, ${city.channelId}, 'テスト区分', ${JSON.stringify(values.segmentFilter)}::jsonb)
      returning id`
    segmentId = segment!.id
  }
  const unit = values.isTest ? null : `d_${randomBytes(14).toString('hex')}`
  const [d] = await testDb.sql`
    insert into deliveries (tenant_id, channel_id, title, status, target, segment_id, content, scheduled_at, aggregation_unit)
    values (${city.tenantId}, ${city.channelId}, 'お知らせ', 'scheduled', ${values.target ?? (segmentId ? 'segment' : 'all')},
            ${segmentId}, ${JSON.stringify(values.content ?? textContent({ ja: 'お知らせ', en: 'Notice' }))}::jsonb,
            ${(values.scheduledAt ?? new Date()).toISOString()}::timestamptz, ${unit})
    returning id`
  return { id: d!.id as string, unit: unit ?? '' }
}

export async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

export async function deliveryRow(testDb: TestDatabase, id: string) {
  const [row] = await testDb.sql`select * from deliveries where id = ${id}`
  return row!
}
