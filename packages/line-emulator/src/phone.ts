// Serves the phone page (static files in src/phone/, written separately): `/` is index.html,
// `/phone/<file>` the rest.

import { readFile, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sendBytes } from './http.ts'

const PHONE_DIR = fileURLToPath(new URL('./phone/', import.meta.url))

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

const HEADERS = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' }

/** `pathname` is `/` or starts with `/phone/`. */
export async function servePhone(pathname: string, res: ServerResponse, head: boolean): Promise<void> {
  const exists = await stat(PHONE_DIR).then(
    (s) => s.isDirectory(),
    () => false,
  )
  if (!exists) {
    sendBytes(
      res,
      503,
      'text/plain; charset=utf-8',
      'The phone page is missing (packages/line-emulator/src/phone/).\n',
    )
    return
  }
  let name: string
  try {
    name = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice('/phone/'.length))
  } catch {
    name = ''
  }
  if (
    name === '' ||
    name.split('/').some((s) => s === '..' || s === '' || s.startsWith('.')) ||
    name.includes('\\')
  ) {
    sendBytes(res, 404, 'text/plain; charset=utf-8', 'Not found\n')
    return
  }
  let data: Buffer
  try {
    data = await readFile(PHONE_DIR + name)
  } catch {
    sendBytes(res, 404, 'text/plain; charset=utf-8', 'Not found\n')
    return
  }
  const type = TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream'
  if (head) {
    res.writeHead(200, { ...HEADERS, 'content-type': type, 'content-length': String(data.length) })
    res.end()
  } else sendBytes(res, 200, type, data, HEADERS)
}
