import { randomUUID } from 'node:crypto'
import type { DbOrTx } from '@kairan/db'
import { deliveryImages } from '@kairan/db/schema'
import { and, eq, inArray } from 'drizzle-orm'
import sharp from 'sharp'
import { z } from 'zod'
import { writeAccessLog } from '../audit/write-access-log.ts'
import { requireTenantChannel } from '../channels/channel-scope.ts'
import { type Ctx, requirePermission } from '../ctx.ts'
import { Invalid, NotFound } from '../errors.ts'
import { sniffMediaType } from '../forms/sniff-media-type.ts'
import type { BlobStore } from '../storage/blob-store.ts'
import type { DeliveryContent } from './content.ts'
import { contentImageIds, DELIVERY_IMAGE_VARIANTS, type DeliveryImageVariant } from './render.ts'

/**
 * SEG-12: images for deliveries. LINE fetches them from our public URL when a resident opens the
 * message, so they are stored unencrypted (a message is public to everyone it was sent to) and
 * served by apps/liff without a session, cacheable forever (an id never changes its bytes).
 *
 * Renditions (LINE's limits): `original` for image messages (≤ 2048 px, ≤ 10 MB, JPEG, or PNG when
 * it has transparency), `preview` (≤ 480 px, ≤ 1 MB, JPEG on white) and `card` for a card's hero
 * image (flex images are at most 1024 px, same format as the original).
 */

export const DELIVERY_IMAGE_MAX_INPUT_BYTES = 10 * 1024 * 1024
const ORIGINAL = { box: 2048, maxBytes: 10 * 1024 * 1024 }
const CARD = { box: 1024, maxBytes: 10 * 1024 * 1024 }
const PREVIEW = { box: 480, maxBytes: 1024 * 1024 }

export const UploadDeliveryImageInput = z.object({
  channelId: z.uuid(),
  bytes: z.instanceof(Buffer),
  fileName: z.string().trim().max(255).nullish(),
})
export type UploadDeliveryImageInput = z.input<typeof UploadDeliveryImageInput>

type Encoded = { data: Buffer; width: number; height: number }

/**
 * Fits the image in `box`×`box` and encodes it, lowering quality and then size until it fits in
 * `maxBytes` (a photo at 2048 px is ~1 MB; the loop is for pathological noise images).
 */
async function encode(
  source: Buffer,
  format: 'jpeg' | 'png',
  limits: { box: number; maxBytes: number },
): Promise<Encoded> {
  let box = limits.box
  for (let attempt = 0; attempt < 8; attempt++) {
    for (const quality of format === 'jpeg' ? [85, 72, 60] : [100]) {
      let pipeline = sharp(source).resize({
        width: box,
        height: box,
        fit: 'inside',
        withoutEnlargement: true,
      })
      pipeline =
        format === 'jpeg'
          ? pipeline.flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true })
          : pipeline.png({ compressionLevel: 9, palette: false })
      const { data, info } = await pipeline.toBuffer({ resolveWithObject: true })
      if (data.length <= limits.maxBytes) return { data, width: info.width, height: info.height }
    }
    box = Math.floor(box * 0.75)
  }
  throw new Invalid('errors.upload_too_large', { bytes: 'too_large' })
}

const keyOf = (tenantId: string, id: string, name: string) => `delivery-images/${tenantId}/${id}/${name}`

/** The `card` rendition sits next to the original (`…/original.png` → `…/card.png`). */
const cardKey = (originalKey: string) => originalKey.replace(/\/original\.(jpg|png)$/, '/card.$1')

/**
 * Stores an uploaded image for the composer: the bytes must really be JPEG or PNG (sniffed, not the
 * declared type), at most 10 MB; EXIF rotation is applied and metadata (GPS…) dropped by
 * re-encoding. Returns the id to put in the content and the preview path for the composer.
 */
export async function uploadDeliveryImage({
  ctx,
  storage,
  input,
}: {
  ctx: Ctx
  storage: BlobStore
  input: UploadDeliveryImageInput
}) {
  requirePermission(ctx, 'deliveries.manage')
  const u = UploadDeliveryImageInput.parse(input)
  const tenantId = ctx.actor.tenantId
  await requireTenantChannel(ctx.db, tenantId, u.channelId)
  if (u.bytes.length > DELIVERY_IMAGE_MAX_INPUT_BYTES) {
    throw new Invalid('errors.upload_too_large', { bytes: 'too_large' })
  }
  const sniffed = sniffMediaType(u.bytes)
  if (sniffed !== 'image/jpeg' && sniffed !== 'image/png') {
    throw new Invalid('errors.upload_type_not_allowed', { bytes: 'type' })
  }
  let upright: Buffer
  let isTransparent = false
  try {
    // Applies the EXIF orientation once, so every rendition is upright and carries no EXIF.
    upright = await sharp(u.bytes).rotate().toBuffer()
    if (sniffed === 'image/png') isTransparent = !(await sharp(upright).stats()).isOpaque
  } catch {
    throw new Invalid('errors.upload_type_not_allowed', { bytes: 'unreadable' })
  }
  const format = isTransparent ? 'png' : 'jpeg'
  const ext = format === 'png' ? 'png' : 'jpg'
  const [original, card, preview] = await Promise.all([
    encode(upright, format, ORIGINAL),
    encode(upright, format, CARD),
    encode(upright, 'jpeg', PREVIEW),
  ])

  const id = randomUUID()
  const originalKey = keyOf(tenantId, id, `original.${ext}`)
  const previewKey = keyOf(tenantId, id, 'preview.jpg')
  await storage.put(originalKey, original.data)
  await storage.put(cardKey(originalKey), card.data)
  await storage.put(previewKey, preview.data)
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.insert(deliveryImages).values({
        id,
        tenantId,
        channelId: u.channelId,
        originalKey,
        previewKey,
        contentType: format === 'png' ? 'image/png' : 'image/jpeg',
        width: original.width,
        height: original.height,
        bytes: original.data.length,
        uploadedByStaffUserId: ctx.actor.userId,
      })
      await writeAccessLog(tx, ctx, {
        tenantId,
        action: 'delivery_image.upload',
        targetType: 'delivery_image',
        targetId: id,
        detail: {
          channelId: u.channelId,
          fileName: u.fileName ?? null,
          width: original.width,
          height: original.height,
        },
      })
    })
  } catch (error) {
    await Promise.all(
      [originalKey, cardKey(originalKey), previewKey].map((k) => storage.delete(k).catch(() => {})),
    )
    throw error
  }
  return {
    id,
    width: original.width,
    height: original.height,
    contentType: format === 'png' ? 'image/png' : 'image/jpeg',
    previewUrl: `/media/delivery-images/${id}/preview`,
    originalUrl: `/media/delivery-images/${id}/original`,
  }
}
export type UploadedDeliveryImage = Awaited<ReturnType<typeof uploadDeliveryImage>>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isDeliveryImageVariant(value: string): value is DeliveryImageVariant {
  return (DELIVERY_IMAGE_VARIANTS as readonly string[]).includes(value)
}

/** Served for a year and marked immutable: an image id never gets other bytes. */
export const DELIVERY_IMAGE_CACHE_CONTROL = 'public, max-age=31536000, immutable'

/**
 * The bytes of a delivery image for the public route (no session: LINE's servers and residents'
 * phones fetch them). Unknown ids, malformed ids and unknown variants are all "not found".
 */
export async function readDeliveryImage({
  db,
  storage,
  imageId,
  variant,
}: {
  db: DbOrTx
  storage: BlobStore
  imageId: string
  variant: string
}) {
  if (!UUID.test(imageId) || !isDeliveryImageVariant(variant)) throw new NotFound('errors.not_found')
  const [image] = await db.select().from(deliveryImages).where(eq(deliveryImages.id, imageId.toLowerCase()))
  if (!image) throw new NotFound('errors.not_found')
  const key =
    variant === 'original'
      ? image.originalKey
      : variant === 'preview'
        ? image.previewKey
        : cardKey(image.originalKey)
  const data = await storage.get(key)
  if (!data) throw new NotFound('errors.not_found')
  return {
    contentType: variant === 'preview' ? 'image/jpeg' : image.contentType,
    data,
    cacheControl: DELIVERY_IMAGE_CACHE_CONTROL,
  }
}

/** The sizes `renderMessages` needs (hero aspect ratios), for the images a content uses. */
export async function loadRenderImages(
  db: DbOrTx,
  content: DeliveryContent,
  channelId?: string,
): Promise<Map<string, { width: number; height: number }>> {
  const ids = contentImageIds(content)
  if (ids.length === 0) return new Map()
  const rows = await db
    .select({ id: deliveryImages.id, width: deliveryImages.width, height: deliveryImages.height })
    .from(deliveryImages)
    .where(
      and(inArray(deliveryImages.id, ids), channelId ? eq(deliveryImages.channelId, channelId) : undefined),
    )
  return new Map(rows.map((r) => [r.id, { width: r.width, height: r.height }]))
}
