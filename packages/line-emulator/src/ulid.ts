// ULIDs (https://github.com/ulid/spec): 48-bit millisecond time + 80 random bits, Crockford base32.
// Monotonic within one millisecond, so IDs sort in the order they were made.

import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

let lastTime = -1
let lastRandom: number[] = []

function randomDigits(): number[] {
  const bytes = randomBytes(16)
  return Array.from({ length: 16 }, (_, i) => (bytes[i] ?? 0) % 32)
}

function increment(digits: number[]): number[] {
  const out = [...digits]
  for (let i = out.length - 1; i >= 0; i--) {
    if ((out[i] ?? 0) < 31) {
      out[i] = (out[i] ?? 0) + 1
      return out
    }
    out[i] = 0
  }
  return randomDigits()
}

export function ulid(now: number = Date.now()): string {
  lastRandom = now === lastTime ? increment(lastRandom) : randomDigits()
  lastTime = now
  let time = ''
  let t = now
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time
    t = Math.floor(t / 32)
  }
  return time + lastRandom.map((d) => ALPHABET[d]).join('')
}

export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/
