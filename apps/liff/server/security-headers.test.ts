import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from './security-headers.ts'

const frameAncestors = ['http://127.0.0.1:3300']

describe('contentSecurityPolicy', () => {
  it('allows only same-origin scripts and inline ones with this nonce', () => {
    const csp = contentSecurityPolicy('abc123', { isDevelopment: false, frameAncestors })
    expect(csp).toContain("script-src 'self' 'nonce-abc123'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("connect-src 'self';")
  })

  it('lets the app itself and the configured origins (the emulator) frame the pages', () => {
    expect(contentSecurityPolicy('n', { isDevelopment: false, frameAncestors })).toContain(
      "frame-ancestors 'self' http://127.0.0.1:3300",
    )
    expect(contentSecurityPolicy('n', { isDevelopment: false, frameAncestors: [] })).toMatch(
      /frame-ancestors 'self'$/,
    )
  })

  it('opens LINE’s hosts on LIFF pages, and the emulator when the channel uses it', () => {
    const line = contentSecurityPolicy('n', {
      isDevelopment: false,
      frameAncestors,
      liff: { emulatorOrigin: null },
    })
    expect(line).toContain(
      "connect-src 'self' https://api.line.me https://access.line.me https://liffsdk.line-scdn.net;",
    )
    const emulated = contentSecurityPolicy('n', {
      isDevelopment: false,
      frameAncestors,
      liff: { emulatorOrigin: 'http://127.0.0.1:3300' },
    })
    expect(emulated).toMatch(/connect-src [^;]*http:\/\/127\.0\.0\.1:3300/)
    expect(emulated).toMatch(/img-src [^;]*http:\/\/127\.0\.0\.1:3300/)
  })

  it('keeps style-src free of nonces, which would switch off unsafe-inline for Mantine', () => {
    expect(contentSecurityPolicy('abc', { isDevelopment: false, frameAncestors })).toContain(
      "style-src 'self' 'unsafe-inline';",
    )
  })

  it("opens websockets only in development, for Vite's hot reload", () => {
    expect(contentSecurityPolicy('n', { isDevelopment: true, frameAncestors })).toContain(
      "connect-src 'self' ws: wss:",
    )
  })
})
