// Server-Sent Events for `GET /_emulator/events` (the phone page's live feed).

import type { IncomingMessage, ServerResponse } from 'node:http'

export class EventHub {
  readonly #clients = new Set<ServerResponse>()
  #heartbeat: NodeJS.Timeout | null = null

  attach(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    })
    res.write('retry: 1000\n: connected\n\n')
    this.#clients.add(res)
    req.on('close', () => this.#clients.delete(res))
    if (!this.#heartbeat) {
      this.#heartbeat = setInterval(() => {
        for (const client of this.#clients) client.write(': ping\n\n')
      }, 15_000)
      this.#heartbeat.unref()
    }
  }

  emit(event: string, data: unknown): void {
    if (this.#clients.size === 0) return
    const chunk = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
    for (const client of this.#clients) client.write(chunk)
  }

  close(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat)
    this.#heartbeat = null
    for (const client of this.#clients) client.end()
    this.#clients.clear()
  }
}
