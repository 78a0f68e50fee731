import { randomUUID } from 'node:crypto'
import type { DbOrTx } from '@kairan/db'
import { formUploads } from '@kairan/db/schema'
import { allQuestions, IMAGE_TYPES, isUploadQuestion, VIDEO_TYPES } from '@kairan/forms'
import { and, count, eq, gt, isNotNull, isNull, lt } from 'drizzle-orm'
import { z } from 'zod'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { type Ctx, requireCitizen, requirePermission } from '../ctx.ts'
import { Conflict, Invalid, NotFound, TooManyAttempts, Unauthenticated } from '../errors.ts'
import { defineJob } from '../jobs/define-job.ts'
import { UploadIdInput } from '../schemas.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import type { BlobStore } from '../storage/blob-store.ts'
import { requireTenantForm, residentFormStatus } from './form-scope.ts'
import { requireFormVersion } from './resident-forms.ts'
import { sniffMediaType } from './sniff-media-type.ts'

/** Uploads not sent with an answer within a day are removed (the resident gave up, or replaced them). */
export const UNATTACHED_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000
/** A resident may hold this many files not (yet) part of an answer per form; more looks like abuse. */
const MAX_PENDING_UPLOADS = 30

export const StoreFormUploadInput = z.object({
  formId: z.uuid(),
  questionId: z.string().min(1).max(40),
  /** The version the page shows; default the current one. */
  versionId: z.uuid().optional(),
  fileName: z.string().trim().max(255).nullish(),
  contentType: z.string().max(200),
  data: z.instanceof(Buffer),
})
export type StoreFormUploadInput = z.input<typeof StoreFormUploadInput>

export const uploadStorageKey = (tenantId: string, formId: string, uploadId: string) =>
  `forms/${tenantId}/${formId}/${uploadId}`

/**
 * A resident's photo or video for an image/video question, before they send the answer. The
 * question's limits are enforced here (size, type), the bytes' real type is sniffed and must be one
 * the question accepts — the declared type alone proves nothing — and the file is stored encrypted
 * (SEC-2). The answer then names the returned id; `submitFormResponse` attaches it.
 */
export async function storeFormUpload({
  ctx,
  secrets,
  storage,
  input,
}: {
  ctx: Ctx
  secrets: SecretBox
  storage: BlobStore
  input: StoreFormUploadInput
}) {
  requireCitizen(ctx)
  const parsed = StoreFormUploadInput.parse(input)
  const form = await requireTenantForm(ctx.db, ctx.actor.tenantId, parsed.formId)
  const status = residentFormStatus(form)
  if (!form.currentVersionId) throw new NotFound('errors.form_not_found')
  if (status === 'closed') throw new Conflict('errors.form_closed')
  if (status === 'not_open_yet') throw new Conflict('errors.form_not_open')
  const version = await requireFormVersion(
    ctx.db,
    form.tenantId,
    form.id,
    parsed.versionId ?? form.currentVersionId,
  )
  const question = allQuestions(version.definition).find((q) => q.id === parsed.questionId)
  if (!question || !isUploadQuestion(question)) throw new NotFound('errors.not_found')

  const accepted: readonly string[] = question.type === 'image' ? IMAGE_TYPES : VIDEO_TYPES
  const declared = parsed.contentType.split(';')[0]!.trim().toLowerCase()
  const sniffed = sniffMediaType(parsed.data)
  // The declared type must be of the question's kind; the bytes decide the exact type stored.
  if (!accepted.includes(declared) || !sniffed || !accepted.includes(sniffed)) {
    throw new Invalid('errors.upload_type_not_allowed', { [question.id]: 'errors.upload_type_not_allowed' })
  }
  if (parsed.data.length > question.maxSizeMb * 1024 * 1024) {
    throw new Invalid('errors.upload_too_large', { [question.id]: 'errors.upload_too_large' })
  }
  await assertNotFlooding(ctx.db, ctx.actor.citizenId, form.id)

  const id = randomUUID()
  const storageKey = uploadStorageKey(form.tenantId, form.id, id)
  await storage.put(storageKey, secrets.encryptBytes(parsed.data))
  const fileName = parsed.fileName || null
  try {
    await ctx.db.insert(formUploads).values({
      id,
      tenantId: form.tenantId,
      channelId: ctx.actor.channelId,
      formId: form.id,
      questionId: question.id,
      citizenId: ctx.actor.citizenId,
      storageKey,
      contentType: sniffed,
      byteSize: parsed.data.length,
      fileNameEnc: fileName ? secrets.encrypt(fileName) : null,
    })
  } catch (error) {
    await storage.delete(storageKey).catch(() => {})
    throw error
  }
  return { id, contentType: sniffed, byteSize: parsed.data.length, fileName }
}

async function assertNotFlooding(db: DbOrTx, citizenId: string, formId: string) {
  const [pending] = await db
    .select({ n: count() })
    .from(formUploads)
    .where(
      and(
        eq(formUploads.citizenId, citizenId),
        eq(formUploads.formId, formId),
        isNull(formUploads.responseId),
        gt(formUploads.createdAt, new Date(Date.now() - UNATTACHED_UPLOAD_TTL_MS)),
      ),
    )
  if ((pending?.n ?? 0) >= MAX_PENDING_UPLOADS) throw new TooManyAttempts(60 * 60)
}

/**
 * A file's bytes for the resident who sent it, or for staff with `form_answers.read` (only files
 * that are part of a sent answer, and every view is written to the access log — SEC-5).
 */
export async function readFormUpload({
  ctx,
  secrets,
  storage,
  input,
}: {
  ctx: Ctx
  secrets: SecretBox
  storage: BlobStore
  input: UploadIdInput
}) {
  const { uploadId } = UploadIdInput.parse(input)
  let upload: typeof formUploads.$inferSelect | undefined
  if (ctx.actor.type === 'citizen') {
    requireCitizen(ctx)
    ;[upload] = await ctx.db
      .select()
      .from(formUploads)
      .where(and(eq(formUploads.id, uploadId), eq(formUploads.citizenId, ctx.actor.citizenId)))
  } else if (ctx.actor.type === 'staff') {
    requirePermission(ctx, 'form_answers.read')
    ;[upload] = await ctx.db
      .select()
      .from(formUploads)
      .where(
        and(
          eq(formUploads.id, uploadId),
          eq(formUploads.tenantId, ctx.actor.tenantId),
          isNotNull(formUploads.responseId),
        ),
      )
    if (upload) {
      await writeAccessLog(ctx.db, ctx, {
        tenantId: upload.tenantId,
        action: 'form_upload.view',
        targetType: 'form_upload',
        targetId: upload.id,
        detail: { formId: upload.formId, responseId: upload.responseId, questionId: upload.questionId },
      })
    }
  } else {
    throw new Unauthenticated('errors.unauthenticated')
  }
  if (!upload) throw new NotFound('errors.upload_not_found')
  const sealed = await storage.get(upload.storageKey)
  if (!sealed) throw new NotFound('errors.upload_not_found')
  return {
    contentType: upload.contentType,
    fileName: upload.fileNameEnc ? secrets.decrypt(upload.fileNameEnc) : null,
    data: secrets.decryptBytes(sealed),
  }
}

/**
 * Removes uploads no answer uses (never sent, or dropped by an edit) older than a day. Rows go
 * first, in one statement that skips any a submission has just attached (it re-checks
 * `response_id` under the row lock), then their files: a failure in between leaves an unreadable
 * encrypted file behind, never an answer pointing at a missing one.
 */
export async function deleteAbandonedUploads(
  db: DbOrTx,
  storage: BlobStore,
  now = new Date(),
): Promise<{ deleted: number; filesFailed: number }> {
  const rows = await db
    .delete(formUploads)
    .where(
      and(
        isNull(formUploads.responseId),
        lt(formUploads.createdAt, new Date(now.getTime() - UNATTACHED_UPLOAD_TTL_MS)),
      ),
    )
    .returning({ storageKey: formUploads.storageKey })
  let filesFailed = 0
  for (const row of rows) {
    await storage.delete(row.storageKey).catch(() => {
      filesFailed += 1
    })
  }
  return { deleted: rows.length, filesFailed }
}

export const formUploadCleanupJob = defineJob({
  name: 'forms.upload-cleanup',
  payload: z.object({}).passthrough(),
  cron: '25 * * * *',
  timezone: 'Asia/Tokyo',
  retryLimit: 2,
  retryDelaySeconds: 300,
  async handler(_payload, { db, storage, log }) {
    log.info(await deleteAbandonedUploads(db, storage), 'abandoned form uploads removed')
  },
})
