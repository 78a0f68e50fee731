import { describe, expect, it } from 'vitest'
import { getOpenApi, toProperty } from './validate.ts'

describe('OpenAPI validators', () => {
  const api = getOpenApi()

  it('routes literal segments before parameters, and by method', () => {
    expect(api.match('GET', '/v2/bot/richmenu/list')?.operation.operationId).toBe('getRichMenuList')
    expect(api.match('GET', '/v2/bot/richmenu/richmenu-1')?.operation.operationId).toBe('getRichMenu')
    expect(api.match('DELETE', '/v2/bot/richmenu/richmenu-1')?.operation.operationId).toBe('deleteRichMenu')
    expect(api.match('GET', '/v2/bot/audienceGroup/list')?.operation.operationId).toBe('getAudienceGroups')
    expect(api.match('GET', '/v2/bot/audienceGroup/123')?.params).toEqual({ audienceGroupId: '123' })
    expect(api.match('PUT', '/v2/bot/message/push')).toBeNull()
  })

  it('turns discriminators into checks of the subtype', () => {
    const push = api.match('POST', '/v2/bot/message/push')?.operation
    const check = (messages: unknown[]) => push?.checkBody({ to: 'U', messages })
    expect(check([{ type: 'text', text: 'ok' }])).toEqual([])
    expect(check([{ type: 'sticker', packageId: '1' }])).toEqual([
      { message: 'must be specified', property: 'messages[0].stickerId' },
    ])
    expect(check([{ text: 'no type' }])).toEqual([
      { message: 'must be specified', property: 'messages[0].type' },
    ])
    const quick = check([
      {
        type: 'text',
        text: 'q',
        quickReply: { items: [{ type: 'action', action: { type: 'message', label: 'l' } }] },
      },
    ])
    expect(quick).toEqual([
      { message: 'must be specified', property: 'messages[0].quickReply.items[0].action.text' },
    ])
  })

  it('validates webhook bodies (CallbackRequest)', () => {
    expect(api.checkWebhookBody({ destination: `U${'0'.repeat(32)}`, events: [] })).toEqual([])
    expect(api.checkWebhookBody({ destination: 'x', events: [{ type: 'follow' }] }).length).toBeGreaterThan(1)
  })

  it('writes properties the way LINE does', () => {
    expect(toProperty('/messages/0/template/actions/1/uri')).toBe('messages[0].template.actions[1].uri')
    expect(toProperty('', 'to')).toBe('to')
  })
})
