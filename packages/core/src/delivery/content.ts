import { LocalizedText, OptionalLocalizedText } from '@kairan/forms'
import { z } from 'zod'

/**
 * What staff compose (PLAT-4, SEG-12): up to five messages, each text written per language
 * (`{ ja, en, … }`, Japanese required, a missing language falls back to Japanese).
 * `render.ts` turns it into LINE message objects for one language.
 */

/** A LINE emoji placed in a text as `{{emoji:<productId>:<emojiId>}}` (rendered as textV2). */
export const EMOJI_TOKEN = /\{\{emoji:([0-9a-f]{24}):(\d{3})\}\}/g

export const CardButton = z.object({
  label: LocalizedText(20),
  action: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('url'), url: z.url({ protocol: /^https?$/ }).max(1000) }),
    /** Opens a published form in LIFF, in the resident's language. */
    z.object({ kind: z.literal('form'), formId: z.uuid() }),
    /** Sends a postback to the webhook; `displayText` is what appears in the chat. */
    z.object({
      kind: z.literal('postback'),
      data: z.string().min(1).max(300),
      displayText: OptionalLocalizedText(300),
    }),
  ]),
})
export type CardButton = z.infer<typeof CardButton>

export const DeliveryMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: LocalizedText(5000) }),
  /** `imageId`: a `delivery_images` row (resized with sharp, with a preview). */
  z.object({ type: z.literal('image'), imageId: z.uuid() }),
  z.object({
    type: z.literal('sticker'),
    packageId: z.string().regex(/^\d{1,12}$/),
    stickerId: z.string().regex(/^\d{1,12}$/),
  }),
  /** A flex bubble from the simple editor: image, title, text, up to four buttons. */
  z.object({
    type: z.literal('card'),
    imageId: z.uuid().nullable().default(null),
    title: LocalizedText(100),
    body: OptionalLocalizedText(1000),
    buttons: z.array(CardButton).max(4).default([]),
  }),
])
export type DeliveryMessage = z.infer<typeof DeliveryMessage>

export const DeliveryContent = z.object({
  version: z.literal(1).default(1),
  messages: z.array(DeliveryMessage).min(1).max(5),
  /** Notification and chat-list text for cards (LINE's `altText`), per language. */
  altText: OptionalLocalizedText(400),
})
export type DeliveryContent = z.infer<typeof DeliveryContent>
