import { randomBytes } from 'node:crypto'
import type { Db } from '@kairan/db'
import {
  accessLogs,
  channelTestDevices,
  citizenAttributeValues,
  citizens,
  formResponses,
} from '@kairan/db/schema'
import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { residentLanguage } from '../citizens/my-profile.ts'
import type { CitizenCtx, StaffCtx } from '../ctx.ts'
import { Forbidden, Invalid, NotFound } from '../errors.ts'
import { publishedForm } from '../forms/forms-test-kit.ts'
import { getDeliverySettings, updateDeliverySettings } from '../onboarding/delivery-settings.ts'
import { RESIDENT_LANGUAGE_CODES } from '../schemas.ts'
import { createTenant, staffCtx, testRequest } from '../testing/factories.ts'
import { useTestDb } from '../testing/use-test-db.ts'
import {
  attributeOptionsForForm,
  createAttribute,
  deleteAttribute,
  listAttributes,
  reorderAttributes,
  updateAttribute,
} from './attributes.ts'
import { countSegment, countSegmentIn } from './count-segment.ts'
import { SEGMENT_LANGUAGES, type SegmentCondition, type SegmentFilter } from './filter.ts'
import { getMySettings, updateMySettings } from './my-settings.ts'
import { segmentWhere } from './segment-where.ts'
import { archiveSegment, createSegment, getSegment, listSegments, updateSegment } from './segments.ts'

const testDb = useTestDb()

type Resident = {
  name: string
  status?: 'following' | 'blocked' | 'not_following'
  lineLanguage?: string | null
  preferredLanguage?: string | null
  followedAt?: Date
  values?: Record<string, string[]>
  channelId?: string
}

async function addResident(db: Db, tenantId: string, channelId: string, r: Resident): Promise<string> {
  const [row] = await db
    .insert(citizens)
    .values({
      tenantId,
      channelId: r.channelId ?? channelId,
      lineUserId: `U${randomBytes(16).toString('hex')}`,
      status: r.status ?? 'following',
      displayName: r.name,
      lineLanguage: r.lineLanguage ?? null,
      preferredLanguage: r.preferredLanguage ?? null,
      followedAt: r.followedAt ?? new Date('2026-01-01T00:00:00Z'),
    })
    .returning({ id: citizens.id })
  for (const [key, values] of Object.entries(r.values ?? {})) {
    await db
      .insert(citizenAttributeValues)
      .values({ tenantId, channelId: r.channelId ?? channelId, citizenId: row!.id, key, values })
  }
  return row!.id
}

const filter = (op: 'and' | 'or', ...groups: { op: 'and' | 'or'; conditions: SegmentCondition[] }[]) =>
  ({ version: 1, op, groups }) as SegmentFilter
const one = (condition: SegmentCondition) => filter('and', { op: 'and', conditions: [condition] })
const attr = (
  key: string,
  op: 'is' | 'is_not' | 'any_of' | 'none_of' | 'is_set' | 'is_not_set',
  values: string[] = [],
) => ({ kind: 'attribute', key, op, values }) as SegmentCondition

describe('the SQL language function', () => {
  it('equals core residentLanguage() on every kind of input', async () => {
    const { sql: raw } = testDb.current
    const lines = [
      null,
      'ja',
      'ja-JP',
      'JA',
      'en',
      'en-US',
      'ko',
      'ko-KR',
      'zh-TW',
      'zh-Hant',
      'zh-HK',
      'zh-MO',
      'zh-CN',
      'zh-Hans',
      'zh',
      'fr',
      'th',
      '',
    ]
    const preferred = [null, 'ja', 'en', 'ko', 'zh-Hans', 'zh-Hant', 'ja-easy', 'fr', 'JA']
    for (const p of preferred) {
      for (const l of lines) {
        const [row] = await raw`select kairan_resident_language(${p}, ${l}) as lang`
        expect(row!.lang, `${p} / ${l}`).toBe(residentLanguage(p, l))
      }
    }
  })

  it('uses the same languages as the rest of core', () => {
    expect([...SEGMENT_LANGUAGES]).toEqual([...RESIDENT_LANGUAGE_CODES])
  })
})

describe('segments', () => {
  let db: Db
  let tenant: Awaited<ReturnType<typeof createTenant>>
  let channelId: string
  let admin: StaffCtx
  let formId: string
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    db = testDb.current.db
    tenant = await createTenant(db)
    channelId = tenant.channels[0]!.id
    admin = await staffCtx(db, tenant.id, { role: 'tenant_admin' })
    await createAttribute({
      ctx: admin,
      input: {
        key: 'district',
        kind: 'single',
        label: { ja: '地区', en: 'District' },
        options: [
          { value: 'north', label: { ja: '北部', en: 'North' } },
          { value: 'east', label: { ja: '東部', en: 'East' } },
          { value: 'south', label: { ja: '南部', en: 'South' } },
        ],
      },
    })
    await createAttribute({
      ctx: admin,
      input: {
        key: 'interests',
        kind: 'multiple',
        label: { ja: '関心', en: 'Interests' },
        options: [
          { value: 'sports', label: { ja: 'スポーツ' } },
          { value: 'culture', label: { ja: '文化' } },
          { value: 'kids', label: { ja: '子育て' } },
        ],
      },
    })
    const old = await createAttribute({
      ctx: admin,
      input: {
        key: 'old',
        kind: 'single',
        label: { ja: '旧' },
        options: [{ value: 'x', label: { ja: 'X' } }],
      },
    })
    await deleteAttribute({ ctx: admin, input: { id: old.id } })

    const add = (r: Resident) => addResident(db, tenant.id, channelId, r)
    // 2026-04-01 00:00 in Tokyo is 2026-03-31T15:00Z.
    ids.a = await add({
      name: 'a',
      lineLanguage: 'ja',
      followedAt: new Date('2026-03-31T15:00:00Z'),
      values: { district: ['north'], interests: ['sports', 'culture'], old: ['x'] },
    })
    ids.b = await add({
      name: 'b',
      lineLanguage: 'en-US',
      followedAt: new Date('2026-03-31T14:59:59Z'),
      values: { district: ['east'], interests: ['kids'] },
    })
    ids.c = await add({
      name: 'c',
      preferredLanguage: 'ko',
      lineLanguage: 'ja',
      followedAt: new Date('2026-04-10T03:00:00Z'),
      values: { district: ['south'] },
    })
    ids.d = await add({ name: 'd', lineLanguage: 'zh-TW', followedAt: new Date('2026-04-12T14:59:00Z') })
    ids.e = await add({ name: 'e', status: 'blocked', values: { district: ['north'] } })
    ids.f = await add({ name: 'f', status: 'not_following', values: { district: ['north'] } })
    ids.g = await add({ name: 'g', channelId: tenant.channels[1]!.id, values: { district: ['north'] } })
    await db
      .insert(channelTestDevices)
      .values({ tenantId: tenant.id, channelId, citizenId: ids.d, label: 'phone' })
    const form = await publishedForm(admin)
    formId = form.formId
    await db.insert(formResponses).values({
      tenantId: tenant.id,
      channelId,
      formId,
      formVersionId: form.versionId,
      citizenId: ids.a,
      answersEnc: 'sealed',
      language: 'ja',
    })
  })

  const now = new Date('2026-04-12T15:30:00Z') // 2026-04-13 00:30 in Tokyo
  async function names(f: SegmentFilter, scope = { tenantId: tenant.id, channelId }): Promise<string[]> {
    const rows = await db.execute<{ name: string }>(
      sql`select c.display_name as name from citizens c where ${segmentWhere(f, scope, now)} order by 1`,
    )
    const list = [...rows].map((r) => r.name)
    // The count is the same statement's twin: check they agree on every case.
    expect((await countSegmentIn(db, scope, f, now)).count).toBe(list.length)
    return list
  }

  it('an empty filter is every follower of the channel (never blocked, other channels or non-friends)', async () => {
    expect(await names(filter('and'))).toEqual(['a', 'b', 'c', 'd'])
    expect(await countSegmentIn(db, { tenantId: tenant.id, channelId }, filter('and'))).toEqual({
      count: 4,
      followers: 4,
    })
  })

  it('attribute ops', async () => {
    expect(await names(one(attr('district', 'is', ['north'])))).toEqual(['a'])
    expect(await names(one(attr('district', 'is_not', ['north'])))).toEqual(['b', 'c', 'd'])
    expect(await names(one(attr('district', 'any_of', ['north', 'east'])))).toEqual(['a', 'b'])
    expect(await names(one(attr('district', 'none_of', ['north', 'east'])))).toEqual(['c', 'd'])
    expect(await names(one(attr('district', 'is_set')))).toEqual(['a', 'b', 'c'])
    expect(await names(one(attr('district', 'is_not_set')))).toEqual(['d'])
    expect(await names(one(attr('interests', 'any_of', ['sports', 'kids'])))).toEqual(['a', 'b'])
    expect(await names(one(attr('interests', 'is_not_set')))).toEqual(['c', 'd'])
  })

  it('an unknown or deleted attribute matches nobody, whatever the op', async () => {
    for (const key of ['nope', 'old']) {
      for (const op of ['is', 'is_not', 'any_of', 'none_of', 'is_set', 'is_not_set'] as const) {
        expect(await names(one(attr(key, op, op.startsWith('is_') ? [] : ['x']))), `${key} ${op}`).toEqual([])
      }
    }
  })

  it('language uses the computed language', async () => {
    expect(await names(one({ kind: 'language', op: 'any_of', values: ['en', 'ko'] }))).toEqual(['b', 'c'])
    expect(await names(one({ kind: 'language', op: 'none_of', values: ['ja'] }))).toEqual(['b', 'c', 'd'])
    expect(await names(one({ kind: 'language', op: 'any_of', values: ['zh-Hant'] }))).toEqual(['d'])
  })

  it('form answered / not answered', async () => {
    expect(await names(one({ kind: 'form', formId, op: 'answered' }))).toEqual(['a'])
    expect(await names(one({ kind: 'form', formId, op: 'not_answered' }))).toEqual(['b', 'c', 'd'])
  })

  it('friend since, in Tokyo calendar days around midnight', async () => {
    const since = (op: 'before' | 'after' | 'within_days' | 'not_within_days', v: string | number) =>
      one({ kind: 'friend_since', op, ...(typeof v === 'string' ? { date: v } : { days: v }) })
    expect(await names(since('after', '2026-04-01'))).toEqual(['a', 'c', 'd'])
    expect(await names(since('before', '2026-04-01'))).toEqual(['b'])
    // "Today" in Tokyo is 04-13 (UTC is still 04-12): d followed at 04-12 23:59 Tokyo.
    expect(await names(since('within_days', 1))).toEqual([])
    expect(await names(since('within_days', 2))).toEqual(['d'])
    expect(await names(since('within_days', 4))).toEqual(['c', 'd'])
    expect(await names(since('not_within_days', 4))).toEqual(['a', 'b'])
  })

  it('test devices', async () => {
    expect(await names(one({ kind: 'test_device', op: 'is' }))).toEqual(['d'])
    expect(await names(one({ kind: 'test_device', op: 'is_not' }))).toEqual(['a', 'b', 'c'])
  })

  it('AND / OR nesting', async () => {
    const northOrEast = {
      op: 'or' as const,
      conditions: [attr('district', 'is', ['north']), attr('district', 'is', ['east'])],
    }
    const english = {
      op: 'and' as const,
      conditions: [{ kind: 'language', op: 'any_of', values: ['en'] } as SegmentCondition],
    }
    expect(await names(filter('and', northOrEast, english))).toEqual(['b'])
    expect(await names(filter('or', northOrEast, english))).toEqual(['a', 'b'])
    const northAndCulture = {
      op: 'and' as const,
      conditions: [attr('district', 'is', ['north']), attr('interests', 'is', ['culture'])],
    }
    const device = { op: 'and' as const, conditions: [{ kind: 'test_device', op: 'is' } as SegmentCondition] }
    expect(await names(filter('or', northAndCulture, device))).toEqual(['a', 'd'])
    expect(await names(filter('and', northAndCulture, device))).toEqual([])
  })

  it('is scoped to the tenant', async () => {
    const other = await createTenant(db)
    expect(await names(filter('and'), { tenantId: other.id, channelId })).toEqual([])
    const stranger = await staffCtx(db, other.id, { role: 'tenant_admin' })
    await expect(
      countSegment({ ctx: stranger, input: { channelId, filter: filter('and') } }),
    ).rejects.toBeInstanceOf(NotFound)
    expect(await listAttributes({ ctx: stranger })).toEqual([])
  })

  it('countSegment needs segments.manage or deliveries.manage', async () => {
    const reader = await staffCtx(db, tenant.id, { permissions: ['form_answers.read'] })
    await expect(
      countSegment({ ctx: reader, input: { channelId, filter: filter('and') } }),
    ).rejects.toBeInstanceOf(Forbidden)
    const composer = await staffCtx(db, tenant.id, { permissions: ['deliveries.manage'] })
    expect(
      await countSegment({ ctx: composer, input: { channelId, filter: one(attr('district', 'is_set')) } }),
    ).toEqual({ count: 3, followers: 4 })
  })

  it('refuses incomplete conditions when saving', async () => {
    await expect(
      createSegment({
        ctx: admin,
        input: { channelId, name: 'x', filter: one(attr('district', 'is', [])) },
      }),
    ).rejects.toThrow()
    await expect(
      createSegment({
        ctx: admin,
        input: { channelId, name: 'x', filter: one({ kind: 'friend_since', op: 'after' }) },
      }),
    ).rejects.toThrow()
  })

  it('segments: create counts, list describes, update recounts, archive hides', async () => {
    const created = await createSegment({
      ctx: admin,
      input: { channelId, name: '北部の住民', filter: one(attr('district', 'is', ['north'])) },
    })
    expect(created.lastCount).toBe(1)
    const listed = (await listSegments({ ctx: admin, input: { channelId } })).find(
      (s) => s.id === created.id,
    )!
    expect(listed.summary.ja).toBe('「地区が 北部」')
    expect(listed.summary.en).toBe('District is North')
    const updated = await updateSegment({
      ctx: admin,
      input: {
        id: created.id,
        name: '北部か東部',
        description: 'メモ',
        filter: one(attr('district', 'any_of', ['north', 'east'])),
      },
    })
    expect(updated.lastCount).toBe(2)
    const detail = await getSegment({ ctx: admin, input: { id: created.id } })
    expect(detail).toMatchObject({ name: '北部か東部', description: 'メモ', lastCount: 2 })
    expect(detail.summary.ja).toBe('「地区が 北部 または 東部」')
    await archiveSegment({ ctx: admin, input: { id: created.id } })
    expect((await listSegments({ ctx: admin, input: { channelId } })).map((s) => s.id)).not.toContain(
      created.id,
    )
    const logged = await db
      .select({ action: accessLogs.action })
      .from(accessLogs)
      .where(and(eq(accessLogs.tenantId, tenant.id), eq(accessLogs.targetId, created.id)))
    expect(logged.map((l) => l.action).sort()).toEqual([
      'segment.archive',
      'segment.create',
      'segment.update',
    ])

    const other = await createTenant(db)
    const stranger = await staffCtx(db, other.id, { role: 'tenant_admin' })
    await expect(getSegment({ ctx: stranger, input: { id: created.id } })).rejects.toBeInstanceOf(NotFound)
  })
})

describe('attributes', () => {
  it('create, refuse a duplicate key, edit options, reorder, soft delete, reuse the key', async () => {
    const { db } = testDb.current
    const tenant = await createTenant(db)
    const admin = await staffCtx(db, tenant.id, { role: 'tenant_admin' })
    const age = await createAttribute({
      ctx: admin,
      input: {
        key: 'age_group',
        kind: 'single',
        label: { ja: '年代', en: '' },
        options: [
          { value: '20s', label: { ja: '20代' } },
          { value: '30s', label: { ja: '30代' } },
        ],
      },
    })
    expect(age).toMatchObject({ key: 'age_group', label: { ja: '年代' }, position: 0, deletedAt: null })
    await expect(
      createAttribute({
        ctx: admin,
        input: {
          key: 'age_group',
          kind: 'multiple',
          label: { ja: '重複' },
          options: [{ value: 'a', label: { ja: 'A' } }],
        },
      }),
    ).rejects.toBeInstanceOf(Invalid)
    await expect(
      createAttribute({
        ctx: admin,
        input: {
          key: 'Bad Key',
          kind: 'single',
          label: { ja: 'x' },
          options: [{ value: 'a', label: { ja: 'A' } }],
        },
      }),
    ).rejects.toThrow()
    await expect(
      createAttribute({
        ctx: admin,
        input: {
          key: 'dup',
          kind: 'single',
          label: { ja: 'x' },
          options: [
            { value: 'a', label: { ja: 'A' } },
            { value: 'a', label: { ja: 'B' } },
          ],
        },
      }),
    ).rejects.toThrow()
    const district = await createAttribute({
      ctx: admin,
      input: {
        key: 'district',
        kind: 'single',
        label: { ja: '地区' },
        options: [{ value: 'n', label: { ja: '北' } }],
      },
    })
    expect(district.position).toBe(1)

    // Rename one option, drop the other, add one; the key stays.
    const edited = await updateAttribute({
      ctx: admin,
      input: {
        id: age.id,
        label: { ja: '年齢層' },
        options: [
          { value: '20s', label: { ja: '20歳代' } },
          { value: '40s', label: { ja: '40代' } },
        ],
      },
    })
    expect(edited.options.map((o) => o.value)).toEqual(['20s', '40s'])
    expect(edited.key).toBe('age_group')

    await reorderAttributes({ ctx: admin, input: { ids: [district.id, age.id] } })
    expect((await listAttributes({ ctx: admin })).map((a) => a.key)).toEqual(['district', 'age_group'])

    expect(await attributeOptionsForForm({ ctx: admin, input: { key: 'age_group' } })).toMatchObject({
      options: [
        { id: '20s', label: { ja: '20歳代' } },
        { id: '40s', label: { ja: '40代' } },
      ],
    })

    await deleteAttribute({ ctx: admin, input: { id: age.id } })
    expect((await listAttributes({ ctx: admin })).map((a) => a.key)).toEqual(['district'])
    const all = await listAttributes({ ctx: admin, input: { includeDeleted: true } })
    expect(all.find((a) => a.id === age.id)?.deletedAt).toBeInstanceOf(Date)
    await expect(
      updateAttribute({
        ctx: admin,
        input: { id: age.id, label: { ja: 'x' }, options: [{ value: 'a', label: { ja: 'A' } }] },
      }),
    ).rejects.toThrow()
    // The key is free again for a new attribute.
    await createAttribute({
      ctx: admin,
      input: {
        key: 'age_group',
        kind: 'multiple',
        label: { ja: '年代' },
        options: [{ value: 'a', label: { ja: 'A' } }],
      },
    })

    const staff = await staffCtx(db, tenant.id, { permissions: ['forms.manage'] })
    await expect(
      createAttribute({
        ctx: staff,
        input: {
          key: 'x',
          kind: 'single',
          label: { ja: 'x' },
          options: [{ value: 'a', label: { ja: 'A' } }],
        },
      }),
    ).rejects.toBeInstanceOf(Forbidden)
    await expect(listAttributes({ ctx: staff })).rejects.toBeInstanceOf(Forbidden)
  })

  it('the trigger keeps citizens.attribute_tokens in step with the values', async () => {
    const { db } = testDb.current
    const tenant = await createTenant(db)
    const channelId = tenant.channels[0]!.id
    const id = await addResident(db, tenant.id, channelId, { name: 't', values: { district: ['north'] } })
    const tokens = async () =>
      (await db.select({ t: citizens.attributeTokens }).from(citizens).where(eq(citizens.id, id)))[0]!.t
    expect(await tokens()).toEqual(['district=north'])
    await db
      .insert(citizenAttributeValues)
      .values({ tenantId: tenant.id, channelId, citizenId: id, key: 'interests', values: ['kids', 'art'] })
    expect(await tokens()).toEqual(['district=north', 'interests=art', 'interests=kids'])
    await db
      .update(citizenAttributeValues)
      .set({ values: ['east'] })
      .where(and(eq(citizenAttributeValues.citizenId, id), eq(citizenAttributeValues.key, 'district')))
    expect(await tokens()).toEqual(['district=east', 'interests=art', 'interests=kids'])
    await db.delete(citizenAttributeValues).where(eq(citizenAttributeValues.citizenId, id))
    expect(await tokens()).toEqual([])
  })
})

describe('My settings', () => {
  it('shows the attributes in the resident’s language and saves validated choices', async () => {
    const { db } = testDb.current
    const tenant = await createTenant(db)
    const channelId = tenant.channels[0]!.id
    const admin = await staffCtx(db, tenant.id, { role: 'tenant_admin' })
    await createAttribute({
      ctx: admin,
      input: {
        key: 'district',
        kind: 'single',
        label: { ja: '地区', en: 'District' },
        options: [
          { value: 'north', label: { ja: '北部', en: 'North' } },
          { value: 'east', label: { ja: '東部' } },
        ],
      },
    })
    await createAttribute({
      ctx: admin,
      input: {
        key: 'interests',
        kind: 'multiple',
        label: { ja: '関心' },
        options: [
          { value: 'kids', label: { ja: '子育て', en: 'Children' } },
          { value: 'sports', label: { ja: 'スポーツ', en: 'Sports' } },
        ],
      },
    })
    const citizenId = await addResident(db, tenant.id, channelId, {
      name: 'me',
      preferredLanguage: 'en',
      values: { district: ['east'] },
    })
    const ctx: CitizenCtx = {
      db,
      request: testRequest,
      actor: { type: 'citizen', citizenId, tenantId: tenant.id, channelId, sessionId: 't' },
    }
    const mine = await getMySettings({ ctx })
    expect(mine).toEqual({
      language: 'en',
      profileFormId: null,
      attributes: [
        {
          key: 'district',
          kind: 'single',
          label: 'District',
          options: [
            { value: 'north', label: 'North' },
            { value: 'east', label: '東部' },
          ],
          values: ['east'],
        },
        {
          key: 'interests',
          kind: 'multiple',
          label: '関心',
          options: [
            { value: 'kids', label: 'Children' },
            { value: 'sports', label: 'Sports' },
          ],
          values: [],
        },
      ],
    })

    const refused = async (values: Record<string, string[]>) => {
      try {
        await updateMySettings({ ctx, input: { values } })
      } catch (e) {
        expect(e).toBeInstanceOf(Invalid)
        return (e as Invalid).fields
      }
      throw new Error('not refused')
    }
    expect(await refused({ district: ['north', 'east'] })).toEqual({ 'values.district': 'single_choice' })
    expect(await refused({ district: ['west'] })).toEqual({ 'values.district': 'unknown_option' })
    expect(await refused({ shoe_size: ['27'] })).toEqual({ 'values.shoe_size': 'unknown_attribute' })

    const saved = await updateMySettings({
      ctx,
      input: { values: { district: ['north'], interests: ['kids', 'sports'] } },
    })
    expect(saved.attributes.map((a) => a.values)).toEqual([['north'], ['kids', 'sports']])
    const [row] = await db.select().from(citizens).where(eq(citizens.id, citizenId))
    expect(row!.attributeTokens).toEqual(['district=north', 'interests=kids', 'interests=sports'])
    const stored = await db
      .select()
      .from(citizenAttributeValues)
      .where(eq(citizenAttributeValues.citizenId, citizenId))
    expect(stored.every((s) => s.sourceFormId === null)).toBe(true)

    // An empty list clears the attribute; keys not sent stay.
    await updateMySettings({ ctx, input: { values: { interests: [] } } })
    const [after] = await db.select().from(citizens).where(eq(citizens.id, citizenId))
    expect(after!.attributeTokens).toEqual(['district=north'])

    // Staff may not call it; another channel's session does not find the resident.
    await expect(getMySettings({ ctx: admin })).rejects.toThrow()
    const elsewhere: CitizenCtx = { ...ctx, actor: { ...ctx.actor, channelId: tenant.channels[1]!.id } }
    await expect(getMySettings({ ctx: elsewhere })).rejects.toBeInstanceOf(NotFound)
  })
})

describe('onboarding settings', () => {
  it('defaults, saves, refuses another tenant’s form', async () => {
    const { db } = testDb.current
    const tenant = await createTenant(db)
    const channelId = tenant.channels[0]!.id
    const admin = await staffCtx(db, tenant.id, { role: 'tenant_admin' })
    const defaults = await getDeliverySettings({ ctx: admin, input: { channelId } })
    expect(defaults).toMatchObject({
      profileFormId: null,
      greetingEnabled: true,
      greetingText: {},
      reminderEnabled: false,
      reminderAfterDays: 3,
      confirmThreshold: 1000,
    })
    expect(Object.keys(defaults.defaultGreetingText).sort()).toEqual([...SEGMENT_LANGUAGES].sort())
    const { formId } = await publishedForm(admin)
    const input = {
      channelId,
      profileFormId: formId,
      greetingEnabled: true,
      greetingText: { ja: 'ようこそ', en: '' },
      reminderEnabled: true,
      reminderAfterDays: 5,
      reminderText: {},
      confirmThreshold: 200,
    }
    const saved = await updateDeliverySettings({ ctx: admin, input })
    expect(saved).toMatchObject({
      profileFormId: formId,
      greetingText: { ja: 'ようこそ' },
      reminderAfterDays: 5,
      confirmThreshold: 200,
    })

    const other = await createTenant(db)
    const stranger = await staffCtx(db, other.id, { role: 'tenant_admin' })
    const { formId: foreignForm } = await publishedForm(stranger)
    await expect(
      updateDeliverySettings({ ctx: admin, input: { ...input, profileFormId: foreignForm } }),
    ).rejects.toBeInstanceOf(Invalid)
    await expect(getDeliverySettings({ ctx: stranger, input: { channelId } })).rejects.toBeInstanceOf(
      NotFound,
    )
  })
})
