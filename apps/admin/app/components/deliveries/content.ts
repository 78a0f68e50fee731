import { FORM_LANGUAGES, type FormLanguage } from '@kairan/forms'

/**
 * The composer's model of a delivery's content: the same JSON as core's DeliveryContent
 * (packages/core/src/delivery/content.ts), kept as plain types here so the browser bundle does
 * not pull in the server package. The server validates it again with the zod schema.
 */
export type Texts = Record<string, string>

export type CardAction =
  | { kind: 'url'; url: string }
  | { kind: 'form'; formId: string }
  | { kind: 'postback'; data: string; displayText: Texts }

export type CardButton = { label: Texts; action: CardAction }

export type ComposerMessage =
  | { type: 'text'; text: Texts }
  | { type: 'image'; imageId: string }
  | { type: 'sticker'; packageId: string; stickerId: string }
  | { type: 'card'; imageId: string | null; title: Texts; body: Texts; buttons: CardButton[] }

export type ComposerContent = { version: 1; messages: ComposerMessage[]; altText: Texts }

export type MessageType = ComposerMessage['type']

export const MESSAGE_TYPES: readonly MessageType[] = ['text', 'image', 'sticker', 'card']
/** LINE accepts at most five message objects per request. */
export const MAX_MESSAGES = 5
export const MAX_BUTTONS = 4
export const TEXT_MAX = 5000
export const TITLE_MAX = 100
export const BODY_MAX = 1000
export const LABEL_MAX = 20
export const ALT_MAX = 400

export const LANGUAGES = FORM_LANGUAGES
export type Language = FormLanguage

export function emptyContent(): ComposerContent {
  return { version: 1, messages: [{ type: 'text', text: { ja: '' } }], altText: {} }
}

/** A fresh message of a type; the image of an image message is chosen right after adding it. */
export function newMessage(type: 'text' | 'sticker' | 'card'): ComposerMessage {
  switch (type) {
    case 'text':
      return { type: 'text', text: { ja: '' } }
    case 'sticker':
      return { type: 'sticker', packageId: '446', stickerId: '1988' }
    case 'card':
      return { type: 'card', imageId: null, title: { ja: '' }, body: {}, buttons: [] }
  }
}

/** Content as loaded from the server (anything JSON), normalised for the editor. */
export function contentFromServer(value: unknown): ComposerContent {
  const raw = (value ?? {}) as Partial<ComposerContent>
  const messages = Array.isArray(raw.messages) ? raw.messages : []
  return {
    version: 1,
    messages: messages.map((m) =>
      m.type === 'card'
        ? { ...m, imageId: m.imageId ?? null, body: m.body ?? {}, buttons: m.buttons ?? [] }
        : m,
    ),
    altText: raw.altText ?? {},
  }
}

const filled = (value: string | undefined) => (value ?? '').trim() !== ''

/** Every resident-facing text of the content, with whether Japanese must be filled in. */
export function contentTexts(content: ComposerContent): { texts: Texts; isRequired: boolean }[] {
  const out: { texts: Texts; isRequired: boolean }[] = []
  for (const message of content.messages) {
    if (message.type === 'text') out.push({ texts: message.text, isRequired: true })
    if (message.type === 'card') {
      out.push({ texts: message.title, isRequired: true }, { texts: message.body, isRequired: false })
      for (const button of message.buttons) {
        out.push({ texts: button.label, isRequired: true })
        if (button.action.kind === 'postback')
          out.push({ texts: button.action.displayText, isRequired: false })
      }
    }
  }
  out.push({ texts: content.altText, isRequired: false })
  return out
}

/**
 * Per language, how many texts have Japanese but no translation yet (the language tabs' badges).
 * A language with none missing is one residents get in full; the others fall back to Japanese.
 */
export function missingTranslations(content: ComposerContent): Record<Language, number> {
  const counts = Object.fromEntries(LANGUAGES.map((l) => [l, 0])) as Record<Language, number>
  for (const { texts } of contentTexts(content)) {
    if (!filled(texts.ja)) continue
    for (const language of LANGUAGES) if (language !== 'ja' && !filled(texts[language])) counts[language]++
  }
  return counts
}

/**
 * The languages residents get as their own variant, as core's variantLanguages decides: every
 * text that has Japanese also has this language (else the resident gets the whole message in
 * Japanese, never a mix). Always includes ja.
 */
export function variantLanguages(content: ComposerContent): Language[] {
  const missing = missingTranslations(content)
  return LANGUAGES.filter((language) => language === 'ja' || missing[language] === 0)
}

/** A text in a language, falling back to Japanese as residents see it. */
export function inLanguage(texts: Texts | undefined, language: string): string {
  if (!texts) return ''
  return filled(texts[language]) ? (texts[language] ?? '') : (texts.ja ?? '')
}

export function setText(texts: Texts | undefined, language: string, value: string): Texts {
  return { ...(texts ?? {}), [language]: value }
}

/** The notification and chat-list line: the alt text, else the first text message (as core renders). */
export function notificationText(content: ComposerContent, language: string): string {
  const alt = inLanguage(content.altText, language)
  if (alt.trim()) return alt
  for (const message of content.messages) {
    if (message.type === 'text') return stripEmoji(inLanguage(message.text, language))
    if (message.type === 'card') return inLanguage(message.title, language)
  }
  return ''
}

export type ContentProblem = { messageIndex: number | null; key: string }

const URL_PATTERN = /^https?:\/\/[^\s/$.?#][^\s]*$/i

/** What stops saving: texts Japanese needs, images not chosen, broken buttons, too many messages. */
export function contentProblems(content: ComposerContent): ContentProblem[] {
  const problems: ContentProblem[] = []
  if (content.messages.length === 0) problems.push({ messageIndex: null, key: 'noMessages' })
  if (content.messages.length > MAX_MESSAGES) problems.push({ messageIndex: null, key: 'tooManyMessages' })
  content.messages.forEach((message, messageIndex) => {
    const add = (key: string) => problems.push({ messageIndex, key })
    switch (message.type) {
      case 'text':
        if (!filled(message.text.ja)) add('textRequired')
        for (const value of Object.values(message.text)) if (value.length > TEXT_MAX) add('textTooLong')
        break
      case 'image':
        if (!message.imageId) add('imageRequired')
        break
      case 'sticker':
        if (!/^\d{1,12}$/.test(message.packageId) || !/^\d{1,12}$/.test(message.stickerId))
          add('stickerInvalid')
        break
      case 'card':
        if (!filled(message.title.ja)) add('cardTitleRequired')
        if (message.buttons.length > MAX_BUTTONS) add('tooManyButtons')
        for (const button of message.buttons) {
          if (!filled(button.label.ja)) add('buttonLabelRequired')
          if (button.action.kind === 'url' && !URL_PATTERN.test(button.action.url.trim()))
            add('buttonUrlInvalid')
          if (button.action.kind === 'form' && !button.action.formId) add('buttonFormRequired')
          if (button.action.kind === 'postback' && !button.action.data.trim()) add('buttonDataRequired')
        }
        break
    }
  })
  return problems
}

/** The content as the server expects it: trimmed button URLs, empty translations dropped. */
export function contentForServer(content: ComposerContent): ComposerContent {
  const clean = (texts: Texts): Texts =>
    Object.fromEntries(Object.entries(texts).filter(([, value]) => value.trim() !== ''))
  return {
    version: 1,
    altText: clean(content.altText),
    messages: content.messages.map((message): ComposerMessage => {
      switch (message.type) {
        case 'text':
          return { type: 'text', text: clean(message.text) }
        case 'card':
          return {
            ...message,
            title: clean(message.title),
            body: clean(message.body),
            buttons: message.buttons.map((button) => ({
              label: clean(button.label),
              action:
                button.action.kind === 'url'
                  ? { kind: 'url', url: button.action.url.trim() }
                  : button.action.kind === 'postback'
                    ? {
                        ...button.action,
                        data: button.action.data.trim(),
                        displayText: clean(button.action.displayText),
                      }
                    : button.action,
            })),
          }
        default:
          return message
      }
    }),
  }
}

/** Where the admin shows an uploaded delivery image (its preview rendition, see the images route). */
export function deliveryImageUrl(imageId: string): string {
  return `/deliveries/images/${imageId}`
}

// ---------------------------------------------------------------------------------------------
// LINE emoji and stickers

/** Matches core's EMOJI_TOKEN: `{{emoji:<24 hex productId>:<3 digit emojiId>}}`. */
const EMOJI_TOKEN = /\{\{emoji:([0-9a-f]{24}):(\d{3})\}\}/g

export function emojiToken(productId: string, emojiId: string): string {
  return `{{emoji:${productId}:${emojiId}}}`
}

export type TextPart = { kind: 'text'; value: string } | { kind: 'emoji'; productId: string; emojiId: string }

/** A text split into plain runs and LINE emoji (for the preview). */
export function splitEmoji(text: string): TextPart[] {
  const parts: TextPart[] = []
  let last = 0
  for (const match of text.matchAll(EMOJI_TOKEN)) {
    const start = match.index ?? 0
    if (start > last) parts.push({ kind: 'text', value: text.slice(last, start) })
    parts.push({ kind: 'emoji', productId: match[1] ?? '', emojiId: match[2] ?? '' })
    last = start + match[0].length
  }
  if (last < text.length) parts.push({ kind: 'text', value: text.slice(last) })
  return parts
}

export function stripEmoji(text: string): string {
  return text.replace(EMOJI_TOKEN, '').trim()
}

/** `token` put into `text` at the caret (or replacing the selection); returns the new caret too. */
export function insertAt(
  text: string,
  start: number | null,
  end: number | null,
  token: string,
): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start ?? text.length, text.length))
  const to = Math.max(from, Math.min(end ?? from, text.length))
  return { text: text.slice(0, from) + token + text.slice(to), caret: from + token.length }
}

/**
 * A small curated set of LINE emoji (LINE's own emoji sets, usable by any official account via
 * textV2 substitution). The composer inserts tokens; core renders them as LINE emoji.
 */
export const EMOJI_SETS: readonly { productId: string; emojiIds: readonly string[] }[] = [
  { productId: '5ac1bfd5040ab15980c9b435', emojiIds: range(1, 16) },
  { productId: '5ac21a8c040ab15980c9b43f', emojiIds: range(1, 8) },
]

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i).padStart(3, '0'))
}

/** LINE's free sticker packages every official account may send (packages 446, 789, 11537–11539). */
export const STICKERS: readonly { packageId: string; stickerIds: readonly string[] }[] = [
  { packageId: '446', stickerIds: ids(1988, 12) },
  { packageId: '789', stickerIds: ids(10855, 12) },
  { packageId: '11537', stickerIds: ids(52002734, 12) },
  { packageId: '11538', stickerIds: ids(51626494, 12) },
  { packageId: '11539', stickerIds: ids(52114110, 12) },
] as const

function ids(first: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(first + i))
}

// ---------------------------------------------------------------------------------------------
// History filters (kept in the URL)

export const DELIVERY_STATUSES = [
  'draft',
  'scheduled',
  'sending',
  'sent',
  'partially_failed',
  'failed',
  'cancelled',
] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

export function isDeliveryStatus(value: unknown): value is DeliveryStatus {
  return (DELIVERY_STATUSES as readonly unknown[]).includes(value)
}

export const HISTORY_PAGE_SIZE = 50

export type HistoryFilters = {
  /** yyyy-mm-dd (Asia/Tokyo), inclusive */
  from: string | null
  to: string | null
  statuses: DeliveryStatus[]
  includeTests: boolean
  page: number
}

const DAY = /^\d{4}-\d{2}-\d{2}$/
const validDay = (value: string | null) =>
  value && DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : null

/** The history page's filters from its query string; anything malformed is dropped, not refused. */
export function historyFiltersFromSearch(search: URLSearchParams): HistoryFilters {
  const page = Number(search.get('page') ?? '1')
  const statuses = (search.get('status') ?? '').split(',').filter(isDeliveryStatus)
  return {
    from: validDay(search.get('from')),
    to: validDay(search.get('to')),
    statuses: [...new Set(statuses)],
    includeTests: search.get('tests') === '1',
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  }
}

/** A Tokyo day as the instant it starts (`from`) or the instant the next day starts (`to`, exclusive). */
export function tokyoDayStart(day: string, nextDay = false): string {
  const date = new Date(`${day}T00:00:00+09:00`)
  if (nextDay) date.setUTCDate(date.getUTCDate() + 1)
  return date.toISOString()
}

/** Remaining time as whole minutes (at least 1) for the ETA line, or null when unknown. */
export function etaMinutes(eta: string | Date | null | undefined, now: Date): number | null {
  if (!eta) return null
  const ms = new Date(eta).getTime() - now.getTime()
  if (Number.isNaN(ms)) return null
  return Math.max(1, Math.ceil(ms / 60_000))
}

/** A rate (0…1) as "12.3%"; null (LINE has no figure below 20 people) as "—". */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—'
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`
}
