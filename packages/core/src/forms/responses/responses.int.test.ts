import { accessLogs, formResponses } from '@kairan/db/schema'
import { and, desc, eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { Forbidden, Invalid, NotFound } from '../../errors.ts'
import { createTenant, staffCtx } from '../../testing/factories.ts'
import { testSecrets } from '../../testing/line-events.ts'
import { useTestDb } from '../../testing/use-test-db.ts'
import { sealAnswers } from '../answers-codec.ts'
import {
  insertCitizen,
  insertForm,
  insertResponses,
  insertUpload,
  surveyV1,
  surveyV2,
} from './answers-fixtures.ts'
import { exportFormResponses } from './export-form-responses.ts'
import { formResponseStats } from './form-response-stats.ts'
import { getFormResponse } from './get-form-response.ts'
import { listFormResponses } from './list-form-responses.ts'

const testDb = useTestDb()
const secrets = testSecrets()

/** 2025-11-21 14:03 in Japan. */
const jst = (local: string) => new Date(`${local}+09:00`)

type City = Awaited<ReturnType<typeof seedCity>>
let city: City

/**
 * A city with a survey published twice and five answers: three on version 1 (one with a photo,
 * one edited), two on version 2, spread over three Japan-time days.
 */
async function seedCity() {
  const { db } = testDb.current
  const tenant = await createTenant(db)
  const channelId = tenant.channels[0]!.id
  const reader = await staffCtx(db, tenant.id, { permissions: ['form_answers.read'] })
  const exporter = await staffCtx(db, tenant.id, { permissions: ['form_answers.export'] })
  const { formId, versions } = await insertForm(db, tenant.id, [surveyV1(), surveyV2()])
  const v1 = versions[0]!
  const v2 = versions[1]!
  const yamada = await insertCitizen(db, tenant.id, channelId, '山田 太郎')
  const suzuki = await insertCitizen(db, tenant.id, channelId, 'Suzuki')
  const nameless = await insertCitizen(db, tenant.id, channelId, null)
  const scope = { tenantId: tenant.id, channelId, formId }
  const ids = await insertResponses(db, secrets, scope, [
    {
      citizenId: yamada.id,
      versionId: v1.id,
      submittedAt: jst('2025-11-20T09:00:00'),
      answers: {
        q_name: 'ヤマダ タロウ',
        q_color: 'red',
        q_fruits: ['apple', 'grape'],
        q_phone: '090-1234-5678',
        q_note: '道路の補修を\n早めに, "お願い"します',
      },
    },
    {
      citizenId: suzuki.id,
      versionId: v1.id,
      language: 'en',
      // 00:30 on the 21st in Japan, still the 20th in UTC.
      submittedAt: jst('2025-11-21T00:30:00'),
      editCount: 2,
      updatedAt: jst('2025-11-22T10:15:00'),
      answers: { q_name: '=HYPERLINK("http://evil.example","x")', q_color: 'blue', q_fruits: ['orange'] },
    },
    {
      citizenId: nameless.id,
      versionId: v1.id,
      submittedAt: jst('2025-11-21T14:03:00'),
      answers: { q_name: 'ＡＢＣ商店', q_fruits: ['apple'], q_photo: [] },
    },
    {
      citizenId: yamada.id,
      versionId: v2.id,
      submittedAt: jst('2025-11-23T08:00:00'),
      answers: { q_name: '山田花子', q_color: 'green', q_age: 42 },
    },
    {
      citizenId: suzuki.id,
      versionId: v2.id,
      language: 'ko',
      submittedAt: jst('2025-11-23T23:59:00'),
      answers: { q_name: '+81 90 0000 1111', q_color: 'red', q_fruits: ['apple', 'orange'] },
    },
  ])
  const [first, second, third, fourth, fifth] = ids as [string, string, string, string, string]
  const photo = await insertUpload(
    db,
    secrets,
    { ...scope, citizenId: nameless.id },
    { questionId: 'q_photo', responseId: third, fileName: '店の写真.jpg' },
  )
  // The photo's id is only known now: the answer refers to it as the validator would have stored it.
  await db
    .update(formResponses)
    .set({
      answersEnc: sealAnswers(secrets, { q_name: 'ＡＢＣ商店', q_fruits: ['apple'], q_photo: [photo.id] }),
    })
    .where(eq(formResponses.id, third))
  return {
    tenant,
    channelId,
    reader,
    exporter,
    formId,
    v1: v1.id,
    v2: v2.id,
    ids: { first, second, third, fourth, fifth },
    photo,
    citizens: { yamada, suzuki, nameless },
  }
}

async function lastLog(tenantId: string, action: string) {
  const [row] = await testDb.current.db
    .select()
    .from(accessLogs)
    .where(and(eq(accessLogs.tenantId, tenantId), eq(accessLogs.action, action)))
    .orderBy(desc(accessLogs.createdAt))
    .limit(1)
  return row
}

beforeAll(async () => {
  city = await seedCity()
})

describe('listFormResponses', () => {
  it('lists the answers newest first with their cells in the staff language', async () => {
    const list = await listFormResponses({ ctx: city.reader, secrets, input: { formId: city.formId } })
    expect(list.total).toBe(5)
    expect(list.formTotal).toBe(5)
    expect(list.rows.map((r) => r.id)).toEqual([
      city.ids.fifth,
      city.ids.fourth,
      city.ids.third,
      city.ids.second,
      city.ids.first,
    ])
    const first = list.rows.find((r) => r.id === city.ids.first)!
    expect(first.citizen).toMatchObject({ id: city.citizens.yamada.id, displayName: '山田 太郎' })
    expect(first.version).toBe(1)
    expect(first.cells.q_name).toBe('ヤマダ タロウ')
    expect(first.cells.q_color).toBe('赤')
    expect(first.cells.q_fruits).toContain('りんご')
    expect(first.cells.q_fruits).toContain('ぶどう')
    expect(first.cells.q_age).toBeUndefined()
    const third = list.rows.find((r) => r.id === city.ids.third)!
    expect(third.cells.q_photo).toContain('店の写真.jpg')
    const english = await listFormResponses({
      ctx: city.reader,
      secrets,
      input: { formId: city.formId, language: 'en' },
    })
    expect(english.rows.find((r) => r.id === city.ids.first)!.cells.q_color).toBe('Red')
  })

  it('has a column per question: the current version in order, then questions only older versions had', async () => {
    const list = await listFormResponses({ ctx: city.reader, secrets, input: { formId: city.formId } })
    expect(list.columns.map((c) => c.questionId)).toEqual([
      'q_name',
      'q_color',
      'q_fruits',
      'q_phone',
      'q_photo',
      'q_age',
      'q_note',
    ])
    expect(list.columns.find((c) => c.questionId === 'q_color')!.options!.map((o) => o.id)).toEqual([
      'red',
      'blue',
      'green',
    ])
    expect(list.form).toMatchObject({ id: city.formId, currentVersion: 2 })
    expect(list.form.versions.map((v) => v.version)).toEqual([2, 1])
  })

  it('filters by choice, by text ignoring width and case, by phone without hyphens and by number', async () => {
    const ids = async (filters: { questionId: string; value: string }[]) =>
      (
        await listFormResponses({ ctx: city.reader, secrets, input: { formId: city.formId, filters } })
      ).rows.map((r) => r.id)
    expect(await ids([{ questionId: 'q_color', value: 'red' }])).toEqual([city.ids.fifth, city.ids.first])
    expect(await ids([{ questionId: 'q_fruits', value: 'orange' }])).toEqual([
      city.ids.fifth,
      city.ids.second,
    ])
    expect(
      await ids([
        { questionId: 'q_fruits', value: 'apple' },
        { questionId: 'q_color', value: 'red' },
      ]),
    ).toEqual([city.ids.fifth, city.ids.first])
    // Half-width katakana finds the full-width answer; "abc" finds "ＡＢＣ商店".
    expect(await ids([{ questionId: 'q_name', value: 'ﾔﾏﾀﾞ' }])).toEqual([city.ids.first])
    expect(await ids([{ questionId: 'q_name', value: 'abc' }])).toEqual([city.ids.third])
    expect(await ids([{ questionId: 'q_phone', value: '０９０１２３４' }])).toEqual([city.ids.first])
    expect(await ids([{ questionId: 'q_age', value: '４２' }])).toEqual([city.ids.fourth])
    // A question only an older version had still filters the answers given on it.
    expect(await ids([{ questionId: 'q_note', value: '補修' }])).toEqual([city.ids.first])
    expect(await ids([{ questionId: 'q_name', value: 'nobody' }])).toEqual([])
  })

  it('filters by Japan-time period and by version', async () => {
    const ids = async (input: { from?: string; to?: string; versionId?: string }) =>
      (
        await listFormResponses({ ctx: city.reader, secrets, input: { formId: city.formId, ...input } })
      ).rows.map((r) => r.id)
    expect(await ids({ from: '2025-11-21', to: '2025-11-21' })).toEqual([city.ids.third, city.ids.second])
    expect(await ids({ to: '2025-11-20' })).toEqual([city.ids.first])
    expect(await ids({ from: '2025-11-23' })).toEqual([city.ids.fifth, city.ids.fourth])
    expect(await ids({ versionId: city.v1 })).toEqual([city.ids.third, city.ids.second, city.ids.first])
  })

  it('refuses a filter on an unknown or upload question', async () => {
    for (const questionId of ['q_nope', 'q_photo']) {
      await expect(
        listFormResponses({
          ctx: city.reader,
          secrets,
          input: { formId: city.formId, filters: [{ questionId, value: 'x' }] },
        }),
      ).rejects.toBeInstanceOf(Invalid)
    }
  })

  it('pages through more than one decrypting batch, with and without filters', async () => {
    const { db } = testDb.current
    const { formId, versions } = await insertForm(db, city.tenant.id, [surveyV1()])
    const citizen = await insertCitizen(db, city.tenant.id, city.channelId, '大量 回答')
    // One statement: every answer gets the same submittedAt, so the order rests on the id alone.
    const seeds = Array.from({ length: 1205 }, (_, i) => ({
      citizenId: citizen.id,
      versionId: versions[0]!.id,
      answers: { q_name: `回答${i}`, q_color: i % 2 === 0 ? 'red' : 'blue' },
    }))
    await insertResponses(db, secrets, { tenantId: city.tenant.id, channelId: city.channelId, formId }, seeds)
    const all = await listFormResponses({
      ctx: city.reader,
      secrets,
      input: { formId, pageSize: 200, page: 7 },
    })
    expect(all.total).toBe(1205)
    expect(all.rows).toHaveLength(5)
    const red = { formId, filters: [{ questionId: 'q_color', value: 'red' }], pageSize: 200 }
    const seen = new Set<string>()
    for (let page = 1; page <= 4; page++) {
      const list = await listFormResponses({ ctx: city.reader, secrets, input: { ...red, page } })
      expect(list.total).toBe(603)
      expect(list.rows).toHaveLength(page === 4 ? 3 : 200)
      for (const row of list.rows) {
        expect(row.cells.q_color).toBe('赤')
        seen.add(row.id)
      }
    }
    expect(seen.size).toBe(603)
    const unfiltered = new Set<string>()
    for (let page = 1; page <= 7; page++) {
      const list = await listFormResponses({
        ctx: city.reader,
        secrets,
        input: { formId, pageSize: 200, page },
      })
      for (const row of list.rows) unfiltered.add(row.id)
    }
    expect(unfiltered.size).toBe(1205)
  })

  it('writes each listing to the access log with its filters and count', async () => {
    await listFormResponses({
      ctx: city.reader,
      secrets,
      input: { formId: city.formId, from: '2025-11-21', filters: [{ questionId: 'q_color', value: 'red' }] },
    })
    const log = await lastLog(city.tenant.id, 'form_response.list')
    expect(log).toMatchObject({
      staffUserId: city.reader.actor.userId,
      targetType: 'form',
      targetId: city.formId,
      detail: { from: '2025-11-21', filters: [{ questionId: 'q_color', value: 'red' }], total: 1, page: 1 },
    })
  })
})

describe('tenant isolation and permissions', () => {
  it("treats another tenant's form and answers as not found", async () => {
    const { db } = testDb.current
    const other = await createTenant(db)
    const admin = await staffCtx(db, other.id, { role: 'tenant_admin' })
    const formId = city.formId
    await expect(listFormResponses({ ctx: admin, secrets, input: { formId } })).rejects.toBeInstanceOf(
      NotFound,
    )
    await expect(formResponseStats({ ctx: admin, secrets, input: { formId } })).rejects.toBeInstanceOf(
      NotFound,
    )
    await expect(
      exportFormResponses({ ctx: admin, secrets, input: { formId, format: 'csv', language: 'ja' } }),
    ).rejects.toBeInstanceOf(NotFound)
    await expect(
      getFormResponse({ ctx: admin, secrets, input: { responseId: city.ids.first } }),
    ).rejects.toBeInstanceOf(NotFound)
    const [logged] = await db.select().from(accessLogs).where(eq(accessLogs.tenantId, other.id))
    expect(logged).toBeUndefined()
  })

  it('needs form_answers.read to read and form_answers.export to export', async () => {
    const { db } = testDb.current
    const manager = await staffCtx(db, city.tenant.id, {
      permissions: ['forms.manage', 'form_answers.export'],
    })
    const formId = city.formId
    await expect(listFormResponses({ ctx: manager, secrets, input: { formId } })).rejects.toBeInstanceOf(
      Forbidden,
    )
    await expect(formResponseStats({ ctx: manager, secrets, input: { formId } })).rejects.toBeInstanceOf(
      Forbidden,
    )
    await expect(
      getFormResponse({ ctx: manager, secrets, input: { responseId: city.ids.first } }),
    ).rejects.toBeInstanceOf(Forbidden)
    await expect(
      exportFormResponses({ ctx: city.reader, secrets, input: { formId, format: 'csv', language: 'ja' } }),
    ).rejects.toBeInstanceOf(Forbidden)
  })
})

describe('getFormResponse', () => {
  it('returns the answer with its version, files and resident, and logs the view', async () => {
    const detail = await getFormResponse({ ctx: city.reader, secrets, input: { responseId: city.ids.third } })
    expect(detail).toMatchObject({
      id: city.ids.third,
      formId: city.formId,
      language: 'ja',
      editCount: 0,
      citizen: { id: city.citizens.nameless.id, displayName: null },
      version: { id: city.v1, version: 1 },
      currentVersion: 2,
      answers: { q_name: 'ＡＢＣ商店', q_fruits: ['apple'], q_photo: [city.photo.id] },
      files: [{ id: city.photo.id, contentType: 'image/jpeg', byteSize: 1234, fileName: '店の写真.jpg' }],
    })
    expect(detail.version.definition.sections[0]!.questions.map((q) => q.id)).toContain('q_note')
    expect(detail.formTitle.ja).toBe('市民アンケート: 2026/秋')
    const log = await lastLog(city.tenant.id, 'form_response.view')
    expect(log).toMatchObject({
      staffUserId: city.reader.actor.userId,
      targetType: 'form_response',
      targetId: city.ids.third,
      detail: { formId: city.formId },
    })
  })
})

describe('formResponseStats', () => {
  it('counts answers per Japan-time day and picks per option over every version', async () => {
    const stats = await formResponseStats({ ctx: city.reader, secrets, input: { formId: city.formId } })
    expect(stats.total).toBe(5)
    expect(stats.byDay).toEqual([
      { date: '2025-11-20', count: 1 },
      { date: '2025-11-21', count: 2 },
      { date: '2025-11-22', count: 0 },
      { date: '2025-11-23', count: 2 },
    ])
    const color = stats.questions.find((q) => q.questionId === 'q_color')!
    expect(color.answered).toBe(4)
    expect(color.options.map((o) => [o.optionId, o.count])).toEqual([
      ['red', 2],
      ['blue', 1],
      ['green', 1],
    ])
    const fruits = stats.questions.find((q) => q.questionId === 'q_fruits')!
    expect(fruits.answered).toBe(4)
    expect(fruits.options.map((o) => [o.optionId, o.count])).toEqual([
      ['apple', 3],
      ['orange', 2],
      ['grape', 1],
    ])
    expect(stats.questions.map((q) => q.questionId)).toEqual(['q_color', 'q_fruits'])
  })

  it('counts within a period and fills its empty days', async () => {
    const stats = await formResponseStats({
      ctx: city.reader,
      secrets,
      input: { formId: city.formId, from: '2025-11-21', to: '2025-11-22' },
    })
    expect(stats.total).toBe(2)
    expect(stats.byDay).toEqual([
      { date: '2025-11-21', count: 2 },
      { date: '2025-11-22', count: 0 },
    ])
    expect(stats.questions.find((q) => q.questionId === 'q_color')!.options.map((o) => o.count)).toEqual([
      0, 1, 0,
    ])
  })
})

describe('formResponseStats with answer filters', () => {
  it('counts only the answers the filters keep, as the table shows them', async () => {
    const stats = await formResponseStats({
      ctx: city.reader,
      secrets,
      input: { formId: city.formId, filters: [{ questionId: 'q_color', value: 'red' }] },
    })
    expect(stats.total).toBe(2)
    expect(stats.byDay.map((d) => d.count)).toEqual([1, 0, 0, 1])
    const fruits = stats.questions.find((q) => q.questionId === 'q_fruits')!
    expect(fruits.answered).toBe(2)
    expect(fruits.options.map((o) => o.count)).toEqual([2, 1, 1])
  })
})

describe('exportFormResponses', () => {
  it('writes a CSV Excel opens: BOM, CRLF, quoting, formula guard, labels in the chosen language', async () => {
    const file = await exportFormResponses({
      ctx: city.exporter,
      secrets,
      input: { formId: city.formId, format: 'csv', language: 'ja' },
    })
    expect(file.contentType).toBe('text/csv; charset=utf-8')
    expect(file.fileName).toMatch(/^市民アンケート_2026_秋_回答_\d{12}\.csv$/)
    expect(file.rowCount).toBe(5)
    expect([...file.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = file.body.toString('utf8').slice(1)
    expect(text.endsWith('\r\n')).toBe(true)
    const [header, first, second] = text.split('\r\n')
    expect(header).toBe(
      '回答ID,回答日時,更新日時,友だち名,バージョン,言語,お名前,好きな色,好きな果物,電話番号,写真,年齢,ご意見',
    )
    expect(first).toMatch(
      new RegExp(`^${city.ids.first},2025-11-20 09:00,,山田 太郎,1,日本語,ヤマダ タロウ,赤,"?[^,]*りんご`),
    )
    // A comment with a comma, a quote and a line break stays one quoted field.
    expect(text).toContain('"道路の補修を\n早めに, ""お願い""します"')
    // The answer that looks like a formula is written as text.
    expect(second).toContain(
      `${city.ids.second},2025-11-21 00:30,2025-11-22 10:15,Suzuki,1,英語,"'=HYPERLINK(`,
    )
    expect(text).toContain("'+81 90 0000 1111")
    expect(text).toContain('店の写真.jpg')
    const log = await lastLog(city.tenant.id, 'form_response.export')
    expect(log).toMatchObject({
      staffUserId: city.exporter.actor.userId,
      targetType: 'form',
      targetId: city.formId,
      detail: { format: 'csv', language: 'ja', rowCount: 5 },
    })
  })

  it('exports only what the filters keep, with English labels and headers', async () => {
    const file = await exportFormResponses({
      ctx: city.exporter,
      secrets,
      input: {
        formId: city.formId,
        format: 'csv',
        language: 'en',
        filters: [{ questionId: 'q_fruits', value: 'apple' }],
      },
    })
    expect(file.rowCount).toBe(3)
    const [header, ...rows] = file.body.toString('utf8').slice(1).trimEnd().split('\r\n')
    expect(header).toBe(
      'Answer ID,Answered at,Updated at,Friend name,Version,Language,Name,Favourite colour,Fruits,Phone,Photo,Age,Comments',
    )
    expect(rows.map((r) => r.split(',')[0])).toEqual([city.ids.first, city.ids.third, city.ids.fifth])
    expect(rows[0]).toContain(',Japanese,')
    expect(rows[0]).toContain('Apple')
    // "ぶどう" has no English label: it falls back to Japanese.
    expect(rows[0]).toContain('ぶどう')
    expect(rows[2]).toContain(',Korean,')
    expect(rows[2]).toContain(',Red,')
    const log = await lastLog(city.tenant.id, 'form_response.export')
    expect(log?.detail).toMatchObject({
      format: 'csv',
      language: 'en',
      rowCount: 3,
      filters: { answers: [{ questionId: 'q_fruits', value: 'apple' }] },
    })
  })

  it('writes an .xlsx with a bold frozen header, real dates and the answers as text', async () => {
    const file = await exportFormResponses({
      ctx: city.exporter,
      secrets,
      input: { formId: city.formId, format: 'xlsx', language: 'ja', headerLanguage: 'en' },
    })
    expect(file.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(file.fileName).toMatch(/_answers_\d{12}\.xlsx$/)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(file.body as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]!
    // "市民アンケート: 2026/秋" has characters Excel forbids in sheet names.
    expect(sheet.name).toBe('市民アンケート 2026 秋')
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    const header = sheet.getRow(1)
    expect(header.getCell(1).value).toBe('Answer ID')
    expect(header.getCell(7).value).toBe('お名前')
    expect(header.font?.bold ?? header.getCell(1).font?.bold).toBe(true)
    expect(sheet.rowCount).toBe(6)
    const second = sheet.getRow(3)
    expect(second.getCell(1).value).toBe(city.ids.second)
    const submitted = second.getCell(2).value as Date
    expect(submitted).toBeInstanceOf(Date)
    // Excel dates carry no zone: the cell holds the Japan wall-clock time.
    expect(submitted.toISOString()).toBe('2025-11-21T00:30:00.000Z')
    expect(second.getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm')
    expect((second.getCell(3).value as Date).toISOString()).toBe('2025-11-22T10:15:00.000Z')
    expect(second.getCell(4).value).toBe('Suzuki')
    expect(second.getCell(5).value).toBe(1)
    expect(second.getCell(6).value).toBe('English')
    // In a workbook a formula-like answer is a plain string cell, never a formula.
    expect(second.getCell(7).value).toBe('=HYPERLINK("http://evil.example","x")')
    expect(second.getCell(8).value).toBe('青')
    expect(sheet.getRow(2).getCell(3).value).toBeNull()
    expect(sheet.getRow(4).getCell(4).value).toBe('')
    expect(sheet.getColumn(7).width).toBeGreaterThanOrEqual(10)
    const log = await lastLog(city.tenant.id, 'form_response.export')
    expect(log?.detail).toMatchObject({ format: 'xlsx', rowCount: 5 })
  })

  it('exports a header row alone when nothing matches, and still logs it', async () => {
    const file = await exportFormResponses({
      ctx: city.exporter,
      secrets,
      input: { formId: city.formId, format: 'csv', language: 'ja', from: '2026-01-01' },
    })
    expect(file.rowCount).toBe(0)
    expect(file.body.toString('utf8').slice(1).split('\r\n').filter(Boolean)).toHaveLength(1)
    expect((await lastLog(city.tenant.id, 'form_response.export'))?.detail).toMatchObject({ rowCount: 0 })
  })
})
