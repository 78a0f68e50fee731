import { createDatabase } from '@kairan/db'
import type { RequestHandler } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AdminServer, startAdminServer } from './app.ts'
import { parseEnv } from './env.ts'

// Nothing listens on port 1: /readyz must report the database down, quickly.
const UNREACHABLE_DATABASE = 'postgres://nobody@127.0.0.1:1/none'

describe('admin server (development mode, Vite)', () => {
  let admin: AdminServer
  const guarded: string[] = []
  /** Stands in for the real guard: records what it saw and refuses requests marked for refusal. */
  const guard: RequestHandler = (req, res, next) => {
    guarded.push(req.path)
    if (req.get('x-test-refuse')) res.status(403).type('text/plain').send('refused by guard')
    else next()
  }

  beforeAll(async () => {
    const env = parseEnv({
      KAIRAN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      DATABASE_URL: UNREACHABLE_DATABASE,
      NODE_ENV: 'development',
      LOG_LEVEL: 'silent',
    })
    admin = await startAdminServer({
      env,
      db: createDatabase(env.DATABASE_URL, { max: 1 }),
      guard,
      port: 0,
      host: '127.0.0.1',
      beforeRemix: (app) => {
        app.get('/probe/ip', (_req, res) => {
          res.json({ ip: res.locals.clientIp })
        })
        app.get('/probe/slow', (_req, res) => {
          setTimeout(() => res.json({ finished: true }), 300)
        })
      },
    })
  }, 60_000)

  afterAll(async () => {
    await admin?.close()
  })

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${admin.url}${path}`, { headers, redirect: 'manual' })

  it('answers /healthz without asking the guard, with the security headers', async () => {
    guarded.length = 0
    const res = await get('/healthz', { 'x-test-refuse': '1' })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
    expect(guarded).toEqual([])
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('same-origin')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(res.headers.get('x-powered-by')).toBeNull()
    // Development: no HSTS, which would stick to localhost in the browser.
    expect(res.headers.get('strict-transport-security')).toBeNull()
  })

  it('reports 503 on /readyz when PostgreSQL does not answer', async () => {
    const res = await get('/readyz', { 'x-test-refuse': '1' })
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ ok: false, database: 'down' })
  })

  it('puts the guard in front of pages, Vite assets and routes mounted before Remix', async () => {
    for (const path of ['/does-not-exist', '/@vite/client', '/probe/ip', '/set-language']) {
      guarded.length = 0
      const res = await get(path, { 'x-test-refuse': '1' })
      expect(res.status, path).toBe(403)
      expect(await res.text()).toBe('refused by guard')
      expect(guarded).toEqual([path])
      expect(res.headers.get('content-security-policy'), path).toBeTruthy()
    }
  })

  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    const res = await get('/probe/ip', { 'x-forwarded-for': '203.0.113.9' })
    expect(await res.json()).toEqual({ ip: '127.0.0.1' })
  })

  it('renders the translated 404 page with every inline script carrying the CSP nonce', async () => {
    const res = await get('/does-not-exist', { 'accept-language': 'en-US,en;q=0.9' })
    expect(res.status).toBe(404)
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1]
    expect(nonce).toBeTruthy()
    const html = await res.text()
    expect(html).toContain('<html lang="en"')
    expect(html).toContain('Page not found')
    const scripts = html.match(/<script\b[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(2)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
  })

  it('uses the kairan_lang cookie over Accept-Language', async () => {
    const html = await (
      await get('/does-not-exist', { cookie: 'kairan_lang=ja', 'accept-language': 'en' })
    ).text()
    expect(html).toContain('<html lang="ja"')
    expect(html).toContain('ページが見つかりません')
  })

  it('switches the language with POST /set-language and goes back only to a path on this site', async () => {
    const post = (body: string) =>
      fetch(`${admin.url}/set-language`, {
        method: 'POST',
        body: new URLSearchParams(body),
        redirect: 'manual',
      })
    const switched = await post('lang=en&redirectTo=/staff?page=2')
    expect(switched.status).toBe(302)
    expect(switched.headers.get('location')).toBe('/staff?page=2')
    expect(switched.headers.get('set-cookie')).toBe(
      'kairan_lang=en; Max-Age=31536000; Path=/; SameSite=Lax; HttpOnly',
    )

    const offsite = await post('lang=ja&redirectTo=//evil.example/')
    expect(offsite.headers.get('location')).toBe('/')

    const unknown = await post('lang=fr&redirectTo=/')
    expect(unknown.status).toBe(400)
    expect(unknown.headers.get('set-cookie')).toBeNull()
  })

  // Last: it stops the server.
  it('lets an in-flight request finish when shutting down, then refuses new connections', async () => {
    const inFlight = get('/probe/slow')
    await new Promise((resolve) => setTimeout(resolve, 50))
    const closed = admin.close()
    const res = await inFlight
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ finished: true })
    await closed
    await expect(get('/healthz')).rejects.toThrow()
  })
})
