import { useTranslation } from '@kairan/i18n'
import { PhoneFrame } from '@kairan/ui'
import { Text } from '@mantine/core'
import type { CSSProperties, ReactNode } from 'react'
import {
  type CardAction,
  type ComposerContent,
  type ComposerMessage,
  inLanguage,
  type Language,
  notificationText,
  splitEmoji,
  variantLanguages,
} from './content.ts'

/**
 * What a resident sees in LINE, drawn the way the LINE emulator's phone page draws the messages
 * core renders (packages/line-emulator/src/phone): the chat's blue-grey background, the account
 * icon beside the first message, white text bubbles (LINE emoji shown as ☺, as the emulator does),
 * images with rounded corners, stickers as a box with their ids, and cards as a flex bubble with
 * hero image, bold title, wrapped body text and link buttons. Above the chat, the notification
 * line (the alt text) as it appears on the lock screen and the chat list.
 */
export function DeliveryPhonePreview({
  content,
  language,
  accountName,
  imageUrl,
  height = 640,
}: {
  content: ComposerContent
  language: string
  accountName: string
  /** Where the admin can show an uploaded image (its preview variant). */
  imageUrl: (imageId: string) => string
  height?: number | string
}) {
  const { t } = useTranslation()
  // A resident whose language is not complete gets the whole message in Japanese (core's pickVariant).
  const shown = variantLanguages(content).includes(language as Language) ? language : 'ja'
  const notification = notificationText(content, shown)
  return (
    <PhoneFrame label={t('deliveries.preview.frameLabel')} title={accountName} height={height} width={340}>
      <div style={{ background: 'var(--mantine-color-gray-0)', padding: '8px 12px' }}>
        <Text size="xs" c="dimmed">
          {t('deliveries.preview.notification')}
        </Text>
        <Text size="sm" lineClamp={2} data-testid="preview-notification">
          {notification || t('deliveries.preview.notificationEmpty')}
        </Text>
      </div>
      <ol
        style={{
          margin: 0,
          padding: '12px 10px 16px',
          listStyle: 'none',
          background: CHAT_BG,
          minHeight: '100%',
        }}
        data-testid="delivery-preview"
        lang={shown === 'ja-easy' ? 'ja' : shown}
      >
        {content.messages.map((message, index) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: messages have no ids; the order is the identity.
            key={index}
            style={{ display: 'flex', alignItems: 'flex-start', gap: 8, marginBottom: 10 }}
            data-testid="preview-message"
          >
            {index === 0 ? <Avatar name={accountName} /> : <span style={{ flex: 'none', width: 36 }} />}
            <div style={{ display: 'flex', alignItems: 'flex-end', gap: 6, minWidth: 0, flex: 1 }}>
              <MessageView message={message} language={shown} imageUrl={imageUrl} />
              <span style={{ flex: 'none', color: CHAT_INK, fontSize: '0.7rem' }}>9:00</span>
            </div>
          </li>
        ))}
      </ol>
    </PhoneFrame>
  )
}

const CHAT_BG = '#9bb3da'
const CHAT_INK = '#1c2840'

function Avatar({ name }: { name: string }) {
  return (
    <span
      aria-hidden="true"
      style={{
        flex: 'none',
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        width: 36,
        height: 36,
        borderRadius: '50%',
        background: '#06c755',
        color: '#fff',
        fontWeight: 700,
      }}
    >
      {name.slice(0, 1)}
    </span>
  )
}

function MessageView({
  message,
  language,
  imageUrl,
}: {
  message: ComposerMessage
  language: string
  imageUrl: (imageId: string) => string
}) {
  const { t } = useTranslation()
  switch (message.type) {
    case 'text':
      return <TextBubble text={inLanguage(message.text, language)} />
    case 'image':
      return message.imageId ? (
        <img
          src={imageUrl(message.imageId)}
          alt={t('deliveries.preview.image')}
          style={{ display: 'flex', maxWidth: 220, maxHeight: 280, borderRadius: 14 }}
        />
      ) : (
        <Missing>{t('deliveries.preview.noImage')}</Missing>
      )
    case 'sticker':
      return (
        <div
          role="img"
          aria-label={t('deliveries.preview.sticker')}
          style={{
            display: 'flex',
            flexDirection: 'column',
            alignItems: 'center',
            justifyContent: 'center',
            width: 120,
            height: 120,
            border: '2px dashed rgb(255 255 255 / 0.85)',
            borderRadius: 16,
            background: 'rgb(255 255 255 / 0.35)',
            color: CHAT_INK,
            fontSize: '0.8rem',
          }}
        >
          <span aria-hidden="true" style={{ fontSize: '2.2rem', lineHeight: 1.2 }}>
            ☺
          </span>
          <span>{t('deliveries.preview.sticker')}</span>
          <span style={{ fontFamily: 'ui-monospace, monospace' }}>
            {message.packageId} / {message.stickerId}
          </span>
        </div>
      )
    case 'card':
      return <CardBubble message={message} language={language} imageUrl={imageUrl} />
  }
}

function TextBubble({ text }: { text: string }) {
  const { t } = useTranslation()
  return (
    <div
      style={{
        position: 'relative',
        maxWidth: 240,
        padding: '8px 12px',
        borderRadius: 18,
        background: '#ffffff',
        color: '#111111',
        overflowWrap: 'anywhere',
      }}
    >
      <p style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 15, lineHeight: 1.5 }}>
        {text.trim() === ''
          ? t('deliveries.preview.emptyText')
          : splitEmoji(text).map((part, i) =>
              part.kind === 'text' ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: parts of one text, in order.
                <span key={i}>{part.value}</span>
              ) : (
                <span
                  // biome-ignore lint/suspicious/noArrayIndexKey: parts of one text, in order.
                  key={i}
                  role="img"
                  aria-label={t('deliveries.preview.emoji')}
                  title={`${part.productId} / ${part.emojiId}`}
                >
                  ☺
                </span>
              ),
            )}
      </p>
    </div>
  )
}

function CardBubble({
  message,
  language,
  imageUrl,
}: {
  message: Extract<ComposerMessage, { type: 'card' }>
  language: string
  imageUrl: (imageId: string) => string
}) {
  const { t } = useTranslation()
  const body = inLanguage(message.body, language)
  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        width: 260,
        overflow: 'hidden',
        borderRadius: 16,
        background: '#ffffff',
        color: '#111111',
      }}
      data-testid="preview-card"
    >
      {message.imageId ? (
        <img
          src={imageUrl(message.imageId)}
          alt=""
          style={{ display: 'block', width: '100%', maxHeight: 780, objectFit: 'cover' }}
        />
      ) : null}
      <div style={{ padding: 16, display: 'flex', flexDirection: 'column', gap: 12 }}>
        <p style={{ margin: 0, fontWeight: 700, fontSize: 19, lineHeight: 1.4, overflowWrap: 'anywhere' }}>
          {inLanguage(message.title, language) || t('deliveries.preview.emptyTitle')}
        </p>
        {body ? (
          <p
            style={{
              margin: 0,
              fontSize: 14,
              lineHeight: 1.4,
              color: '#555555',
              whiteSpace: 'pre-wrap',
              overflowWrap: 'anywhere',
            }}
          >
            {body}
          </p>
        ) : null}
      </div>
      {message.buttons.length > 0 ? (
        <div style={{ padding: '10px 12px', display: 'flex', flexDirection: 'column', gap: 8 }}>
          {message.buttons.map((button, i) => (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: buttons of one card, in order.
              key={i}
              title={actionHint(button.action)}
              style={{ ...buttonStyle, ...(i === 0 ? primaryButton : secondaryButton) }}
            >
              {inLanguage(button.label, language) || t('deliveries.preview.emptyButton')}
            </span>
          ))}
        </div>
      ) : null}
    </div>
  )
}

const buttonStyle: CSSProperties = {
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
  minHeight: 40,
  padding: '0 12px',
  borderRadius: 8,
  fontSize: 16,
  textAlign: 'center',
}
/** As core renders cards: the first button primary, the others secondary. */
const primaryButton: CSSProperties = { background: '#00803a', color: '#ffffff' }
const secondaryButton: CSSProperties = { background: '#dcdfe5', color: '#111111' }

function actionHint(action: CardAction): string {
  switch (action.kind) {
    case 'url':
      return action.url
    case 'form':
      return `form ${action.formId}`
    case 'postback':
      return `postback ${action.data}`
  }
}

function Missing({ children }: { children: ReactNode }) {
  return (
    <span
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        minWidth: 120,
        minHeight: 80,
        padding: 8,
        borderRadius: 14,
        background: '#dfe3e9',
        color: '#4d5560',
        fontSize: '0.8rem',
        textAlign: 'center',
      }}
    >
      {children}
    </span>
  )
}
