import { styleText } from 'node:util'

/** Console helpers for the developer scripts: colours (off when not a terminal), boxes, log lines. */
type Style = Parameters<typeof styleText>[0]

export const paint = (style: Style, text: string) => styleText(style, text, { stream: process.stdout })

export function box(lines: string[], style: Style = 'cyan'): string {
  const width = Math.max(...lines.map(displayWidth))
  const edge = '─'.repeat(width + 4)
  const body = lines.map(
    (line) => `${paint(style, '│')}  ${line}${' '.repeat(width - displayWidth(line))}  ${paint(style, '│')}`,
  )
  return [paint(style, `┌${edge}┐`), ...body, paint(style, `└${edge}┘`)].join('\n')
}

/** Japanese text takes two columns per character in a terminal. */
function displayWidth(text: string): number {
  let width = 0
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
  for (const ch of text.replace(/\u001b\[[0-9;]*m/g, '')) {
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
        ? 2
        : 1
  }
  return width
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

const LEVELS: Record<number, [string, Style]> = {
  10: ['TRACE', 'gray'],
  20: ['DEBUG', 'gray'],
  30: ['INFO ', 'green'],
  40: ['WARN ', 'yellow'],
  50: ['ERROR', 'red'],
  60: ['FATAL', 'red'],
}
const HIDDEN_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'app', 'v'])

/**
 * Turns a pino JSON line into "12:00:01 INFO  message key=value"; any other line is returned as is.
 * Only for the developer console: the apps keep writing JSON, which production log shippers want.
 */
export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(line) as Record<string, unknown>
  } catch {
    return line
  }
  if (typeof entry.level !== 'number') return line
  const [label, style] = LEVELS[entry.level] ?? ['LOG  ', 'white']
  const time = typeof entry.time === 'number' ? new Date(entry.time).toTimeString().slice(0, 8) : ''
  const error = entry.err as { stack?: unknown } | undefined
  const stack = typeof error?.stack === 'string' ? `\n${paint('gray', error.stack)}` : ''
  const rest = Object.entries(entry)
    .filter(([key]) => !HIDDEN_FIELDS.has(key) && !(key === 'err' && stack))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ')
  const message = typeof entry.msg === 'string' ? entry.msg : ''
  return `${paint('gray', time)} ${paint(style, label)} ${message}${rest ? ` ${paint('gray', rest)}` : ''}${stack}`
}

/** Writes a child's output line by line behind a coloured "[name]" prefix. */
export function prefixedWriter(name: string, style: Style, width: number): (chunk: Buffer) => void {
  const prefix = paint(style, `[${name}]`.padEnd(width + 2))
  let pending = ''
  return (chunk) => {
    pending += chunk.toString('utf8')
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      if (!line.trim()) continue
      for (const part of formatLogLine(line).split('\n')) process.stdout.write(`${prefix} ${part}\n`)
    }
  }
}
