import { authenticateStaffRequest, SESSION_COOKIE, type StaffRequestAuth } from '@kairan/core'
import type { Db } from '@kairan/db'
import type { RequestHandler } from 'express'
import { readCookie } from '../app/.server/i18n.server.ts'

declare global {
  namespace Express {
    // biome-ignore lint/style/useConsistentTypeDefinitions: declaration merging needs an interface.
    interface Locals {
      /** Decided once per request by the guard; tRPC and Remix read it from here. */
      auth: StaffRequestAuth
      sessionToken: string | null
    }
  }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** The plain 403 page for an address outside the allow-list, in Japanese and English. */
export function ipDeniedPage(ip: string | null): string {
  const shown = escapeHtml(ip ?? '不明 / unknown')
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>アクセスが許可されていません / Access not allowed</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.7;color:#1a1b1e}h1{font-size:1.4rem}code{background:#f1f3f5;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>このIPアドレスからの管理画面の利用は許可されていません</h1>
<p>接続元のIPアドレス <code>${shown}</code> は、この自治体の管理画面の許可リストに含まれていません。庁内ネットワークから接続するか、管理者に許可リストへの追加を依頼してください。</p>
<hr><h1 lang="en">Access from this IP address is not allowed</h1>
<p lang="en">Your address <code>${shown}</code> is not on this city's admin allow-list. Connect from the city's network, or ask an administrator to add it.</p>
</body></html>`
}

/**
 * The admin's front door (SEC-9, invariant 4), mounted before everything but the health checks:
 * - refuses cross-site writes (a browser sends Origin on POST; it must be this host) — CSRF;
 * - resolves the session and the tenant's IP allow-list afresh on every request (no cache, so
 *   a saved list applies at once in every process) and answers 403 to an address outside it;
 * - leaves `res.locals.auth` for tRPC and Remix, which send anonymous visitors to sign in.
 */
export function staffGuard({ db }: { db: Db }): RequestHandler {
  return async (req, res, next) => {
    try {
      if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
        const origin = req.get('origin')
        if (origin && origin !== 'null' && new URL(origin).host !== req.get('host')) {
          res.status(403).type('text/plain').send('Cross-site request refused')
          return
        }
      }
      const token = readCookie(req.get('cookie') ?? null, SESSION_COOKIE) ?? null
      const auth = await authenticateStaffRequest(db, {
        token,
        request: { ip: res.locals.clientIp, userAgent: req.get('user-agent') ?? null },
      })
      if (auth.status === 'ip_denied') {
        res.status(403).set('Cache-Control', 'no-store').type('html').send(ipDeniedPage(auth.ip))
        return
      }
      res.locals.auth = auth
      res.locals.sessionToken = token
      next()
    } catch (error) {
      next(error)
    }
  }
}
