import { storeFormUpload, TooManyAttempts } from '@kairan/core'
import { MAX_IMAGE_MB, MAX_VIDEO_MB } from '@kairan/forms'
import {
  type ActionFunctionArgs,
  MaxPartSizeExceededError,
  type UploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node'
import { toActionFailure } from '~/.server/citizen.server.ts'
import { citizenCoreCtx, jsonError, requireResident } from '~/.server/forms.server.ts'
import { pageLanguage } from '~/.server/i18n.server.ts'

const MB = 1024 * 1024
/** More precise statuses than core's "invalid" for the two refusals of a file itself. */
const STATUS_BY_KEY: Record<string, number> = {
  'errors.upload_too_large': 413,
  'errors.upload_type_not_allowed': 415,
}
/** The largest file any question accepts, plus room for the multipart envelope. */
const MAX_BODY_BYTES = MAX_VIDEO_MB * MB + 64 * 1024
/** The question and version id fields: ids are at most 40 characters. */
const MAX_FIELD_BYTES = 200

/** Reads a small text field, refusing anything longer than a question id could be. */
async function readField(data: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of data) {
    size += chunk.byteLength
    if (size > MAX_FIELD_BYTES) throw new MaxPartSizeExceededError('questionId', MAX_FIELD_BYTES)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Streams the parts in: the question id and the form version shown, then one file, held in memory up to the largest size its
 * kind of file may have (images 20 MB, anything else the video limit); the form's own, usually
 * smaller, limit for that question is checked by core. Other fields and further files are refused.
 */
type Received = {
  questionId?: string
  versionId?: string
  file?: { name: string; type: string; data: Buffer }
}

function uploadHandler(received: Received): UploadHandler {
  return async ({ name, filename, contentType, data }) => {
    if ((name === 'questionId' || name === 'versionId') && filename === undefined) {
      received[name] = await readField(data)
      return undefined
    }
    if (name !== 'file' || filename === undefined || received.file) {
      throw new MaxPartSizeExceededError(name, 0)
    }
    const limit = (contentType.startsWith('image/') ? MAX_IMAGE_MB : MAX_VIDEO_MB) * MB
    const chunks: Uint8Array[] = []
    let size = 0
    for await (const chunk of data) {
      size += chunk.byteLength
      if (size > limit) throw new MaxPartSizeExceededError(name, limit)
      chunks.push(chunk)
    }
    received.file = { name: filename, type: contentType, data: Buffer.concat(chunks, size) }
    return undefined
  }
}

/**
 * POST `/c/:channelId/forms/:formId/uploads` (multipart: `questionId`, `versionId`, then `file`), from the form
 * page's uploader with the resident's session cookie. Core checks that the form is open, the
 * question is an upload question of it, the file's type and size, then stores the file encrypted;
 * the answer is the stored file's description (`UploadedFile`), which the form then holds as the
 * question's value. Refusals: `{ error: { key, message } }` in the resident's language.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { citizen } = requireResident(context, params)
  const language = () => pageLanguage(request, context)
  if (!citizen) return jsonError(401, 'errors.unauthenticated', await language())
  if (request.method !== 'POST') return jsonError(405, 'errors.invalid_input', await language())
  // Refused before reading anything when the browser says up front that it is too big.
  const declared = Number(request.headers.get('Content-Length') ?? '0')
  if (declared > MAX_BODY_BYTES) {
    return jsonError(413, 'errors.upload_too_large', await language())
  }
  const received: Received = {}
  try {
    await unstable_parseMultipartFormData(request, uploadHandler(received))
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError && error.field === 'file') {
      return jsonError(413, 'errors.upload_too_large', await language())
    }
    // Not multipart, a malformed body, a stray field, or the browser gave up half-way.
    return jsonError(400, 'errors.invalid_input', await language())
  }
  const { questionId, file } = received
  if (!questionId || !file) return jsonError(400, 'errors.invalid_input', await language())
  try {
    const stored = await storeFormUpload({
      ctx: citizenCoreCtx(context, citizen),
      secrets: context.secrets,
      storage: context.storage,
      input: {
        formId: params.formId ?? '',
        questionId,
        versionId: received.versionId || undefined,
        fileName: file.name || null,
        contentType: file.type,
        data: file.data,
      },
    })
    return Response.json(stored, { status: 201, headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    if (error instanceof TooManyAttempts) {
      return jsonError(429, 'errors.too_many_attempts', await language(), {
        'Retry-After': String(error.retryAfterSeconds),
      })
    }
    const failure = toActionFailure(error, context)
    const status = STATUS_BY_KEY[failure.key] ?? failure.status
    return jsonError(status, failure.key, await language())
  }
}

/** Nothing to show at this address. */
export function loader() {
  return new Response(null, { status: 405, headers: { Allow: 'POST' } })
}
