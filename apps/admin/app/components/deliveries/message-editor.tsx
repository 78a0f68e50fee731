import { useTranslation } from '@kairan/i18n'
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  FileButton,
  Group,
  Image,
  Popover,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core'
import {
  IconArrowDown,
  IconArrowUp,
  IconMoodSmile,
  IconPhoto,
  IconPlus,
  IconTrash,
  IconUpload,
} from '@tabler/icons-react'
import { type ReactNode, useRef, useState } from 'react'
import {
  BODY_MAX,
  type CardAction,
  type CardButton,
  type ComposerMessage,
  EMOJI_SETS,
  emojiToken,
  insertAt,
  LABEL_MAX,
  MAX_BUTTONS,
  STICKERS,
  setText,
  TEXT_MAX,
  type Texts,
  TITLE_MAX,
} from './content.ts'

export type FormChoice = { id: string; title: string }
export type UploadedImage = { id: string; width: number; height: number }

/** Accepts only what core's upload accepts (JPEG, PNG; 10 MB). */
const IMAGE_ACCEPT = 'image/jpeg,image/png'
const IMAGE_MAX_BYTES = 10 * 1024 * 1024

/** One message of the delivery: a card with its type, move / delete buttons and the type's editor. */
export function MessageCard({
  index,
  count,
  message,
  onChange,
  onMove,
  onRemove,
  language,
  forms,
  imageUrl,
  problems,
}: {
  index: number
  count: number
  message: ComposerMessage
  onChange: (next: ComposerMessage) => void
  onMove: (delta: -1 | 1) => void
  onRemove: () => void
  language: string
  forms: FormChoice[]
  imageUrl: (imageId: string) => string
  /** Translated messages of what is wrong with this message. */
  problems: string[]
}) {
  const { t } = useTranslation()
  const isJapanese = language === 'ja'
  return (
    <Card withBorder padding="md" data-testid={`message-${index}`} data-message-type={message.type}>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Group gap="xs">
          <Badge variant="light" size="lg" radius="sm">
            {index + 1}
          </Badge>
          <Text fw={600}>{t(`deliveries.composer.types.${message.type}`)}</Text>
        </Group>
        {isJapanese ? (
          <Group gap={4} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              color="gray"
              disabled={index === 0}
              onClick={() => onMove(-1)}
              aria-label={t('deliveries.composer.moveUp', { n: index + 1 })}
            >
              <IconArrowUp size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="gray"
              disabled={index === count - 1}
              onClick={() => onMove(1)}
              aria-label={t('deliveries.composer.moveDown', { n: index + 1 })}
            >
              <IconArrowDown size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              disabled={count === 1}
              onClick={onRemove}
              aria-label={t('deliveries.composer.remove', { n: index + 1 })}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ) : null}
      </Group>
      {problems.length > 0 ? (
        <Alert color="red" p="xs" mb="sm">
          <Stack gap={2}>
            {problems.map((p) => (
              <Text key={p} size="sm">
                {p}
              </Text>
            ))}
          </Stack>
        </Alert>
      ) : null}
      {message.type === 'text' ? (
        <TextMessageEditor
          text={message.text}
          onChange={(text) => onChange({ ...message, text })}
          language={language}
          testId={`message-${index}-text`}
        />
      ) : message.type === 'image' ? (
        isJapanese ? (
          <ImagePicker
            imageId={message.imageId}
            onChange={(image) => onChange({ ...message, imageId: image?.id ?? '' })}
            imageUrl={imageUrl}
            isRequired
          />
        ) : (
          <SameForAllLanguages />
        )
      ) : message.type === 'sticker' ? (
        isJapanese ? (
          <StickerPicker
            packageId={message.packageId}
            stickerId={message.stickerId}
            onChange={(packageId, stickerId) => onChange({ ...message, packageId, stickerId })}
          />
        ) : (
          <SameForAllLanguages />
        )
      ) : (
        <CardEditor
          message={message}
          onChange={onChange}
          language={language}
          forms={forms}
          imageUrl={imageUrl}
          index={index}
        />
      )}
    </Card>
  )
}

function SameForAllLanguages() {
  const { t } = useTranslation()
  return (
    <Text size="sm" c="dimmed">
      {t('deliveries.composer.sameForAll')}
    </Text>
  )
}

/** A per-language text: the Japanese original shown under a translation, missing ones marked. */
export function LocalizedField({
  label,
  description,
  texts,
  onChange,
  language,
  isRequired = false,
  isMultiline = false,
  maxLength,
  testId,
  rightSection,
  inputRef,
}: {
  label: ReactNode
  description?: ReactNode
  texts: Texts
  onChange: (next: Texts) => void
  language: string
  isRequired?: boolean
  isMultiline?: boolean
  maxLength: number
  testId?: string
  rightSection?: ReactNode
  inputRef?: React.Ref<HTMLTextAreaElement>
}) {
  const { t } = useTranslation()
  const isJapanese = language === 'ja'
  const japanese = texts.ja?.trim() ?? ''
  const value = texts[language] ?? ''
  const isMissing = !isJapanese && japanese !== '' && value.trim() === ''
  if (!isJapanese && !isRequired && japanese === '' && value.trim() === '') return null
  const fieldLabel = (
    <>
      {label}{' '}
      {isMissing ? (
        <Badge size="xs" color="yellow" variant="light" component="span" style={{ verticalAlign: 'middle' }}>
          {t('deliveries.composer.missingBadge')}
        </Badge>
      ) : null}
    </>
  )
  const common = {
    label: fieldLabel,
    description: isJapanese
      ? description
      : japanese
        ? t('deliveries.composer.reference', { text: japanese })
        : t('deliveries.composer.referenceEmpty'),
    value,
    required: isRequired && isJapanese,
    maxLength,
    placeholder: isJapanese ? undefined : japanese || undefined,
    lang: language === 'ja-easy' ? 'ja' : language,
    'data-testid': testId,
    'data-missing-translation': isMissing ? 'true' : undefined,
    styles: isMissing ? { input: { borderColor: 'var(--mantine-color-yellow-6)' } } : undefined,
  }
  return isMultiline ? (
    <Textarea
      {...common}
      ref={inputRef}
      autosize
      minRows={3}
      maxRows={12}
      onChange={(e) => onChange(setText(texts, language, e.currentTarget.value))}
      rightSection={rightSection}
    />
  ) : (
    <TextInput {...common} onChange={(e) => onChange(setText(texts, language, e.currentTarget.value))} />
  )
}

function TextMessageEditor({
  text,
  onChange,
  language,
  testId,
}: {
  text: Texts
  onChange: (next: Texts) => void
  language: string
  testId: string
}) {
  const { t } = useTranslation()
  const ref = useRef<HTMLTextAreaElement>(null)
  const insertEmoji = (token: string) => {
    const input = ref.current
    const current = text[language] ?? ''
    const next = insertAt(current, input?.selectionStart ?? null, input?.selectionEnd ?? null, token)
    onChange(setText(text, language, next.text))
    requestAnimationFrame(() => {
      input?.focus()
      input?.setSelectionRange(next.caret, next.caret)
    })
  }
  const length = (text[language] ?? '').length
  return (
    <Stack gap={4}>
      <LocalizedField
        label={t('deliveries.composer.text')}
        description={t('deliveries.composer.textHelp')}
        texts={text}
        onChange={onChange}
        language={language}
        isRequired
        isMultiline
        maxLength={TEXT_MAX}
        testId={testId}
        inputRef={ref}
      />
      <Group justify="space-between">
        <EmojiPicker onPick={insertEmoji} />
        <Text size="xs" c="dimmed">
          {t('deliveries.composer.length', { count: length, max: TEXT_MAX })}
        </Text>
      </Group>
    </Stack>
  )
}

function EmojiPicker({ onPick }: { onPick: (token: string) => void }) {
  const { t } = useTranslation()
  const [opened, setOpened] = useState(false)
  return (
    <Popover opened={opened} onChange={setOpened} width={320} position="bottom-start" withArrow>
      <Popover.Target>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconMoodSmile size={14} />}
          onClick={() => setOpened((o) => !o)}
          data-testid="emoji-picker"
        >
          {t('deliveries.composer.emoji')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="xs" c="dimmed" mb="xs">
          {t('deliveries.composer.emojiHelp')}
        </Text>
        <Stack gap="xs">
          {EMOJI_SETS.map((set, setIndex) => (
            <div key={set.productId}>
              <Text size="xs" fw={600} mb={4}>
                {t('deliveries.composer.emojiSet', { n: setIndex + 1 })}
              </Text>
              <SimpleGrid cols={8} spacing={4}>
                {set.emojiIds.map((emojiId) => (
                  <Tooltip key={emojiId} label={`${set.productId} / ${emojiId}`}>
                    <UnstyledButton
                      onClick={() => {
                        onPick(emojiToken(set.productId, emojiId))
                        setOpened(false)
                      }}
                      aria-label={t('deliveries.composer.emojiItem', { n: setIndex + 1, id: emojiId })}
                      style={{
                        border: '1px solid var(--mantine-color-gray-3)',
                        borderRadius: 6,
                        textAlign: 'center',
                        fontSize: 11,
                        padding: '2px 0',
                      }}
                    >
                      ☺<br />
                      {emojiId}
                    </UnstyledButton>
                  </Tooltip>
                ))}
              </SimpleGrid>
            </div>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}

/** Uploads through /deliveries/images (core resizes it for LINE and makes the preview). */
export function ImagePicker({
  imageId,
  onChange,
  imageUrl,
  isRequired = false,
}: {
  imageId: string | null
  onChange: (image: UploadedImage | null) => void
  imageUrl: (imageId: string) => string
  isRequired?: boolean
}) {
  const { t } = useTranslation()
  const [isUploading, setUploading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const upload = async (file: File | null) => {
    if (!file) return
    setError(null)
    if (!IMAGE_ACCEPT.split(',').includes(file.type)) return setError(t('deliveries.image.wrongType'))
    if (file.size > IMAGE_MAX_BYTES) return setError(t('deliveries.image.tooLarge'))
    setUploading(true)
    try {
      const body = new FormData()
      body.set('file', file)
      const response = await fetch('/deliveries/images', { method: 'POST', body })
      const result = (await response.json().catch(() => null)) as
        | { ok: true; image: UploadedImage }
        | { ok: false; key: string; params?: Record<string, unknown> }
        | null
      if (result?.ok) onChange(result.image)
      else setError(result ? t(result.key, { ...result.params }) : t('deliveries.image.failed'))
    } catch {
      setError(t('deliveries.image.failed'))
    } finally {
      setUploading(false)
    }
  }
  return (
    <Stack gap="xs">
      {imageId ? (
        <Image
          src={imageUrl(imageId)}
          alt={t('deliveries.image.current')}
          maw={240}
          radius="md"
          data-testid="uploaded-image"
        />
      ) : (
        <Group gap="xs" c="dimmed">
          <IconPhoto size={18} />
          <Text size="sm">{isRequired ? t('deliveries.image.none') : t('deliveries.image.optional')}</Text>
        </Group>
      )}
      <Group gap="xs">
        <FileButton onChange={upload} accept={IMAGE_ACCEPT}>
          {(props) => (
            <Button
              {...props}
              size="xs"
              variant="light"
              leftSection={<IconUpload size={14} />}
              loading={isUploading}
              data-testid="image-upload"
            >
              {imageId ? t('deliveries.image.replace') : t('deliveries.image.choose')}
            </Button>
          )}
        </FileButton>
        {imageId && !isRequired ? (
          <Button size="xs" variant="subtle" color="red" onClick={() => onChange(null)}>
            {t('deliveries.image.remove')}
          </Button>
        ) : null}
      </Group>
      <Text size="xs" c="dimmed">
        {t('deliveries.image.help')}
      </Text>
      {error ? (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      ) : null}
    </Stack>
  )
}

function StickerPicker({
  packageId,
  stickerId,
  onChange,
}: {
  packageId: string
  stickerId: string
  onChange: (packageId: string, stickerId: string) => void
}) {
  const { t } = useTranslation()
  const current = STICKERS.find((s) => s.packageId === packageId)
  return (
    <Stack gap="xs">
      <Select
        label={t('deliveries.sticker.package')}
        value={current ? packageId : null}
        data={STICKERS.map((s) => ({
          value: s.packageId,
          label: t('deliveries.sticker.packageItem', { id: s.packageId }),
        }))}
        onChange={(value) => {
          const pack = STICKERS.find((s) => s.packageId === value)
          if (pack) onChange(pack.packageId, pack.stickerIds[0] ?? '')
        }}
        allowDeselect={false}
        w={260}
      />
      {current ? (
        <div role="radiogroup" aria-label={t('deliveries.sticker.choose')}>
          <SimpleGrid cols={{ base: 4, sm: 6 }} spacing={6}>
            {current.stickerIds.map((id) => {
              const isSelected = id === stickerId
              return (
                <UnstyledButton
                  key={id}
                  role="radio"
                  aria-checked={isSelected}
                  onClick={() => onChange(packageId, id)}
                  style={{
                    border: `2px solid ${isSelected ? 'var(--mantine-color-blue-6)' : 'var(--mantine-color-gray-3)'}`,
                    borderRadius: 8,
                    padding: 6,
                    textAlign: 'center',
                    fontSize: 11,
                    fontFamily: 'ui-monospace, monospace',
                  }}
                >
                  ☺<br />
                  {id}
                </UnstyledButton>
              )
            })}
          </SimpleGrid>
        </div>
      ) : null}
      <Text size="xs" c="dimmed">
        {t('deliveries.sticker.help')}
      </Text>
    </Stack>
  )
}

type CardMessage = Extract<ComposerMessage, { type: 'card' }>

function CardEditor({
  message,
  onChange,
  language,
  forms,
  imageUrl,
  index,
}: {
  message: CardMessage
  onChange: (next: CardMessage) => void
  language: string
  forms: FormChoice[]
  imageUrl: (imageId: string) => string
  index: number
}) {
  const { t } = useTranslation()
  const isJapanese = language === 'ja'
  const setButton = (i: number, button: CardButton) =>
    onChange({ ...message, buttons: message.buttons.map((b, j) => (j === i ? button : b)) })
  return (
    <Stack gap="sm">
      {isJapanese ? (
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('deliveries.card.image')}
          </Text>
          <ImagePicker
            imageId={message.imageId}
            onChange={(image) => onChange({ ...message, imageId: image?.id ?? null })}
            imageUrl={imageUrl}
          />
        </div>
      ) : null}
      <LocalizedField
        label={t('deliveries.card.title')}
        texts={message.title}
        onChange={(title) => onChange({ ...message, title })}
        language={language}
        isRequired
        maxLength={TITLE_MAX}
        testId={`message-${index}-title`}
      />
      <LocalizedField
        label={t('deliveries.card.body')}
        texts={message.body}
        onChange={(body) => onChange({ ...message, body })}
        language={language}
        isMultiline
        maxLength={BODY_MAX}
        testId={`message-${index}-body`}
      />
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          {t('deliveries.card.buttons', { count: message.buttons.length, max: MAX_BUTTONS })}
        </Text>
        {message.buttons.map((button, i) => (
          <ButtonEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: buttons have no ids; the order is the identity.
            key={i}
            n={i + 1}
            button={button}
            onChange={(next) => setButton(i, next)}
            onRemove={() => onChange({ ...message, buttons: message.buttons.filter((_, j) => j !== i) })}
            language={language}
            forms={forms}
            testId={`message-${index}-button-${i}`}
          />
        ))}
        {isJapanese && message.buttons.length < MAX_BUTTONS ? (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            w="fit-content"
            onClick={() =>
              onChange({
                ...message,
                buttons: [
                  ...message.buttons,
                  { label: { ja: '' }, action: { kind: 'url', url: 'https://' } },
                ],
              })
            }
            data-testid={`message-${index}-add-button`}
          >
            {t('deliveries.card.addButton')}
          </Button>
        ) : null}
      </Stack>
    </Stack>
  )
}

function ButtonEditor({
  n,
  button,
  onChange,
  onRemove,
  language,
  forms,
  testId,
}: {
  n: number
  button: CardButton
  onChange: (next: CardButton) => void
  onRemove: () => void
  language: string
  forms: FormChoice[]
  testId: string
}) {
  const { t } = useTranslation()
  const isJapanese = language === 'ja'
  const setAction = (action: CardAction) => onChange({ ...button, action })
  const changeKind = (kind: string) => {
    if (kind === button.action.kind) return
    if (kind === 'url') setAction({ kind: 'url', url: 'https://' })
    else if (kind === 'form') setAction({ kind: 'form', formId: forms[0]?.id ?? '' })
    else setAction({ kind: 'postback', data: '', displayText: {} })
  }
  const action = button.action
  return (
    <Card withBorder padding="sm" bg="gray.0" data-testid={testId}>
      <Group justify="space-between" mb={6}>
        <Text size="sm" fw={600}>
          {t('deliveries.card.button', { n })}
        </Text>
        {isJapanese ? (
          <ActionIcon
            variant="subtle"
            color="red"
            onClick={onRemove}
            aria-label={t('deliveries.card.removeButton', { n })}
          >
            <IconTrash size={14} />
          </ActionIcon>
        ) : null}
      </Group>
      <Stack gap="xs">
        <LocalizedField
          label={t('deliveries.card.buttonLabel')}
          description={t('deliveries.card.buttonLabelHelp', { max: LABEL_MAX })}
          texts={button.label}
          onChange={(label) => onChange({ ...button, label })}
          language={language}
          isRequired
          maxLength={LABEL_MAX}
          testId={`${testId}-label`}
        />
        {isJapanese ? (
          <>
            <div>
              <Text size="sm" fw={500} mb={4} id={`${testId}-kind`}>
                {t('deliveries.card.action')}
              </Text>
              <SegmentedControl
                aria-labelledby={`${testId}-kind`}
                size="xs"
                value={action.kind}
                onChange={changeKind}
                data={[
                  { value: 'url', label: t('deliveries.card.actions.url') },
                  { value: 'form', label: t('deliveries.card.actions.form') },
                  { value: 'postback', label: t('deliveries.card.actions.postback') },
                ]}
              />
            </div>
            {action.kind === 'url' ? (
              <TextInput
                label={t('deliveries.card.url')}
                value={action.url}
                onChange={(e) => setAction({ kind: 'url', url: e.currentTarget.value })}
                maxLength={1000}
                required
                data-testid={`${testId}-url`}
              />
            ) : action.kind === 'form' ? (
              <Select
                label={t('deliveries.card.form')}
                description={t('deliveries.card.formHelp')}
                placeholder={forms.length === 0 ? t('deliveries.card.noForms') : undefined}
                data={forms.map((f) => ({ value: f.id, label: f.title }))}
                value={action.formId || null}
                onChange={(value) => setAction({ kind: 'form', formId: value ?? '' })}
                searchable
                required
                data-testid={`${testId}-form`}
              />
            ) : (
              <TextInput
                label={t('deliveries.card.postbackData')}
                description={t('deliveries.card.postbackHelp')}
                value={action.data}
                onChange={(e) => setAction({ ...action, data: e.currentTarget.value })}
                maxLength={300}
                required
              />
            )}
          </>
        ) : null}
        {action.kind === 'postback' ? (
          <LocalizedField
            label={t('deliveries.card.displayText')}
            description={t('deliveries.card.displayTextHelp')}
            texts={action.displayText}
            onChange={(displayText) => setAction({ ...action, displayText })}
            language={language}
            maxLength={300}
          />
        ) : null}
      </Stack>
    </Card>
  )
}
