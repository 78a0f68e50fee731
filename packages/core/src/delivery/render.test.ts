import { startLineEmulator } from '@kairan/line-emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DeliveryContent } from './content.ts'
import {
  altText,
  heroAspectRatio,
  pickVariant,
  type RenderEnv,
  renderMessages,
  variantLanguages,
} from './render.ts'

const IMAGE = '0190d7a4-7c2e-7b3a-9f00-000000000001'
const CARD_IMAGE = '0190d7a4-7c2e-7b3a-9f00-000000000002'
const FORM = '0190d7a4-7c2e-7b3a-9f00-0000000000f0'
const EMOJI = '5ac1bfd5040ab15980c9b435'

const env: RenderEnv = {
  publicBaseUrl: 'https://liff.example.jp/',
  liffId: '2000000001-AbCdEfGh',
  channelId: '0190d7a4-7c2e-7b3a-9f00-0000000000c0',
  images: new Map([
    [IMAGE, { width: 2048, height: 1536 }],
    [CARD_IMAGE, { width: 1024, height: 683 }],
  ]),
}

const content = DeliveryContent.parse({
  messages: [
    {
      type: 'text',
      text: {
        ja: `ごみ収集日のお知らせ{{emoji:${EMOJI}:001}} {曜日} 変更 {{emoji:${EMOJI}:001}}{{emoji:${EMOJI}:002}}`,
        en: `Garbage day {{emoji:${EMOJI}:001}}`,
      },
    },
    { type: 'image', imageId: IMAGE },
    { type: 'sticker', packageId: '446', stickerId: '1988' },
    {
      type: 'card',
      imageId: CARD_IMAGE,
      title: { ja: '防災訓練', en: 'Disaster drill' },
      body: { ja: '10月1日 9:00 市役所前', en: 'Oct 1, 9:00, city hall' },
      buttons: [
        {
          label: { ja: '詳しく', en: 'Details' },
          action: { kind: 'url', url: 'https://city.example.jp/drill' },
        },
        { label: { ja: '申し込む', en: 'Apply' }, action: { kind: 'form', formId: FORM } },
        {
          label: { ja: '参加します', en: 'Join' },
          action: { kind: 'postback', data: 'drill=yes', displayText: { ja: '参加します', en: "I'll join" } },
        },
      ],
    },
    { type: 'text', text: { ja: 'ご協力お願いします', en: 'Thank you' } },
  ],
  altText: { ja: '防災訓練のお知らせ', en: 'Disaster drill' },
})

describe('variantLanguages / pickVariant', () => {
  it('offers a language only when every text that has Japanese is translated', () => {
    expect(variantLanguages(content)).toEqual(['ja', 'en'])
    expect(pickVariant(content, 'en')).toBe('en')
    expect(pickVariant(content, 'ko')).toBe('ja')
    expect(pickVariant(content, null)).toBe('ja')

    // One button label missing in English: no English variant at all (no mixed bubbles).
    const partial = structuredClone(content)
    const card = partial.messages[3]
    if (card?.type !== 'card') throw new Error('fixture')
    card.buttons[2]!.action = { kind: 'postback', data: 'x', displayText: { ja: '参加します' } }
    expect(variantLanguages(partial)).toEqual(['ja'])
    expect(pickVariant(partial, 'en')).toBe('ja')

    // Texts left empty in Japanese (optional body) are not required in other languages either.
    const simple = DeliveryContent.parse({
      messages: [{ type: 'text', text: { ja: 'こんにちは', ko: '안녕하세요', 'ja-easy': 'こんにちは' } }],
      altText: {},
    })
    expect(variantLanguages(simple)).toEqual(['ja', 'ko', 'ja-easy'])
  })

  it('requires the alt text in a language when it is composed in Japanese', () => {
    const c = DeliveryContent.parse({
      messages: [{ type: 'text', text: { ja: 'あ', en: 'a' } }],
      altText: { ja: '通知' },
    })
    expect(variantLanguages(c)).toEqual(['ja'])
  })
})

describe('renderMessages', () => {
  it('renders each message type for the language, with emoji substitution and escaped braces', () => {
    const [text, image, sticker, card, last] = renderMessages(content, 'ja', env) as never[]
    expect(text).toEqual({
      type: 'textV2',
      text: 'ごみ収集日のお知らせ{e1} {{曜日}} 変更 {e1}{e2}',
      substitution: {
        e1: { type: 'emoji', productId: EMOJI, emojiId: '001' },
        e2: { type: 'emoji', productId: EMOJI, emojiId: '002' },
      },
    })
    expect(image).toEqual({
      type: 'image',
      originalContentUrl: `https://liff.example.jp/media/delivery-images/${IMAGE}/original`,
      previewImageUrl: `https://liff.example.jp/media/delivery-images/${IMAGE}/preview`,
    })
    expect(sticker).toEqual({ type: 'sticker', packageId: '446', stickerId: '1988' })
    expect(last).toEqual({ type: 'text', text: 'ご協力お願いします' })
    expect(card).toMatchObject({
      type: 'flex',
      altText: '防災訓練のお知らせ',
      contents: {
        type: 'bubble',
        hero: {
          type: 'image',
          url: `https://liff.example.jp/media/delivery-images/${CARD_IMAGE}/card`,
          aspectRatio: '1024:683',
        },
        body: { contents: [{ text: '防災訓練', weight: 'bold' }, { text: '10月1日 9:00 市役所前' }] },
        footer: {
          contents: [
            { action: { type: 'uri', label: '詳しく', uri: 'https://city.example.jp/drill' } },
            {
              action: {
                type: 'uri',
                label: '申し込む',
                uri: `https://liff.line.me/${env.liffId}/forms/${FORM}`,
              },
            },
            {
              action: { type: 'postback', label: '参加します', data: 'drill=yes', displayText: '参加します' },
            },
          ],
        },
      },
    })
    const english = renderMessages(content, 'en', env) as never[]
    expect(english[0]).toEqual({
      type: 'textV2',
      text: 'Garbage day {e1}',
      substitution: { e1: { type: 'emoji', productId: EMOJI, emojiId: '001' } },
    })
    expect(english[3]).toMatchObject({
      altText: 'Disaster drill',
      contents: { body: { contents: [{ text: 'Disaster drill' }, { text: 'Oct 1, 9:00, city hall' }] } },
    })
  })

  it('falls back to Japanese for a language without a variant, and to the direct LIFF URL without a LIFF app', () => {
    const korean = renderMessages(content, 'ko', { ...env, liffId: null }) as never[]
    expect(JSON.stringify(korean[3])).toContain(`https://liff.example.jp/c/${env.channelId}/forms/${FORM}`)
    expect(korean[4]).toEqual({ type: 'text', text: 'ご協力お願いします' })
  })

  it('is deterministic: the same input gives byte-identical JSON', () => {
    const a = JSON.stringify(renderMessages(content, 'en', env))
    const reparsed = DeliveryContent.parse(JSON.parse(JSON.stringify(content)))
    const b = JSON.stringify(
      renderMessages(reparsed, 'en', { ...env, images: new Map([...env.images].reverse()) }),
    )
    expect(b).toBe(a)
  })

  it('refuses a card whose image size is unknown instead of guessing an aspect ratio', () => {
    expect(() => renderMessages(content, 'ja', { ...env, images: new Map() })).toThrow(/not known/)
  })

  it('derives alt text from the first text when none is composed', () => {
    const c = DeliveryContent.parse({
      messages: [
        { type: 'sticker', packageId: '446', stickerId: '1988' },
        { type: 'text', text: { ja: `大雨{{emoji:${EMOJI}:003}}  警報` } },
      ],
      altText: {},
    })
    expect(altText(c, 'en')).toBe('大雨 警報')
  })

  it('writes LINE aspect ratios within its limits', () => {
    expect(heroAspectRatio(1024, 683)).toBe('1024:683')
    expect(heroAspectRatio(2000, 1000)).toBe('2:1')
    expect(heroAspectRatio(100, 900)).toBe('1:3') // taller than 1:3 is cropped
    expect(heroAspectRatio(0, 0)).toBe('1:1')
  })
})

describe('rendered messages pass LINE validation (emulator, OpenAPI spec)', () => {
  let emulator: Awaited<ReturnType<typeof startLineEmulator>>
  const token = 'emulator-render-token-0123'
  beforeAll(async () => {
    emulator = await startLineEmulator({ port: 0 })
    emulator.upsertChannel({
      channelId: '2000000401',
      channelSecret: 'abcdef0123456789abcdef0123456789',
      accessToken: token,
      botUserId: 'U0000000000000000000000000000f0b1',
      name: '描画テスト市',
      webhookUrl: null,
    })
  })
  afterAll(async () => {
    await emulator?.stop()
  })

  async function validate(body: object) {
    const res = await fetch(`${emulator.url}/v2/bot/message/validate/multicast`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    })
    return { status: res.status, body: await res.json() }
  }

  it.each(['ja', 'en', 'ko'])('accepts the %s rendering', async (language) => {
    const messages = renderMessages(content, language, env)
    expect(await validate({ messages })).toEqual({ status: 200, body: {} })
  })

  it('is a real check: a broken message is refused', async () => {
    const messages = renderMessages(content, 'ja', env) as unknown as Record<string, unknown>[]
    delete messages[1]!.previewImageUrl
    const result = await validate({ messages })
    expect(result.status).toBe(400)
  })
})
