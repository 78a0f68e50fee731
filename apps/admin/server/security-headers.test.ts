import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from './security-headers.ts'

describe('contentSecurityPolicy', () => {
  it('allows only same-origin scripts and inline ones with this nonce', () => {
    const csp = contentSecurityPolicy('abc123', { isDevelopment: false })
    expect(csp).toContain("script-src 'self' 'nonce-abc123'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("connect-src 'self';")
  })

  it('keeps style-src free of nonces, which would switch off unsafe-inline for Mantine', () => {
    expect(contentSecurityPolicy('abc123', { isDevelopment: false })).toMatch(
      /style-src 'self' 'unsafe-inline';/,
    )
  })

  it("opens websockets only in development, for Vite's hot reload", () => {
    expect(contentSecurityPolicy('n', { isDevelopment: true })).toContain("connect-src 'self' ws: wss:")
  })
})
