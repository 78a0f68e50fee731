import { RESIDENT_LANGUAGES, type ResidentLanguage } from '@kairan/i18n'
import type { messagingApi } from '@line/bot-sdk'
import { type CardButton, type DeliveryContent, type DeliveryMessage, EMOJI_TOKEN } from './content.ts'

/**
 * Turns what staff composed (DeliveryContent) into LINE message objects for one language
 * (PLAT-4, SEG-12). Pure and deterministic: the same content, language and environment give the
 * same JSON byte for byte — a batch resent after a crash carries the same retry key and must carry
 * the same body (SEG-13). Nothing here reads a clock, a random source or the database.
 */

export type DeliveryLanguage = ResidentLanguage
export const DELIVERY_LANGUAGES: readonly DeliveryLanguage[] = RESIDENT_LANGUAGES

/** The image sizes a render needs (the hero aspect ratio of cards), by `delivery_images.id`. */
export type RenderImages = ReadonlyMap<string, { width: number; height: number }>

export type RenderEnv = {
  /** Where apps/liff is served (`https://liff.example.jp`): images and form links point there. */
  publicBaseUrl: string
  /** The channel's LIFF app, for form buttons (`https://liff.line.me/<liffId>/forms/<id>`). */
  liffId: string | null
  /** Our channel id, for the direct LIFF URL when the channel has no LIFF app. */
  channelId: string
  images: RenderImages
}

/** The stored renditions of a delivery image (see images.ts). */
export const DELIVERY_IMAGE_VARIANTS = ['original', 'preview', 'card'] as const
export type DeliveryImageVariant = (typeof DELIVERY_IMAGE_VARIANTS)[number]

const ALT_TEXT_MAX = 400

/** Every text of a message a resident reads, with whether Japanese makes it required. */
function textsOf(message: DeliveryMessage): Record<string, string>[] {
  switch (message.type) {
    case 'text':
      return [message.text]
    case 'image':
    case 'sticker':
      return []
    case 'card':
      return [
        message.title,
        message.body,
        ...message.buttons.flatMap((b) => [
          b.label,
          ...(b.action.kind === 'postback' ? [b.action.displayText] : []),
        ]),
      ]
  }
}

const filled = (value: string | undefined): value is string => value !== undefined && value.trim() !== ''

/**
 * The languages this content can be sent in: every text that has Japanese also has this language
 * (a half-translated message would mix languages in one chat bubble). Japanese is always there.
 */
export function variantLanguages(content: DeliveryContent): DeliveryLanguage[] {
  const texts = [...content.messages.flatMap(textsOf), content.altText].filter((t) => filled(t.ja))
  return DELIVERY_LANGUAGES.filter((lang) => lang === 'ja' || texts.every((t) => filled(t[lang])))
}

/** The variant a resident gets: their language when the content is complete in it, else Japanese. */
export function pickVariant(content: DeliveryContent, residentLanguage: string | null): DeliveryLanguage {
  const languages = variantLanguages(content)
  return languages.find((l) => l === residentLanguage) ?? 'ja'
}

/** The text in `language` when filled, else the Japanese one (always present on required texts). */
function inLanguage(text: Record<string, string> | undefined, language: string): string {
  if (!text) return ''
  const own = text[language]
  return filled(own) ? own : (text.ja ?? '')
}

/** The LINE message objects for one language, in the composed order (at most five). */
export function renderMessages(
  content: DeliveryContent,
  language: string,
  env: RenderEnv,
): messagingApi.Message[] {
  const base = { ...env, publicBaseUrl: env.publicBaseUrl.replace(/\/+$/, '') }
  return content.messages.map((message) => renderMessage(content, message, language, base))
}

function renderMessage(
  content: DeliveryContent,
  message: DeliveryMessage,
  language: string,
  env: RenderEnv,
): messagingApi.Message {
  const base = env.publicBaseUrl
  switch (message.type) {
    case 'text':
      return renderText(inLanguage(message.text, language))
    case 'image':
      return {
        type: 'image',
        originalContentUrl: deliveryImageUrl(base, message.imageId, 'original'),
        previewImageUrl: deliveryImageUrl(base, message.imageId, 'preview'),
      } as messagingApi.ImageMessage
    case 'sticker':
      return {
        type: 'sticker',
        packageId: message.packageId,
        stickerId: message.stickerId,
      } as messagingApi.StickerMessage
    case 'card':
      return {
        type: 'flex',
        altText: altText(content, language),
        contents: renderCard(message, language, env),
      } as messagingApi.FlexMessage
  }
}

/** `${publicBaseUrl}/media/delivery-images/<id>/<variant>` — served publicly by apps/liff. */
export function deliveryImageUrl(
  publicBaseUrl: string,
  imageId: string,
  variant: DeliveryImageVariant,
): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/media/delivery-images/${imageId}/${variant}`
}

/**
 * A text without emoji tokens is a plain `text` message. With tokens it is a `textV2`: each token
 * becomes a `{key}` placeholder with an emoji substitution (one key per distinct emoji, numbered
 * in order of first appearance), and literal braces are doubled as textV2 requires.
 */
export function renderText(text: string): messagingApi.Message {
  const tokens = [...text.matchAll(EMOJI_TOKEN)]
  if (tokens.length === 0) return { type: 'text', text } as messagingApi.TextMessage
  const keys = new Map<string, string>()
  const substitution: Record<string, messagingApi.EmojiSubstitutionObject> = {}
  let out = ''
  let at = 0
  for (const token of tokens) {
    out += escapeBraces(text.slice(at, token.index))
    const [whole, productId, emojiId] = token as unknown as [string, string, string]
    const id = `${productId}:${emojiId}`
    let key = keys.get(id)
    if (!key) {
      key = `e${keys.size + 1}`
      keys.set(id, key)
      substitution[key] = { type: 'emoji', productId, emojiId }
    }
    out += `{${key}}`
    at = token.index + whole.length
  }
  out += escapeBraces(text.slice(at))
  return { type: 'textV2', text: out, substitution } as messagingApi.TextMessageV2
}

const escapeBraces = (s: string) => s.replace(/[{}]/g, (b) => b + b)

/** Emoji tokens as they read in a notification (LINE shows alt text as plain text). */
const plain = (text: string) => text.replace(EMOJI_TOKEN, '').replace(/\s+/g, ' ').trim()

/** The alt text: the composed one, else the first text or card title, at most 400 characters. */
export function altText(content: DeliveryContent, language: string): string {
  const composed = inLanguage(content.altText, language)
  let text = plain(composed)
  if (!text) {
    for (const m of content.messages) {
      if (m.type === 'text' || m.type === 'card') {
        text = plain(inLanguage(m.type === 'text' ? m.text : m.title, language))
        if (text) break
      }
    }
  }
  return Array.from(text || '…')
    .slice(0, ALT_TEXT_MAX)
    .join('')
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))

/**
 * LINE's `{width}:{height}`, each 1–100000, height at most three times the width (taller images
 * are cropped to 1:3 by `aspectMode: cover`).
 */
export function heroAspectRatio(width: number, height: number): string {
  const w = Math.max(1, Math.round(width))
  const h = Math.min(Math.max(1, Math.round(height)), w * 3)
  const d = gcd(w, h)
  let rw = w / d
  let rh = h / d
  if (rw > 100000 || rh > 100000) {
    const scale = 100000 / Math.max(rw, rh)
    rw = Math.max(1, Math.round(rw * scale))
    rh = Math.max(1, Math.min(Math.round(rh * scale), rw * 3))
  }
  return `${rw}:${rh}`
}

function renderCard(
  card: Extract<DeliveryMessage, { type: 'card' }>,
  language: string,
  env: RenderEnv,
): messagingApi.FlexBubble {
  const body = inLanguage(card.body, language)
  const bubble: messagingApi.FlexBubble = { type: 'bubble' }
  if (card.imageId) {
    const size = env.images.get(card.imageId)
    if (!size) throw new Error(`delivery image ${card.imageId} is not known to the render`)
    bubble.hero = {
      type: 'image',
      url: deliveryImageUrl(env.publicBaseUrl, card.imageId, 'card'),
      size: 'full',
      aspectRatio: heroAspectRatio(size.width, size.height),
      aspectMode: 'cover',
    } as messagingApi.FlexImage
  }
  bubble.body = {
    type: 'box',
    layout: 'vertical',
    spacing: 'md',
    contents: [
      { type: 'text', text: inLanguage(card.title, language), weight: 'bold', size: 'lg', wrap: true },
      ...(filled(body) ? [{ type: 'text', text: body, size: 'sm', color: '#555555', wrap: true }] : []),
    ],
  } as messagingApi.FlexBox
  if (card.buttons.length > 0) {
    bubble.footer = {
      type: 'box',
      layout: 'vertical',
      spacing: 'sm',
      contents: card.buttons.map((b, i) => ({
        type: 'button',
        style: i === 0 ? 'primary' : 'secondary',
        height: 'sm',
        action: buttonAction(b, language, env),
      })),
    } as messagingApi.FlexBox
  }
  return bubble
}

/** A form opens in LIFF (the resident's language comes from their LIFF session). */
export function formUrl(
  env: Pick<RenderEnv, 'publicBaseUrl' | 'liffId' | 'channelId'>,
  formId: string,
): string {
  return env.liffId
    ? `https://liff.line.me/${env.liffId}/forms/${formId}`
    : `${env.publicBaseUrl.replace(/\/+$/, '')}/c/${env.channelId}/forms/${formId}`
}

function buttonAction(button: CardButton, language: string, env: RenderEnv): messagingApi.Action {
  const label = inLanguage(button.label, language)
  const action = button.action
  switch (action.kind) {
    case 'url':
      return { type: 'uri', label, uri: action.url } as messagingApi.URIAction
    case 'form':
      return { type: 'uri', label, uri: formUrl(env, action.formId) } as messagingApi.URIAction
    case 'postback': {
      const displayText = inLanguage(action.displayText, language)
      return {
        type: 'postback',
        label,
        data: action.data,
        ...(filled(displayText) ? { displayText } : {}),
      } as messagingApi.PostbackAction
    }
  }
}

/** The image ids a content refers to (to load their sizes before rendering). */
export function contentImageIds(content: DeliveryContent): string[] {
  const ids = new Set<string>()
  for (const m of content.messages) {
    if (m.type === 'image') ids.add(m.imageId)
    if (m.type === 'card' && m.imageId) ids.add(m.imageId)
  }
  return [...ids]
}
