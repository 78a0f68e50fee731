import type { Tx } from '@kairan/db'
import { citizens, forms } from '@kairan/db/schema'
import type { LineClient } from '@kairan/line'
import { and, eq, isNull } from 'drizzle-orm'
import type { Logger } from 'pino'
import { defaultLineClientFactory, type LineClientFactory, loadChannelLine } from '../line/channel-line.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import { type DeliverySettings, loadDeliverySettings } from './delivery-settings.ts'
import {
  DEFAULT_GREETING_TEXT,
  localized,
  onboardingText,
  PROFILE_BUTTON_LABEL,
  PROFILE_PROMPT,
} from './texts.ts'

export type LineMessage = Parameters<LineClient['replyMessage']>[0]['messages'][number]

/** The LIFF address of a form, as the admin's share page shows it. */
export function profileFormUrl(liffId: string, formId: string): string {
  return `https://liff.line.me/${liffId}/forms/${formId}`
}

/** A small card with one button that opens the profile form. */
export function profileFormCard(language: string, url: string): LineMessage {
  const label = localized(PROFILE_BUTTON_LABEL, language)
  return {
    type: 'flex',
    altText: label,
    contents: {
      type: 'bubble',
      body: {
        type: 'box',
        layout: 'vertical',
        contents: [{ type: 'text', text: localized(PROFILE_PROMPT, language), wrap: true }],
      },
      footer: {
        type: 'box',
        layout: 'vertical',
        contents: [{ type: 'button', style: 'primary', action: { type: 'uri', label, uri: url } }],
      },
    },
  }
}

/**
 * SEG-1: what a new friend is sent: the greeting in their language and, when the channel has a
 * profile form (and a LIFF app to open it in), a button to it. Empty when the greeting is off.
 */
export function greetingMessages(
  settings: Pick<DeliverySettings, 'greetingEnabled' | 'greetingText' | 'profileFormId'>,
  language: string,
  liffId: string | null,
): LineMessage[] {
  if (!settings.greetingEnabled) return []
  const messages: LineMessage[] = [
    { type: 'text', text: onboardingText(settings.greetingText, DEFAULT_GREETING_TEXT, language) },
  ]
  if (settings.profileFormId && liffId) {
    messages.push(profileFormCard(language, profileFormUrl(liffId, settings.profileFormId)))
  }
  return messages
}

/** A reply token is good for about a minute; an event handled later (by the sweep) is not greeted. */
const REPLY_WINDOW_MS = 50_000

/**
 * Replies to a follow event with the greeting. Called inside the webhook transaction: a reply
 * token can be used once, so should that transaction be retried the second reply is refused by
 * LINE, and a resident is greeted at most once per follow. Any failure is logged, never thrown:
 * a greeting must not hold up recording the friend.
 */
export async function replyFollowGreeting(
  tx: Tx,
  secrets: SecretBox,
  input: {
    channelId: string
    citizenId: string
    replyToken: string | undefined
    eventAt: Date
    now?: Date
    lineClient?: LineClientFactory
    log?: Logger
  },
): Promise<boolean> {
  const now = input.now ?? new Date()
  if (!input.replyToken || now.getTime() - input.eventAt.getTime() > REPLY_WINDOW_MS) return false
  try {
    const settings = await loadDeliverySettings(tx, input.channelId)
    if (!settings.greetingEnabled) return false
    const [citizen] = await tx
      .select({ language: citizens.language })
      .from(citizens)
      .where(eq(citizens.id, input.citizenId))
    const channel = await loadChannelLine(tx, secrets, input.channelId)
    if (!citizen || !channel) return false
    const profileFormId = settings.profileFormId ? await liveForm(tx, settings.profileFormId) : null
    const messages = greetingMessages({ ...settings, profileFormId }, citizen.language, channel.liffId)
    const client = (input.lineClient ?? defaultLineClientFactory)(channel)
    if (!client || messages.length === 0) return false
    await client.replyMessage({ replyToken: input.replyToken, messages })
    return true
  } catch (error) {
    input.log?.warn({ err: error, channelId: input.channelId }, 'could not send the greeting')
    return false
  }
}

/** The form, when it still exists and is not archived. */
async function liveForm(tx: Tx, formId: string): Promise<string | null> {
  const [form] = await tx
    .select({ id: forms.id })
    .from(forms)
    .where(and(eq(forms.id, formId), isNull(forms.archivedAt)))
  return form?.id ?? null
}
