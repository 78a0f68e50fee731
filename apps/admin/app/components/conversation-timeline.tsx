import { useTranslation } from '@kairan/i18n'
import { Anchor, Badge, Box, Code, Divider, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core'
import { IconMapPin, IconMoodSmile, IconPaperclip, IconPhotoOff, IconPointer } from '@tabler/icons-react'
import { Fragment, type ReactNode, useEffect, useRef, useState } from 'react'
import { formatDay, formatTime, tokyoDayKey } from '~/lib/friends.ts'

/** One entry of `friends.get`'s history (the LINE message object, a postback, or a follow/unfollow). */
export type ConversationMessage = {
  id: string
  direction: 'in' | 'out'
  kind: string
  content: Record<string, unknown>
  lineMessageId: string | null
  via: string | null
  sentAt: Date | string
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null

/** Only real web addresses become links (a message could carry anything). */
const safeUrl = (value: unknown): string | null => {
  const url = str(value)
  return url && /^https?:\/\//i.test(url) ? url : null
}

const VIA_KEYS: Record<string, string> = {
  reply: 'friends.via.reply',
  push: 'friends.via.push',
  multicast: 'friends.via.multicast',
  narrowcast: 'friends.via.narrowcast',
  broadcast: 'friends.via.broadcast',
}

/**
 * A resident's conversation as a chat: the resident on the left, the city on the right, follow and
 * block as centred lines, one heading per day (Japan time). It keeps the newest message in view.
 */
export function ConversationTimeline({
  citizenId,
  messages,
  hasOlderMessages,
}: {
  citizenId: string
  messages: ConversationMessage[]
  hasOlderMessages: boolean
}) {
  const { t, i18n } = useTranslation()
  const viewport = useRef<HTMLDivElement>(null)
  const lastId = messages.at(-1)?.id
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when a new last message arrives.
  useEffect(() => {
    const el = viewport.current
    if (el) el.scrollTo({ top: el.scrollHeight })
  }, [lastId])

  if (messages.length === 0) {
    return (
      <Text c="dimmed" size="sm" ta="center" py="xl">
        {t('friends.historyEmpty')}
      </Text>
    )
  }
  let previousDay = ''
  return (
    <ScrollArea.Autosize mah="70vh" viewportRef={viewport} type="auto" offsetScrollbars>
      <Stack gap="sm" py="xs" pr="xs" data-testid="conversation" aria-live="polite">
        {hasOlderMessages ? (
          <Text size="xs" c="dimmed" ta="center" data-testid="older-messages-note">
            {t('friends.olderNotShown')}
          </Text>
        ) : null}
        {messages.map((m) => {
          const day = tokyoDayKey(m.sentAt)
          const heading =
            day !== previousDay ? (
              <Divider
                label={formatDay(m.sentAt, i18n.language)}
                labelPosition="center"
                my={4}
                data-testid="day-heading"
              />
            ) : null
          previousDay = day
          return (
            <Fragment key={m.id}>
              {heading}
              <MessageRow citizenId={citizenId} message={m} />
            </Fragment>
          )
        })}
      </Stack>
    </ScrollArea.Autosize>
  )
}

function MessageRow({ citizenId, message }: { citizenId: string; message: ConversationMessage }) {
  const { t, i18n } = useTranslation()
  const time = formatTime(message.sentAt, i18n.language)
  if (message.kind === 'follow' || message.kind === 'unfollow') {
    const label =
      message.kind === 'unfollow'
        ? t('friends.message.unfollow')
        : message.content.isUnblocked === true
          ? t('friends.message.refollow')
          : t('friends.message.follow')
    return (
      <Group justify="center" data-kind={message.kind} data-direction={message.direction}>
        <Badge
          variant="light"
          color={message.kind === 'unfollow' ? 'red' : 'green'}
          radius="sm"
          fw={500}
          tt="none"
        >
          {label} · {time}
        </Badge>
      </Group>
    )
  }
  const isOut = message.direction === 'out'
  const via = message.via ? VIA_KEYS[message.via] : undefined
  return (
    <Group
      justify={isOut ? 'flex-end' : 'flex-start'}
      align="flex-end"
      gap={6}
      wrap="nowrap"
      data-kind={message.kind}
      data-direction={message.direction}
      data-message-id={message.id}
    >
      {isOut ? <Meta time={time} via={via ? t(via) : null} align="right" /> : null}
      <Paper
        px="sm"
        py={8}
        radius="lg"
        maw="75%"
        bg={isOut ? 'green.1' : 'gray.1'}
        style={{
          borderBottomLeftRadius: isOut ? undefined : 4,
          borderBottomRightRadius: isOut ? 4 : undefined,
        }}
        aria-label={isOut ? t('friends.fromCity') : t('friends.fromResident')}
      >
        <MessageBody citizenId={citizenId} message={message} />
      </Paper>
      {isOut ? null : <Meta time={time} via={null} align="left" />}
    </Group>
  )
}

function Meta({ time, via, align }: { time: string; via: string | null; align: 'left' | 'right' }) {
  return (
    <Stack gap={0} align={align === 'right' ? 'flex-end' : 'flex-start'} style={{ flexShrink: 0 }}>
      {via ? (
        <Text size="10px" c="dimmed">
          {via}
        </Text>
      ) : null}
      <Text size="xs" c="dimmed">
        {time}
      </Text>
    </Stack>
  )
}

function Labelled({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <Box c="dimmed" mt={2} style={{ display: 'flex' }}>
        {icon}
      </Box>
      <Box style={{ minWidth: 0 }}>{children}</Box>
    </Group>
  )
}

function MessageBody({ citizenId, message }: { citizenId: string; message: ConversationMessage }) {
  const { t } = useTranslation()
  const c = message.content
  switch (message.kind) {
    case 'text':
      return (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {str(c.text) ?? ''}
        </Text>
      )
    case 'image':
      return <ImageBody citizenId={citizenId} message={message} />
    case 'location': {
      const lat = num(c.latitude)
      const lng = num(c.longitude)
      const coordinates = lat !== null && lng !== null ? `${lat},${lng}` : null
      return (
        <Labelled icon={<IconMapPin size={16} />}>
          <Text size="sm" fw={500}>
            {str(c.title) ?? t('friends.message.location')}
          </Text>
          {str(c.address) ? <Text size="sm">{str(c.address)}</Text> : null}
          {coordinates ? (
            <Group gap={6}>
              <Text size="xs" ff="monospace" c="dimmed">
                {coordinates}
              </Text>
              <Anchor
                size="xs"
                href={`https://www.google.com/maps/search/?api=1&query=${coordinates}`}
                target="_blank"
                rel="noopener noreferrer"
              >
                {t('friends.message.openMap')}
              </Anchor>
            </Group>
          ) : null}
        </Labelled>
      )
    }
    case 'sticker':
      return (
        <Labelled icon={<IconMoodSmile size={16} />}>
          <Text size="sm">{t('friends.message.sticker')}</Text>
        </Labelled>
      )
    case 'postback': {
      const params = c.params && typeof c.params === 'object' ? Object.entries(c.params) : []
      return (
        <Labelled icon={<IconPointer size={16} />}>
          <Text size="xs" c="dimmed">
            {t('friends.message.postback')}
          </Text>
          <Code
            style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
            bg="transparent"
            p={0}
            c="dimmed"
          >
            {str(c.data) ?? ''}
            {params.map(([k, v]) => `\n${k}: ${String(v)}`).join('')}
          </Code>
        </Labelled>
      )
    }
    case 'video':
    case 'audio':
    case 'file': {
      const name = str(c.fileName)
      return (
        <Labelled icon={<IconPaperclip size={16} />}>
          <Text size="sm">
            {t(`friends.message.${message.kind}`)}
            {name ? `: ${name}` : ''}
          </Text>
        </Labelled>
      )
    }
    default: {
      // What the city sent (flex, template, imagemap…): its alternative text says what it was.
      const alt = str(c.altText)
      return (
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t('friends.message.other', { kind: message.kind })}
          </Text>
          {alt ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {alt}
            </Text>
          ) : null}
        </Stack>
      )
    }
  }
}

function ImageBody({ citizenId, message }: { citizenId: string; message: ConversationMessage }) {
  const { t } = useTranslation()
  const [failed, setFailed] = useState(false)
  const img = useRef<HTMLImageElement>(null)
  // An image that failed before the page was hydrated never reaches onError: look once mounted.
  useEffect(() => {
    const el = img.current
    if (el?.complete && el.currentSrc && el.naturalWidth === 0) setFailed(true)
  }, [])
  const provider = message.content.contentProvider as { type?: string } | undefined
  // Images on LINE's servers (what residents send) come through our content route; an image the
  // city sent is at its own web address, which this page's security policy does not load inline.
  const isOnLine =
    message.direction === 'in' && (provider?.type ?? 'line') === 'line' && message.lineMessageId
  if (!isOnLine) {
    const url = safeUrl(message.content.originalContentUrl)
    return url ? (
      <Anchor href={url} target="_blank" rel="noopener noreferrer" size="sm">
        {t('friends.message.openImage')}
      </Anchor>
    ) : (
      <Text size="sm">{t('friends.message.image')}</Text>
    )
  }
  const src = `/friends/${citizenId}/content/${message.id}`
  if (failed) {
    return (
      <Labelled icon={<IconPhotoOff size={16} />}>
        <Text size="sm" c="dimmed">
          {t('friends.message.imageUnavailable')}
        </Text>
      </Labelled>
    )
  }
  return (
    <a href={src} target="_blank" rel="noopener" title={t('friends.message.openImage')}>
      <img
        ref={img}
        src={src}
        alt={t('friends.message.imageAlt')}
        loading="lazy"
        onError={() => setFailed(true)}
        style={{ display: 'block', maxWidth: 220, maxHeight: 220, borderRadius: 8, objectFit: 'cover' }}
      />
    </a>
  )
}
