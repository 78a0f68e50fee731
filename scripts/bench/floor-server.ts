import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { verifySignature } from '@kairan/line'

/**
 * The benchmark's floor: a bare Node HTTP server that reads the body, checks the LINE signature
 * and answers 200 — what any webhook endpoint must do at least, with no storage at all.
 */
const secret = process.argv[2] ?? ''
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const ok = verifySignature(Buffer.concat(chunks), secret, req.headers['x-line-signature'] as string)
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json', 'content-length': 2 })
    res.end('{}')
  })
})
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
