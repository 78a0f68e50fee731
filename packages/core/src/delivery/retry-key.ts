import { createHash } from 'node:crypto'

/**
 * `X-Line-Retry-Key` of one delivery batch (batch 0 is a broadcast's single request): a UUID
 * (version nibble 5) derived from SHA-256 of the delivery and batch number. Whoever sends the
 * batch, however often (a retry, a second worker, a restart after a crash), sends the same key, so
 * LINE accepts it once and answers 409 "already accepted" to every repeat within 24 hours.
 */
export function deliveryRetryKey(deliveryId: string, batchNo: number): string {
  if (!Number.isInteger(batchNo) || batchNo < 0) throw new RangeError('batchNo must be a whole number ≥ 0')
  const hex = createHash('sha256').update(`kairan:delivery:${deliveryId}:${batchNo}`).digest('hex')
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
