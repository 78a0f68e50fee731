import { Button, Input } from '@mantine/core'
import { IconPhoto, IconPhotoPlus, IconVideo, IconVideoPlus } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { IMAGE_TYPES, type QuestionOf, VIDEO_TYPES } from '../definition.ts'
import { asList, type FieldContext } from './field-context.ts'
import { FormText, MessageText, plainMessage } from './form-text.tsx'
import { formatFileSize, maxUploadBytes, questionFieldId } from './helpers.ts'
import { describedBy, errorNode, QuestionLabel, questionDescription } from './question-parts.tsx'
import { bareFieldset, colors, lh, visuallyHidden, wrapperStyles } from './styles.ts'
import { type UploadedFile, type Uploader, UploadRefusal } from './types.ts'
import type { FormUiMessageKey, MessageValues } from './ui-messages.ts'

type UploadKind = 'image' | 'video'

/** Extensions for files whose type the phone does not report (some Android pickers, HEIC). */
const EXTENSIONS: Record<UploadKind, readonly string[]> = {
  image: ['jpg', 'jpeg', 'png', 'webp', 'heic', 'heif'],
  video: ['mp4', 'mov', 'webm', '3gp'],
}
const TYPE_NAMES: Record<UploadKind, string> = {
  image: 'JPEG, PNG, WebP, HEIC',
  video: 'MP4, MOV, WebM, 3GP',
}
const TYPES: Record<UploadKind, readonly string[]> = { image: IMAGE_TYPES, video: VIDEO_TYPES }

/** The `accept` attribute: the types the server takes, plus their extensions for pickers that only know those. */
export function acceptFor(kind: UploadKind): string {
  return [...TYPES[kind], ...EXTENSIONS[kind].map((ext) => `.${ext}`)].join(',')
}

/** Whether a picked file is of a type the question takes (by its reported type, else its extension). */
export function isAllowedFile(file: { type: string; name: string }, kind: UploadKind): boolean {
  if (file.type) return TYPES[kind].includes(file.type.toLowerCase())
  const ext = file.name.split('.').pop()?.toLowerCase()
  return ext !== undefined && EXTENSIONS[kind].includes(ext)
}

type Problem = { key: FormUiMessageKey; values: MessageValues }
type Pending = { key: number; name: string; byteSize: number; fraction: number }

/**
 * Photos or videos: a large button opens the phone's picker (camera or library, the resident's
 * choice); each file is checked for type and size first, then sent with a progress bar, and shown
 * with its thumbnail, name and size and a remove button. Without an uploader (the admin preview)
 * the button is disabled and says why.
 */
export function UploadField({
  question,
  error,
  ctx,
}: {
  question: QuestionOf<'image' | 'video'>
  error: string | undefined
  ctx: FieldContext
}) {
  const kind: UploadKind = question.type
  const fieldId = questionFieldId(question.id, ctx.idPrefix)
  const description = questionDescription(question, ctx)
  const m = ctx.messages
  const rawValue = ctx.values[question.id]
  const ids = asList(rawValue)
  const [pending, setPending] = useState<Pending[]>([])
  const [problems, setProblems] = useState<Problem[]>([])
  const [announcement, setAnnouncement] = useState('')
  const inputRef = useRef<HTMLInputElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const groupRef = useRef<HTMLFieldSetElement>(null)
  const nextKey = useRef(0)
  const inFlight = useRef(0)
  const ctxRef = useRef(ctx)
  ctxRef.current = ctx
  // Uploads finish one after another, maybe before the page re-renders with the previous result:
  // each one builds on the latest list it knows, and new props replace it only when they change.
  const latest = useRef({ ids, files: ctx.files })
  const seen = useRef({ rawValue, files: ctx.files })
  if (seen.current.rawValue !== rawValue || seen.current.files !== ctx.files) {
    seen.current = { rawValue, files: ctx.files }
    latest.current = { ids, files: ctx.files }
  }

  const uploader = ctx.uploader
  const isFull = ids.length + pending.length >= question.maxFiles
  const maxBytes = maxUploadBytes(question.maxSizeMb)

  // Tell the form how many files are on their way (the page waits for them before sending).
  const pendingCount = pending.length
  const questionId = question.id
  useEffect(() => {
    ctxRef.current.reportUploads(questionId, pendingCount)
  }, [questionId, pendingCount])
  useEffect(() => () => ctxRef.current.reportUploads(questionId, 0), [questionId])

  const uploadOne = async (sender: Uploader, file: File, key: number) => {
    const name = file.name
    try {
      const uploaded = await sender.upload(question.id, file, (fraction) => {
        const clamped = Math.min(1, Math.max(0, fraction))
        setPending((list) => list.map((p) => (p.key === key ? { ...p, fraction: clamped } : p)))
      })
      const files = { ...latest.current.files, [uploaded.id]: uploaded }
      const nextIds = [...latest.current.ids, uploaded.id]
      latest.current = { ids: nextIds, files }
      ctxRef.current.onFilesChange?.(files)
      ctxRef.current.onChange(question.id, nextIds)
      setAnnouncement(plainMessage(ctxRef.current.messages.uploadDone, { name }))
    } catch (error) {
      const problem: Problem =
        error instanceof UploadRefusal && error.message
          ? { key: 'uploadRefused', values: { name, reason: error.message } }
          : { key: 'uploadFailed', values: { name } }
      setProblems((list) => [...list, problem])
    } finally {
      inFlight.current -= 1
      setPending((list) => list.filter((p) => p.key !== key))
    }
  }

  const handleFiles = async (list: FileList | null) => {
    const picked = list ? Array.from(list) : []
    if (inputRef.current) inputRef.current.value = '' // the same file can be picked again
    if (!uploader || picked.length === 0) return
    const found: Problem[] = []
    const accepted: { file: File; key: number }[] = []
    let room = question.maxFiles - latest.current.ids.length - inFlight.current
    for (const file of picked) {
      if (!isAllowedFile(file, kind)) {
        found.push({ key: 'fileTypeNotAllowed', values: { name: file.name, types: TYPE_NAMES[kind] } })
      } else if (file.size > maxBytes) {
        found.push({ key: 'fileTooLarge', values: { name: file.name, size: question.maxSizeMb } })
      } else if (room <= 0) {
        if (!found.some((p) => p.key === 'tooManyFiles'))
          found.push({ key: 'tooManyFiles', values: { count: question.maxFiles } })
      } else {
        room -= 1
        nextKey.current += 1
        accepted.push({ file, key: nextKey.current })
      }
    }
    setProblems(found)
    setAnnouncement('')
    if (accepted.length === 0) return
    inFlight.current += accepted.length
    setPending((list) => [
      ...list,
      ...accepted.map(({ file, key }) => ({ key, name: file.name, byteSize: file.size, fraction: 0 })),
    ])
    // One at a time: on a phone network, parallel uploads only make every one of them slower.
    for (const { file, key } of accepted) await uploadOne(uploader, file, key)
  }

  const remove = (id: string) => {
    const nextIds = latest.current.ids.filter((x) => x !== id)
    latest.current = { ...latest.current, ids: nextIds }
    ctx.onChange(question.id, nextIds)
    setProblems([])
    // The removed row's button is gone: after the re-render, focus the add button (shown again
    // when the list was full), else the question's group, so the focus stays in the question.
    setTimeout(() => (buttonRef.current ?? groupRef.current)?.focus(), 0)
  }

  const Add = kind === 'image' ? IconPhotoPlus : IconVideoPlus
  return (
    <Input.Wrapper
      id={fieldId}
      labelElement="div"
      size="lg"
      label={<QuestionLabel question={question} ctx={ctx} />}
      description={description}
      error={errorNode(error)}
      styles={wrapperStyles}
    >
      <fieldset
        ref={groupRef}
        id={fieldId}
        tabIndex={-1}
        aria-labelledby={`${fieldId}-label`}
        aria-describedby={describedBy(fieldId, description !== undefined, Boolean(error))}
        style={{ ...bareFieldset, display: 'flex', flexDirection: 'column', gap: 8, outlineOffset: 4 }}
      >
        {ids.length + pending.length > 0 ? (
          <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}>
            {ids.map((id) => (
              <FileRow
                key={id}
                kind={kind}
                name={ctx.files[id]?.fileName ?? plainMessage(m.fileFallbackName)}
                file={ctx.files[id]}
                thumbnailUrl={kind === 'image' && uploader ? uploader.fileUrl(id) : undefined}
                ctx={ctx}
                onRemove={() => remove(id)}
              />
            ))}
            {pending.map((p) => (
              <PendingRow key={`pending-${p.key}`} kind={kind} pending={p} ctx={ctx} />
            ))}
          </ul>
        ) : null}
        {isFull ? null : (
          <Button
            ref={buttonRef}
            size="lg"
            // Outline, not light: the primary text on the light tint is 4.36:1 (WCAG AA wants 4.5:1).
            variant="outline"
            fullWidth
            leftSection={<Add size={24} aria-hidden="true" />}
            disabled={!uploader || ctx.isDisabled}
            onClick={() => inputRef.current?.click()}
          >
            <FormText text={kind === 'image' ? m.uploadImage : m.uploadVideo} />
          </Button>
        )}
        <input
          ref={inputRef}
          type="file"
          hidden
          tabIndex={-1}
          aria-hidden="true"
          accept={acceptFor(kind)}
          multiple={question.maxFiles > 1}
          onChange={(event) => void handleFiles(event.currentTarget.files)}
        />
        {uploader ? null : (
          <p style={{ margin: 0, fontSize: '0.875rem', color: colors.muted }}>
            <FormText text={m.previewUploadNote} />
          </p>
        )}
        <div role="alert" style={{ color: colors.error, fontSize: '0.9375rem', lineHeight: lh(1.5) }}>
          {problems.map((p, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one list per selection, never reordered.
            <p key={index} style={{ margin: 0 }}>
              <MessageText template={m[p.key]} values={p.values} />
            </p>
          ))}
        </div>
        <p aria-live="polite" style={visuallyHidden}>
          {announcement}
        </p>
      </fieldset>
    </Input.Wrapper>
  )
}

const ROW = {
  display: 'flex',
  alignItems: 'center',
  gap: 12,
  minHeight: 72,
  padding: 8,
  border: `1px solid ${colors.divider}`,
  borderRadius: 12,
  background: colors.surface,
} as const

const THUMB = {
  flex: 'none',
  width: 56,
  height: 56,
  borderRadius: 8,
  background: colors.page,
  color: colors.muted,
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
  overflow: 'hidden',
} as const

const NAME = {
  fontWeight: 600,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const

function Thumbnail({ kind, url }: { kind: UploadKind; url: string | undefined }) {
  const [isBroken, setBroken] = useState(false)
  const Icon = kind === 'image' ? IconPhoto : IconVideo
  return (
    <span style={THUMB}>
      {url && !isBroken ? (
        // The file name is next to it, so the picture needs no text of its own. A fixed box: no
        // layout shift while it loads. (HEIC shows only in Safari; elsewhere the icon remains.)
        <img
          src={url}
          alt=""
          width={56}
          height={56}
          loading="lazy"
          style={{ width: 56, height: 56, objectFit: 'cover' }}
          onError={() => setBroken(true)}
        />
      ) : (
        <Icon size={28} aria-hidden="true" />
      )}
    </span>
  )
}

function FileRow({
  kind,
  name,
  file,
  thumbnailUrl,
  ctx,
  onRemove,
}: {
  kind: UploadKind
  name: string
  file: UploadedFile | undefined
  thumbnailUrl: string | undefined
  ctx: FieldContext
  onRemove: () => void
}) {
  return (
    <li style={ROW}>
      <Thumbnail kind={kind} url={thumbnailUrl} />
      <div style={{ flex: '1 1 auto', minWidth: 0 }}>
        <div style={NAME}>{name}</div>
        {file ? (
          <div style={{ fontSize: '0.875rem', color: colors.muted }}>
            {formatFileSize(file.byteSize, ctx.language)}
          </div>
        ) : null}
      </div>
      <Button
        variant="subtle"
        color="red.9"
        // Subtle buttons draw their text in shade 6 at most (3.3:1 for red): red 9 is 5.4:1 on white.
        c="red.9"
        size="md"
        h={44}
        px={12}
        disabled={ctx.isDisabled}
        aria-label={plainMessage(ctx.messages.removeFileNamed, { name })}
        onClick={onRemove}
      >
        <FormText text={ctx.messages.removeFile} />
      </Button>
    </li>
  )
}

function PendingRow({ kind, pending, ctx }: { kind: UploadKind; pending: Pending; ctx: FieldContext }) {
  const percent = Math.round(pending.fraction * 100)
  return (
    <li style={ROW}>
      <Thumbnail kind={kind} url={undefined} />
      <div style={{ flex: '1 1 auto', minWidth: 0 }}>
        <div style={NAME}>{pending.name}</div>
        <div
          style={{ display: 'flex', alignItems: 'center', gap: 8, fontSize: '0.875rem', color: colors.muted }}
        >
          <div
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-label={pending.name}
            style={{
              flex: '1 1 auto',
              height: 6,
              borderRadius: 3,
              background: colors.divider,
              overflow: 'hidden',
            }}
          >
            <div
              style={{
                width: `${percent}%`,
                height: '100%',
                background: colors.accent,
                transition: 'width 150ms linear',
              }}
            />
          </div>
          <span style={{ flex: 'none' }}>
            <MessageText template={ctx.messages.uploading} values={{ percent }} />
          </span>
        </div>
      </div>
    </li>
  )
}
