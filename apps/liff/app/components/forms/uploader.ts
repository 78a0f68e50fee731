import { type UploadedFile, type Uploader, UploadRefusal } from '@kairan/forms/react'

/** What the upload route answers when it refuses: a message key and its text in the resident's language. */
type UploadErrorBody = { error?: { key?: string; message?: string } }

/** A refused or failed upload; `message` is for the resident, `key` names the reason. */
export class UploadError extends UploadRefusal {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message)
  }
}

function isUploadedFile(value: unknown): value is UploadedFile {
  if (typeof value !== 'object' || value === null) return false
  const file = value as Record<string, unknown>
  return (
    typeof file.id === 'string' && typeof file.contentType === 'string' && typeof file.byteSize === 'number'
  )
}

/**
 * The form's uploads over XMLHttpRequest rather than fetch: only XHR reports upload progress
 * (`upload.onprogress`), and a phone sending a video wants to see it move. The session cookie goes
 * along (same origin); the route answers the stored file's description, or `{ error: { key, message } }`.
 * `translate` turns a key into the resident's message, for failures that never reached the server.
 */
export function createFormUploader(options: {
  channelId: string
  formId: string
  /** The version on screen: its question's limits apply. */
  versionId: string
  translate: (key: string) => string
  /** +1 when an upload starts, -1 when it ends either way (the page waits for them before "Review"). */
  onBusyChange?: (change: 1 | -1) => void
}): Uploader {
  const { channelId, formId, versionId, translate, onBusyChange } = options
  return {
    upload(questionId, file, onProgress) {
      onBusyChange?.(1)
      return send(questionId, file, onProgress).finally(() => onBusyChange?.(-1))
    },
    fileUrl: (uploadId) => `/c/${channelId}/uploads/${uploadId}`,
  }

  function send(questionId: string, file: File, onProgress: (fraction: number) => void) {
    return new Promise<UploadedFile>((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open('POST', `/c/${channelId}/forms/${formId}/uploads`)
      xhr.responseType = 'json'
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress(Math.min(1, event.loaded / event.total))
      }
      xhr.onload = () => {
        const body = xhr.response as unknown
        if (xhr.status >= 200 && xhr.status < 300 && isUploadedFile(body)) {
          onProgress(1)
          resolve(body)
          return
        }
        const error = (body as UploadErrorBody | null)?.error
        const key = error?.key ?? (xhr.status === 401 ? 'errors.unauthenticated' : 'forms.uploadFailed')
        reject(new UploadError(key, error?.message ?? translate(key)))
      }
      xhr.onerror = () => reject(new UploadError('errors.network', translate('errors.network')))
      xhr.onabort = () => reject(new UploadError('errors.network', translate('errors.network')))
      // The question first, so the server knows the limits before the file's bytes arrive.
      const body = new FormData()
      body.append('questionId', questionId)
      body.append('versionId', versionId)
      body.append('file', file, file.name)
      xhr.send(body)
    })
  }
}
