// Small node:http helpers.

import type { IncomingMessage, ServerResponse } from 'node:http'

export const MAX_BODY_BYTES = 2 * 1024 * 1024

export type Body = { data: Buffer; tooLarge: boolean }

/** Reads the body; past `limit` bytes it keeps draining but returns `tooLarge`. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        tooLarge = true
        chunks.length = 0
      } else if (!tooLarge) chunks.push(chunk)
    })
    req.on('end', () => resolve({ data: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }))
    req.on('error', reject)
  })
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    ...(text === '' ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': String(Buffer.byteLength(text)),
  })
  res.end(text)
}

export function sendBytes(
  res: ServerResponse,
  status: number,
  contentType: string,
  data: Buffer | string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...headers,
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(data)),
  })
  res.end(data)
}

export const CORS_HEADERS: Record<string, string> = { 'access-control-allow-origin': '*' }

export function sendPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(204, {
    ...CORS_HEADERS,
    'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'access-control-allow-headers':
      req.headers['access-control-request-headers'] ?? 'content-type, authorization',
    'access-control-max-age': '600',
    'content-length': '0',
  })
  res.end()
}

export function isJsonContentType(type: string | undefined): boolean {
  return type === undefined || type === '' || /\bjson\b/i.test(type)
}
