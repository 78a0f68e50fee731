import { randomBytes } from 'node:crypto'
import type { Db } from '@kairan/db'
import {
  accessLogs,
  channelDeliverySettings,
  channelTestDevices,
  citizens,
  deliveries,
  deliveryBatches,
  segments,
} from '@kairan/db/schema'
import { and, eq, sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { Conflict, Forbidden, Invalid, NotFound } from '../errors.ts'
import { createTenant, staffCtx } from '../testing/factories.ts'
import { testBlobStore } from '../testing/storage.ts'
import { useTestDb } from '../testing/use-test-db.ts'
import { aggregationBudget, tokyoMonthBounds } from './budget.ts'
import type { DeliveryContent } from './content.ts'
import {
  aggregationUnitFor,
  cancelDelivery,
  createDelivery,
  createSeries,
  deleteDraft,
  duplicateDelivery,
  getDelivery,
  getSeries,
  listSeries,
  previewDeliveryRecipients,
  scheduleDelivery,
  sendTestDelivery,
  stopSeries,
  updateDelivery,
} from './deliveries.ts'
import { exportDeliveries } from './export.ts'
import { listDeliveries } from './history.ts'
import { loadRenderImages, readDeliveryImage, uploadDeliveryImage } from './images.ts'
import { renderMessages } from './render.ts'

const testDb = useTestDb()
const storage = testBlobStore()

const content = (ja = 'ごみ収集日が変わります', en = 'Garbage day changes'): DeliveryContent => ({
  version: 1,
  messages: [{ type: 'text', text: { ja, en } }],
  altText: {},
})

async function addResidents(db: Db, tenantId: string, channelId: string, n: number) {
  const rows = await db
    .insert(citizens)
    .values(
      Array.from({ length: n }, () => ({
        tenantId,
        channelId,
        lineUserId: `U${randomBytes(16).toString('hex')}`,
        status: 'following' as const,
        followedAt: new Date('2026-01-01T00:00:00Z'),
      })),
    )
    .returning({ id: citizens.id })
  return rows.map((r) => r.id)
}

async function city(options: { threshold?: number; residents?: number } = {}) {
  const { db } = testDb.current
  const tenant = await createTenant(db)
  const channel = tenant.channels[0]!
  const admin = await staffCtx(db, tenant.id, { role: 'tenant_admin' })
  const residents = await addResidents(db, tenant.id, channel.id, options.residents ?? 5)
  if (options.threshold !== undefined) {
    await db
      .insert(channelDeliverySettings)
      .values({ channelId: channel.id, tenantId: tenant.id, confirmThreshold: options.threshold })
  }
  return { db, tenant, channel, admin, residents }
}

async function addTestDevice(db: Db, tenantId: string, channelId: string, citizenId: string) {
  await db.insert(channelTestDevices).values({ tenantId, channelId, citizenId, label: '職員の端末' })
}

const later = () => new Date(Date.now() + 3_600_000).toISOString()

describe('deliveries: draft → scheduled → cancelled', () => {
  it('schedules with the aggregation unit, asks for the count above the threshold, and refuses past times', async () => {
    const { admin, channel } = await city({ threshold: 3, residents: 5 })
    const draft = await createDelivery({
      ctx: admin,
      input: { channelId: channel.id, title: 'ごみ収集', content: content(), target: 'all' },
    })
    expect(
      await previewDeliveryRecipients({ ctx: admin, input: { channelId: channel.id, target: 'all' } }),
    ).toEqual({
      count: 5,
      threshold: 3,
      needsConfirmation: true,
    })
    const at = later()
    const schedule = (extra: object) =>
      scheduleDelivery({
        ctx: admin,
        input: { id: draft.id, revision: draft.revision, when: { kind: 'at', at }, ...extra },
      })
    await expect(schedule({})).rejects.toMatchObject({
      key: 'errors.delivery_confirmation_required',
      params: { count: 5 },
    })
    // 5 residents: a drift of up to ceil(1 %) + 5 is accepted, more is refused with the new count.
    await expect(schedule({ confirmedRecipientCount: 12 })).rejects.toMatchObject({
      key: 'errors.delivery_recipients_changed',
      params: { count: 5 },
    })
    await expect(
      scheduleDelivery({
        ctx: admin,
        input: {
          id: draft.id,
          revision: draft.revision,
          when: { kind: 'at', at: '2020-01-01T00:00:00+09:00' },
        },
      }),
    ).rejects.toBeInstanceOf(Invalid)
    const scheduled = await schedule({ confirmedRecipientCount: 5 })
    expect(scheduled).toMatchObject({ status: 'scheduled', revision: 2, recipientCount: 5 })
    expect(scheduled.scheduledAt?.toISOString()).toBe(new Date(at).toISOString())

    const detail = await getDelivery({ ctx: admin, input: { id: draft.id } })
    expect(detail.aggregationUnit).toBe(aggregationUnitFor('delivery', draft.id))
    expect(detail.aggregationUnit).toMatch(/^d_[0-9a-f]{28}$/)
    expect(detail.targetDescription.ja).toBe('すべての友だち')
    expect(detail.languages).toEqual(['ja', 'en'])

    // The old revision is stale now.
    await expect(
      updateDelivery({
        ctx: admin,
        input: { id: draft.id, revision: 1, title: 'x', content: content(), target: 'all' },
      }),
    ).rejects.toMatchObject({ key: 'errors.stale_revision' })
    // Editing a scheduled delivery takes it back to draft (the confirmation was for the old one).
    const edited = await updateDelivery({
      ctx: admin,
      input: {
        id: draft.id,
        revision: 2,
        title: 'ごみ収集（訂正）',
        content: content('訂正'),
        target: 'all',
      },
    })
    expect(edited).toMatchObject({ status: 'draft', revision: 3 })

    expect(await cancelDelivery({ ctx: admin, input: { id: draft.id } })).toEqual({
      id: draft.id,
      status: 'cancelled',
    })
    await expect(cancelDelivery({ ctx: admin, input: { id: draft.id } })).rejects.toMatchObject({
      key: 'errors.delivery_already_started',
    })
  })

  it('cancel racing the worker start: exactly one wins, every time', async () => {
    const { db, admin, channel } = await city({ residents: 2 })
    let cancelledWins = 0
    let startWins = 0
    for (let i = 0; i < 20; i++) {
      const d = await createDelivery({
        ctx: admin,
        input: { channelId: channel.id, title: `競合 ${i}`, content: content(), target: 'all' },
      })
      await scheduleDelivery({ ctx: admin, input: { id: d.id, revision: d.revision, when: { kind: 'now' } } })
      // The worker's start statement (H4's startDueDeliveries) against the staff's cancel.
      const [start, cancel] = await Promise.allSettled([
        db.execute(
          sql`update deliveries set status = 'sending', started_at = now() where id = ${d.id} and status = 'scheduled' and scheduled_at <= now() returning id`,
        ),
        cancelDelivery({ ctx: admin, input: { id: d.id } }),
      ])
      const started = start.status === 'fulfilled' && (start.value as unknown as unknown[]).length === 1
      const [row] = await db
        .select({ status: deliveries.status })
        .from(deliveries)
        .where(eq(deliveries.id, d.id))
      if (cancel.status === 'fulfilled') {
        cancelledWins++
        expect(started).toBe(false)
        expect(row!.status).toBe('cancelled')
      } else {
        startWins++
        expect(cancel.reason).toBeInstanceOf(Conflict)
        expect(started).toBe(true)
        expect(row!.status).toBe('sending')
      }
    }
    expect(cancelledWins + startWins).toBe(20)
  })

  it('sends a test to test devices only, never with an aggregation unit', async () => {
    const { db, tenant, admin, channel, residents } = await city({ threshold: 1, residents: 3 })
    const d = await createDelivery({
      ctx: admin,
      input: { channelId: channel.id, title: '防災訓練', content: content(), target: 'all' },
    })
    await expect(sendTestDelivery({ ctx: admin, input: { id: d.id } })).rejects.toMatchObject({
      key: 'errors.delivery_no_test_devices',
    })
    await addTestDevice(db, tenant.id, channel.id, residents[0]!)
    const test = await sendTestDelivery({ ctx: admin, input: { id: d.id } })
    expect(test).toMatchObject({ status: 'scheduled', recipientCount: 1 })
    const detail = await getDelivery({ ctx: admin, input: { id: test.id } })
    expect(detail).toMatchObject({
      title: '[テスト] 防災訓練',
      target: 'test',
      isTest: true,
      aggregationUnit: null,
    })
    // The original stays a draft; test targets never need the big-send confirmation.
    expect((await getDelivery({ ctx: admin, input: { id: d.id } })).status).toBe('draft')
    expect(
      await previewDeliveryRecipients({ ctx: admin, input: { channelId: channel.id, target: 'test' } }),
    ).toEqual({
      count: 1,
      threshold: 1,
      needsConfirmation: false,
    })
  })

  it('duplicates, deletes only drafts, and keeps other tenants and permissions out', async () => {
    const { db, admin, channel } = await city()
    const other = await city()
    const d = await createDelivery({
      ctx: admin,
      input: { channelId: channel.id, title: 'お知らせ', content: content(), target: 'all' },
    })
    await expect(getDelivery({ ctx: other.admin, input: { id: d.id } })).rejects.toBeInstanceOf(NotFound)
    await expect(cancelDelivery({ ctx: other.admin, input: { id: d.id } })).rejects.toBeInstanceOf(NotFound)
    await expect(
      createDelivery({
        ctx: other.admin,
        input: { channelId: channel.id, title: 'x', content: content(), target: 'all' },
      }),
    ).rejects.toBeInstanceOf(NotFound)
    const reader = await staffCtx(db, admin.actor.tenantId, { permissions: ['deliveries.export'] })
    await expect(getDelivery({ ctx: reader, input: { id: d.id } })).rejects.toBeInstanceOf(Forbidden)

    const copy = await duplicateDelivery({ ctx: admin, input: { id: d.id } })
    expect((await getDelivery({ ctx: admin, input: { id: copy.id } })).title).toBe('お知らせ（コピー）')
    await scheduleDelivery({
      ctx: admin,
      input: { id: d.id, revision: 1, when: { kind: 'at', at: later() } },
    })
    await expect(deleteDraft({ ctx: admin, input: { id: d.id } })).rejects.toMatchObject({
      key: 'errors.delivery_not_draft',
    })
    await deleteDraft({ ctx: admin, input: { id: copy.id } })
    await expect(getDelivery({ ctx: admin, input: { id: copy.id } })).rejects.toBeInstanceOf(NotFound)
  })

  it('refuses content pointing at another channel’s image or another tenant’s segment', async () => {
    const { admin, channel } = await city()
    const other = await city()
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#36c' } })
      .png()
      .toBuffer()
    const image = await uploadDeliveryImage({
      ctx: other.admin,
      storage,
      input: { channelId: other.channel.id, bytes: png, fileName: 'a.png' },
    })
    await expect(
      createDelivery({
        ctx: admin,
        input: {
          channelId: channel.id,
          title: '画像',
          content: { version: 1, messages: [{ type: 'image', imageId: image.id }], altText: {} },
          target: 'all',
        },
      }),
    ).rejects.toMatchObject({ key: 'errors.delivery_image_missing' })
    const [segment] = await other.db
      .insert(segments)
      .values({
        tenantId: other.tenant.id,
        channelId: other.channel.id,
        name: '他市',
        filter: { version: 1, op: 'and', groups: [] },
      })
      .returning()
    await expect(
      createDelivery({
        ctx: admin,
        input: {
          channelId: channel.id,
          title: 's',
          content: content(),
          target: 'segment',
          segmentId: segment!.id,
        },
      }),
    ).rejects.toBeInstanceOf(Invalid)
  })
})

describe('segment targets', () => {
  it('counts the segment, describes it, and freezes nothing before sending', async () => {
    const { db, tenant, admin, channel } = await city({ residents: 4 })
    const [segment] = await db
      .insert(segments)
      .values({
        tenantId: tenant.id,
        channelId: channel.id,
        name: '英語の人',
        filter: {
          version: 1,
          op: 'and',
          groups: [{ op: 'and', conditions: [{ kind: 'language', op: 'any_of', values: ['en'] }] }],
        },
      })
      .returning()
    await db
      .update(citizens)
      .set({ preferredLanguage: 'en' })
      .where(sql`${citizens.id} in (select id from citizens where channel_id = ${channel.id} limit 1)`)
    expect(
      await previewDeliveryRecipients({
        ctx: admin,
        input: { channelId: channel.id, target: 'segment', segmentId: segment!.id },
      }),
    ).toMatchObject({ count: 1 })
    const d = await createDelivery({
      ctx: admin,
      input: {
        channelId: channel.id,
        title: 'English',
        content: content(),
        target: 'segment',
        segmentId: segment!.id,
      },
    })
    const detail = await getDelivery({ ctx: admin, input: { id: d.id } })
    expect(detail.targetDescription.segmentName).toBe('英語の人')
    expect(detail.targetDescription.ja).toContain('English')
  })
})

describe('images', () => {
  it('stores an upright JPEG original, a small preview and a card rendition, served publicly', async () => {
    const { db, admin, channel } = await city()
    // 3000×1000 photo taken with the phone turned (EXIF orientation 6 = rotate 90°).
    const photo = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#c33' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer()
    const image = await uploadDeliveryImage({
      ctx: admin,
      storage,
      input: { channelId: channel.id, bytes: photo, fileName: 'IMG_0001.JPG' },
    })
    expect(image).toMatchObject({ width: 683, height: 2048, contentType: 'image/jpeg' })
    expect(image.previewUrl).toBe(`/media/delivery-images/${image.id}/preview`)
    for (const [variant, box] of [
      ['original', 2048],
      ['preview', 480],
      ['card', 1024],
    ] as const) {
      const read = await readDeliveryImage({ db, storage, imageId: image.id, variant })
      expect(read.cacheControl).toBe('public, max-age=31536000, immutable')
      expect(read.contentType).toBe('image/jpeg')
      const meta = await sharp(read.data).metadata()
      expect(meta.format).toBe('jpeg')
      expect(Math.max(meta.width!, meta.height!)).toBe(box)
      expect(meta.height! > meta.width!).toBe(true) // rotated upright
      expect(meta.orientation).toBeUndefined()
    }
    await expect(
      readDeliveryImage({ db, storage, imageId: image.id, variant: 'huge' }),
    ).rejects.toBeInstanceOf(NotFound)
    await expect(
      readDeliveryImage({ db, storage, imageId: '../etc', variant: 'original' }),
    ).rejects.toBeInstanceOf(NotFound)
    const sizes = await loadRenderImages(db, {
      version: 1,
      messages: [{ type: 'card', imageId: image.id, title: { ja: 'a' }, body: {}, buttons: [] }],
      altText: {},
    })
    expect(sizes.get(image.id)).toEqual({ width: 683, height: 2048 })
    const log = await db
      .select()
      .from(accessLogs)
      .where(and(eq(accessLogs.action, 'delivery_image.upload'), eq(accessLogs.targetId, image.id)))
    expect(log).toHaveLength(1)
  })

  it('keeps PNG transparency, flattens the preview, and refuses what is not JPEG or PNG', async () => {
    const { db, admin, channel } = await city()
    const transparent = await sharp({
      create: { width: 600, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer()
    const image = await uploadDeliveryImage({
      ctx: admin,
      storage,
      input: { channelId: channel.id, bytes: transparent, fileName: 'logo.png' },
    })
    expect(image).toMatchObject({ contentType: 'image/png', width: 600, height: 300 })
    const original = await readDeliveryImage({ db, storage, imageId: image.id, variant: 'original' })
    expect(original.contentType).toBe('image/png')
    expect((await sharp(original.data).metadata()).hasAlpha).toBe(true)
    const preview = await readDeliveryImage({ db, storage, imageId: image.id, variant: 'preview' })
    expect((await sharp(preview.data).metadata()).format).toBe('jpeg')

    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')
    await expect(
      uploadDeliveryImage({
        ctx: admin,
        storage,
        input: { channelId: channel.id, bytes: gif, fileName: 'a.png' },
      }),
    ).rejects.toMatchObject({ key: 'errors.upload_type_not_allowed' })
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100)])
    await expect(
      uploadDeliveryImage({
        ctx: admin,
        storage,
        input: { channelId: channel.id, bytes: broken, fileName: 'x.jpg' },
      }),
    ).rejects.toMatchObject({ key: 'errors.upload_type_not_allowed', fields: { bytes: 'unreadable' } })
  })

  it('renders a card with the uploaded image at its aspect ratio', async () => {
    const { db, admin, channel } = await city()
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3c6' } })
      .png()
      .toBuffer()
    const image = await uploadDeliveryImage({
      ctx: admin,
      storage,
      input: { channelId: channel.id, bytes: png },
    })
    const c: DeliveryContent = {
      version: 1,
      messages: [{ type: 'card', imageId: image.id, title: { ja: '公園' }, body: {}, buttons: [] }],
      altText: {},
    }
    await createDelivery({
      ctx: admin,
      input: { channelId: channel.id, title: 'card', content: c, target: 'all' },
    })
    const [message] = renderMessages(c, 'ja', {
      publicBaseUrl: 'https://liff.example.jp',
      liffId: null,
      channelId: channel.id,
      images: await loadRenderImages(db, c, channel.id),
    })
    expect(message).toMatchObject({ contents: { hero: { aspectRatio: '3:2' } } })
  })
})

describe('history, export and budget', () => {
  it('lists with counts from the batches, filters by status and period, hides tests unless asked', async () => {
    const { db, tenant, admin, channel, residents } = await city({ residents: 3 })
    const sent = await createDelivery({
      ctx: admin,
      input: { channelId: channel.id, title: '=HYPERLINK("http://evil")', content: content(), target: 'all' },
    })
    await scheduleDelivery({ ctx: admin, input: { id: sent.id, revision: 1, when: { kind: 'now' } } })
    // What the worker would have written: started, frozen into batches, finished, statistics.
    await db
      .update(deliveries)
      .set({
        status: 'partially_failed',
        startedAt: new Date('2026-03-10T01:00:00Z'),
        finishedAt: new Date('2026-03-10T01:00:05Z'),
        recipientCount: 3,
        frozenAt: new Date('2026-03-10T01:00:01Z'),
        stats: { delivered: 2, uniqueImpression: 1, uniqueClick: null },
      })
      .where(eq(deliveries.id, sent.id))
    await db.insert(deliveryBatches).values([
      {
        deliveryId: sent.id,
        batchNo: 0,
        tenantId: tenant.id,
        language: 'ja',
        lineUserIds: ['Ua', 'Ub'],
        citizenIds: residents.slice(0, 2),
        size: 2,
        status: 'sent',
      },
      {
        deliveryId: sent.id,
        batchNo: 1,
        tenantId: tenant.id,
        language: 'en',
        lineUserIds: ['Uc'],
        citizenIds: residents.slice(2),
        size: 1,
        status: 'failed',
      },
    ])
    await createDelivery({
      ctx: admin,
      input: { channelId: channel.id, title: '下書き', content: content(), target: 'all' },
    })
    await addTestDevice(db, tenant.id, channel.id, residents[0]!)
    await sendTestDelivery({ ctx: admin, input: { id: sent.id } })

    const all = await listDeliveries({ ctx: admin, input: { channelId: channel.id } })
    expect(all.total).toBe(2)
    expect(all.rows.map((r) => r.title).sort()).toEqual(['=HYPERLINK("http://evil")', '下書き'])
    const withTests = await listDeliveries({
      ctx: admin,
      input: { channelId: channel.id, includeTests: true },
    })
    expect(withTests.total).toBe(3)
    const march = await listDeliveries({
      ctx: admin,
      input: { channelId: channel.id, from: '2026-03-10', to: '2026-03-10', status: ['partially_failed'] },
    })
    expect(march.rows).toHaveLength(1)
    expect(march.rows[0]).toMatchObject({
      id: sent.id,
      sentCount: 2,
      failedCount: 1,
      recipientCount: 3,
      targetLabel: 'すべての友だち',
      stats: { delivered: 2, uniqueImpression: 1, openRate: 0.5, clickRate: null },
    })
    // 2026-03-10 10:00 JST is not on 03-09 (JST).
    expect(
      (await listDeliveries({ ctx: admin, input: { channelId: channel.id, to: '2026-03-09' } })).total,
    ).toBe(0)

    const csv = await exportDeliveries({
      ctx: admin,
      input: { channelId: channel.id, format: 'csv', language: 'ja', status: ['partially_failed'] },
    })
    const text = csv.bytes.toString('utf8')
    expect(text.startsWith('\uFEFF配信ID,タイトル,状態')).toBe(true)
    expect(text).toContain('\r\n')
    expect(text).toContain(`${sent.id},"'=HYPERLINK(""http://evil"")",一部失敗,すべての友だち,`)
    expect(text).toContain('2026-03-10 10:00')
    expect(text).toContain(',3,2,1,2,1,50.0%,,,')
    expect(csv.fileName).toMatch(/^配信履歴_\d{12}\.csv$/)

    const xlsx = await exportDeliveries({
      ctx: admin,
      input: { channelId: channel.id, format: 'xlsx', language: 'en' },
    })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.bytes as never)
    const sheet = book.worksheets[0]!
    expect(sheet.getRow(1).getCell(1).value).toBe('Delivery ID')
    expect(sheet.rowCount).toBe(3)
    const logs = await db
      .select()
      .from(accessLogs)
      .where(and(eq(accessLogs.action, 'delivery.export'), eq(accessLogs.tenantId, tenant.id)))
    expect(logs.map((l) => (l.detail as { format: string }).format).sort()).toEqual(['csv', 'xlsx'])

    const noExport = await staffCtx(db, tenant.id, { permissions: ['deliveries.manage'] })
    await expect(
      exportDeliveries({ ctx: noExport, input: { channelId: channel.id, format: 'csv' } }),
    ).rejects.toBeInstanceOf(Forbidden)
  })

  it('counts distinct aggregation units started this Tokyo month', async () => {
    const { db, tenant, admin, channel } = await city()
    const { start } = tokyoMonthBounds(new Date())
    const unitRow = (unit: string | null, startedAt: Date) => ({
      tenantId: tenant.id,
      channelId: channel.id,
      title: 't',
      content: content(),
      status: 'sent' as const,
      aggregationUnit: unit,
      startedAt,
    })
    await db.insert(deliveries).values([
      unitRow('d_a', new Date(start.getTime() + 1000)),
      unitRow('s_series', new Date(start.getTime() + 2000)),
      unitRow('s_series', new Date(start.getTime() + 3000)),
      unitRow(null, new Date(start.getTime() + 4000)), // a test send
      unitRow('d_lastmonth', new Date(start.getTime() - 1000)),
    ])
    const budget = await aggregationBudget({
      ctx: admin,
      secrets: { decrypt: () => '' } as never,
      lineClient: () => null,
      input: { channelId: channel.id },
    })
    expect(budget).toEqual({ usedThisMonth: 2, fromLine: null, limit: 1000, nearlySpent: false })
    expect(tokyoMonthBounds(new Date('2026-03-31T15:00:00Z')).start.toISOString()).toBe(
      '2026-03-31T15:00:00.000Z',
    )
  })
})

describe('series', () => {
  it('creates a recurring delivery with one unit, shows its rule and next dates, and stops it', async () => {
    const { admin, channel } = await city({ threshold: 100 })
    const created = await createSeries({
      ctx: admin,
      input: {
        channelId: channel.id,
        title: '毎週のお知らせ',
        content: content(),
        target: 'all',
        recurrence: {
          startDate: '2030-01-07',
          time: '09:00',
          rule: { kind: 'weekly', weekdays: ['MO'] },
          excludedDates: ['2030-01-14'],
          skipHolidays: true,
        },
      },
    })
    expect(created.nextRunAt?.toISOString()).toBe('2030-01-07T00:00:00.000Z')
    const series = await getSeries({ ctx: admin, input: { id: created.id } })
    expect(series.aggregationUnit).toMatch(/^s_[0-9a-f]{28}$/)
    expect(series.description?.ja).toContain('毎週月曜日 9:00')
    expect(series.nextDates.map((d) => d.toISOString().slice(0, 10))).toEqual([
      '2030-01-07',
      // 01-14 excluded (成人の日 too); 02-11 is 建国記念の日.
      '2030-01-21',
      '2030-01-28',
      '2030-02-04',
      '2030-02-18',
    ])
    expect((await listSeries({ ctx: admin, input: { channelId: channel.id } })).map((s) => s.id)).toEqual([
      created.id,
    ])
    expect(await stopSeries({ ctx: admin, input: { id: created.id } })).toEqual({
      id: created.id,
      cancelledOccurrences: 0,
    })
    expect(await listSeries({ ctx: admin, input: { channelId: channel.id } })).toEqual([])
    expect((await getSeries({ ctx: admin, input: { id: created.id } })).nextDates).toEqual([])
  })
})
