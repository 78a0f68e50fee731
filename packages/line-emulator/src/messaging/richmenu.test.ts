import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHANNEL, type Harness, png, startHarness } from '../test-support.ts'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const menu = (name = 'メインメニュー') => ({
  size: { width: 2500, height: 843 },
  selected: true,
  name,
  chatBarText: 'メニュー',
  areas: [
    { bounds: { x: 0, y: 0, width: 1250, height: 843 }, action: { type: 'postback', data: 'menu=left' } },
    {
      bounds: { x: 1250, y: 0, width: 1250, height: 843 },
      action: { type: 'richmenuswitch', richMenuAliasId: 'tab-b', data: 'b' },
    },
  ],
})

async function upload(richMenuId: string, image: Buffer, type = 'image/png') {
  return fetch(`${h.url}/v2/bot/richmenu/${richMenuId}/content`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CHANNEL.accessToken}`, 'content-type': type },
    body: new Uint8Array(image),
  })
}

describe('rich menus', () => {
  it('creates a menu, uploads its image, sets it as default; the resident sees it', async () => {
    const created = await h.api('POST', '/v2/bot/richmenu', menu())
    expect(created.status).toBe(200)
    const { richMenuId } = created.body
    expect(richMenuId).toMatch(/^richmenu-[0-9a-f]{32}$/)
    const early = await h.api('POST', `/v2/bot/user/all/richmenu/${richMenuId}`)
    expect(early.status).toBe(400)
    const image = png(2500, 843)
    const uploaded = await upload(richMenuId, image)
    expect(uploaded.status).toBe(200)
    expect((await upload(richMenuId, image)).status).toBe(400) // an image can't be replaced
    const set = await h.api('POST', `/v2/bot/user/all/richmenu/${richMenuId}`)
    expect(set.status).toBe(200)
    expect((await h.api('GET', '/v2/bot/user/all/richmenu')).body).toEqual({ richMenuId })
    const downloaded = await fetch(`${h.url}/v2/bot/richmenu/${richMenuId}/content`, {
      headers: { authorization: `Bearer ${CHANNEL.accessToken}` },
    })
    expect(downloaded.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(image)).toBe(true)
    const resident = await h.resident()
    const seen = await h.control(
      'GET',
      `/_emulator/residents/${resident.userId}/richmenu?channelId=${CHANNEL.channelId}`,
    )
    expect(seen.body.richMenu).toMatchObject({ richMenuId, chatBarText: 'メニュー' })
    const img = await fetch(seen.body.imageUrl)
    expect(img.headers.get('content-type')).toBe('image/png')
    expect((await h.api('GET', '/v2/bot/richmenu/list')).body.richmenus).toEqual([
      expect.objectContaining({ richMenuId, name: 'メインメニュー' }),
    ])
  })

  it('checks the image: dimensions, type', async () => {
    const { richMenuId } = (await h.api('POST', '/v2/bot/richmenu', menu('dims'))).body
    const wrong = await upload(richMenuId, png(2500, 1686))
    expect(wrong.status).toBe(400)
    expect(((await wrong.json()) as { message: string }).message).toContain('2500x843')
    expect((await upload(richMenuId, png(2500, 843), 'image/gif')).status).toBe(415)
  })

  it('rejects invalid menu objects', async () => {
    const r = await h.api('POST', '/v2/bot/richmenu', {
      ...menu(),
      size: { width: 2500, height: 2000 },
      chatBarText: 'x'.repeat(15),
    })
    expect(r.status).toBe(400)
    expect(r.body.details).toEqual(
      expect.arrayContaining([
        { message: 'Length must be between 0 and 14', property: 'chatBarText' },
        expect.objectContaining({ property: 'size' }),
      ]),
    )
    expect((await h.api('POST', '/v2/bot/richmenu/validate', menu())).status).toBe(200)
  })

  it('creates and reads aliases; a richmenuswitch postback switches the resident’s menu', async () => {
    const a = (await h.api('POST', '/v2/bot/richmenu', menu('A'))).body.richMenuId
    const b = (await h.api('POST', '/v2/bot/richmenu', menu('B'))).body.richMenuId
    expect(
      (await h.api('POST', '/v2/bot/richmenu/alias', { richMenuAliasId: 'tab-b', richMenuId: b })).status,
    ).toBe(400)
    await upload(a, png(2500, 843))
    await upload(b, png(2500, 843))
    const created = await h.api('POST', '/v2/bot/richmenu/alias', { richMenuAliasId: 'tab-b', richMenuId: b })
    expect(created.status).toBe(200)
    expect((await h.api('GET', '/v2/bot/richmenu/alias/tab-b')).body).toEqual({
      richMenuAliasId: 'tab-b',
      richMenuId: b,
    })
    expect(
      (await h.api('POST', '/v2/bot/richmenu/alias', { richMenuAliasId: 'tab-b', richMenuId: a })).status,
    ).toBe(400)
    expect(
      (await h.api('POST', '/v2/bot/richmenu/alias', { richMenuAliasId: 'Bad Alias', richMenuId: a })).status,
    ).toBe(400)
    expect((await h.api('GET', '/v2/bot/richmenu/alias/list')).body.aliases).toEqual([
      { richMenuAliasId: 'tab-b', richMenuId: b },
    ])
    const resident = await h.resident()
    expect((await h.api('POST', `/v2/bot/user/${resident.userId}/richmenu/${a}`)).status).toBe(200)
    expect((await h.api('GET', `/v2/bot/user/${resident.userId}/richmenu`)).body).toEqual({ richMenuId: a })
    await h.control('POST', `/_emulator/residents/${resident.userId}/postback`, {
      channelId: CHANNEL.channelId,
      data: 'b',
      params: { newRichMenuAliasId: 'tab-b' },
    })
    expect((await h.api('GET', `/v2/bot/user/${resident.userId}/richmenu`)).body).toEqual({ richMenuId: b })
  })

  it('bulk-links up to 500 users (202) and refuses 501', async () => {
    const { richMenuId } = (await h.api('POST', '/v2/bot/richmenu', menu('bulk'))).body
    await upload(richMenuId, png(2500, 843))
    const resident = await h.resident()
    const ok = await h.api('POST', '/v2/bot/richmenu/bulk/link', { richMenuId, userIds: [resident.userId] })
    expect(ok.status).toBe(202)
    const tooMany = await h.api('POST', '/v2/bot/richmenu/bulk/link', {
      richMenuId,
      userIds: Array.from({ length: 501 }, (_, i) => `U${i.toString(16).padStart(32, '0')}`),
    })
    expect(tooMany.status).toBe(400)
    await new Promise((r) => setTimeout(r, 50))
    expect((await h.api('GET', `/v2/bot/user/${resident.userId}/richmenu`)).body).toEqual({ richMenuId })
  })
})
