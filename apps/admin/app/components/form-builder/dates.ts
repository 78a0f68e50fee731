/**
 * Open and close times are moments in Japan time whatever the browser's zone: the pickers edit a
 * Tokyo wall-clock string ("2025-04-01 09:00:00"), the server gets an ISO string with +09:00.
 */
const TOKYO = 'Asia/Tokyo'

/** ISO moment → "YYYY-MM-DD HH:mm:ss" in Tokyo (for Mantine's DateTimePicker), or null. */
export function toTokyoWallClock(value: string | Date | null | undefined): string | null {
  if (!value) return null
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return null
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: TOKYO,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
}

/** "YYYY-MM-DD HH:mm(:ss)" read as Tokyo time → ISO string with the +09:00 offset, or null. */
export function fromTokyoWallClock(value: string | null | undefined): string | null {
  if (!value) return null
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(value)
  if (!match) return null
  const iso = `${match[1]}T${match[2]}:${match[3]}:${match[4] ?? '00'}+09:00`
  return Number.isNaN(Date.parse(iso)) ? null : iso
}

/** Today in Tokyo as "YYYY-MM-DD" (date question limits, "today"). */
export function tokyoToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TOKYO }).format(new Date())
}
