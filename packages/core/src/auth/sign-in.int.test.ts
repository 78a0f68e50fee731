import { accessLogs, ipAllowlistEntries, signInThrottles, tenants } from '@kairan/db/schema'
import { decodeBase32IgnorePadding } from '@oslojs/encoding'
import { generateHOTP } from '@oslojs/otp'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { Forbidden, Invalid, TooManyAttempts } from '../errors.ts'
import { createSecretBox, generateKeySpec } from '../shared/secret-box.ts'
import { createStaffMember, createTenant, TEST_PASSWORD } from '../testing/factories.ts'
import { useTestDb } from '../testing/use-test-db.ts'
import { authenticateStaffRequest } from './authenticate-staff-request.ts'
import { signIn } from './sign-in.ts'
import { THROTTLE_POLICY } from './throttle.ts'
import { beginTotpSetup, confirmTotpSetup, verifyTwoFactor } from './two-factor.ts'

const t = useTestDb()
const secrets = createSecretBox(generateKeySpec())
const req = (ip = '198.51.100.7') => ({ ip, userAgent: 'vitest' })

function currentCode(secret: string, offsetSteps = 0) {
  const step = Math.floor(Date.now() / 30_000) + offsetSteps
  return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), 6)
}

async function logActions(tenantId: string) {
  const rows = await t.current.db.select().from(accessLogs).where(eq(accessLogs.tenantId, tenantId))
  return rows.map((r) => r.action)
}

describe('signIn', () => {
  it('signs in with the right password, opens a session and logs it', async () => {
    const city = await createTenant(t.current.db)
    const { user } = await createStaffMember(t.current.db, city.id, { role: 'tenant_admin' })
    const result = await signIn({
      db: t.current.db,
      request: req(),
      input: { email: user.email.toUpperCase(), password: TEST_PASSWORD },
    })
    expect(result.twoFactor).toBe('none')
    const auth = await authenticateStaffRequest(t.current.db, { token: result.token, request: req() })
    expect(auth.status).toBe('ok')
    if (auth.status === 'ok') {
      expect(auth.actor.tenantId).toBe(city.id)
      expect(auth.actor.permissions).toContain('staff.manage')
      expect(auth.channel?.kind).toBe('production')
    }
    expect(await logActions(city.id)).toContain('auth.sign_in')
  })

  it('gives one generic error for a wrong password and an unknown e-mail, and logs the failure', async () => {
    const city = await createTenant(t.current.db)
    const { user } = await createStaffMember(t.current.db, city.id)
    const wrongPassword = signIn({
      db: t.current.db,
      request: req('198.51.100.8'),
      input: { email: user.email, password: 'nope-nope-nope' },
    })
    await expect(wrongPassword).rejects.toThrow(Invalid)
    await expect(wrongPassword).rejects.toMatchObject({ key: 'errors.invalid_credentials' })
    const unknown = signIn({
      db: t.current.db,
      request: req('198.51.100.8'),
      input: { email: 'nobody@example.jp', password: 'nope-nope-nope' },
    })
    await expect(unknown).rejects.toMatchObject({ key: 'errors.invalid_credentials' })
    const [failure] = await t.current.db.select().from(accessLogs).where(eq(accessLogs.tenantId, city.id))
    expect(failure).toMatchObject({
      action: 'auth.sign_in_failed',
      staffEmail: user.email,
      ip: '198.51.100.8',
    })
  })

  it('locks an account after repeated failures, even with the right password, then unlocks', async () => {
    const city = await createTenant(t.current.db)
    const { user } = await createStaffMember(t.current.db, city.id)
    for (let i = 0; i < THROTTLE_POLICY.account.maxFailures; i++) {
      await expect(
        signIn({
          db: t.current.db,
          request: req(`203.0.113.${i + 1}`),
          input: { email: user.email, password: 'wrong-password-x' },
        }),
      ).rejects.toThrow(Invalid)
    }
    const locked = signIn({
      db: t.current.db,
      request: req('203.0.113.99'),
      input: { email: user.email, password: TEST_PASSWORD },
    })
    await expect(locked).rejects.toThrow(TooManyAttempts)
    // The lock passes: move it into the past.
    await t.current.db
      .update(signInThrottles)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(signInThrottles.key, `account:${user.email}`))
    await expect(
      signIn({
        db: t.current.db,
        request: req('203.0.113.99'),
        input: { email: user.email, password: TEST_PASSWORD },
      }),
    ).resolves.toMatchObject({ twoFactor: 'none' })
  })

  it('locks an IP address that tries many accounts', async () => {
    const ip = '203.0.113.250'
    for (let i = 0; i < THROTTLE_POLICY.ip.maxFailures; i++) {
      await expect(
        signIn({
          db: t.current.db,
          request: req(ip),
          input: { email: `guess${i}@example.jp`, password: 'wrong-password-x' },
        }),
      ).rejects.toThrow(Invalid)
    }
    const city = await createTenant(t.current.db)
    const { user } = await createStaffMember(t.current.db, city.id)
    await expect(
      signIn({ db: t.current.db, request: req(ip), input: { email: user.email, password: TEST_PASSWORD } }),
    ).rejects.toThrow(TooManyAttempts)
  })

  it('refuses a disabled membership', async () => {
    const city = await createTenant(t.current.db)
    const { user } = await createStaffMember(t.current.db, city.id, { disabled: true })
    await expect(
      signIn({
        db: t.current.db,
        request: req('198.51.100.30'),
        input: { email: user.email, password: TEST_PASSWORD },
      }),
    ).rejects.toMatchObject({ key: 'errors.account_disabled' })
  })

  it('refuses an address outside the allow-list and logs it', async () => {
    const city = await createTenant(t.current.db)
    const { user } = await createStaffMember(t.current.db, city.id)
    await t.current.db
      .insert(ipAllowlistEntries)
      .values({ tenantId: city.id, cidr: '10.1.0.0/16', label: '本庁舎' })
    await expect(
      signIn({
        db: t.current.db,
        request: req('198.51.100.31'),
        input: { email: user.email, password: TEST_PASSWORD },
      }),
    ).rejects.toThrow(Forbidden)
    expect(await logActions(city.id)).toContain('security.ip_denied')
    await expect(
      signIn({
        db: t.current.db,
        request: req('10.1.2.3'),
        input: { email: user.email, password: TEST_PASSWORD },
      }),
    ).resolves.toMatchObject({ twoFactor: 'none' })
  })
})

describe('two-factor sign-in', () => {
  it('enrols when the tenant requires it, then asks for a code at every sign-in and refuses replays', async () => {
    const city = await createTenant(t.current.db, { requireTwoFactor: true })
    const { user } = await createStaffMember(t.current.db, city.id)
    const first = await signIn({
      db: t.current.db,
      request: req('198.51.100.40'),
      input: { email: user.email, password: TEST_PASSWORD },
    })
    expect(first.twoFactor).toBe('setup')
    const pending = await authenticateStaffRequest(t.current.db, {
      token: first.token,
      request: req('198.51.100.40'),
    })
    expect(pending).toMatchObject({ status: 'two_factor', step: 'setup' })

    const setup = beginTotpSetup(secrets, user.email)
    expect(setup.uri).toContain('otpauth://totp/')
    await expect(
      confirmTotpSetup({
        db: t.current.db,
        secrets,
        request: req(),
        token: first.token,
        input: { code: '000000', pendingSecret: setup.pendingSecret },
      }),
    ).rejects.toThrow(Invalid)
    await confirmTotpSetup({
      db: t.current.db,
      secrets,
      request: req(),
      token: first.token,
      input: { code: currentCode(setup.secret), pendingSecret: setup.pendingSecret },
    })
    expect(
      (await authenticateStaffRequest(t.current.db, { token: first.token, request: req() })).status,
    ).toBe('ok')

    const second = await signIn({
      db: t.current.db,
      request: req('198.51.100.41'),
      input: { email: user.email, password: TEST_PASSWORD },
    })
    expect(second.twoFactor).toBe('verify')
    // The code used at enrolment cannot be used again; the next step's code can.
    await expect(
      verifyTwoFactor({
        db: t.current.db,
        secrets,
        request: req(),
        token: second.token,
        input: { code: currentCode(setup.secret) },
      }),
    ).rejects.toThrow(Invalid)
    await verifyTwoFactor({
      db: t.current.db,
      secrets,
      request: req(),
      token: second.token,
      input: { code: currentCode(setup.secret, 1) },
    })
    expect(
      (await authenticateStaffRequest(t.current.db, { token: second.token, request: req() })).status,
    ).toBe('ok')
  })

  it('does not accept a pending secret sealed for another account', async () => {
    const city = await createTenant(t.current.db)
    const a = await createStaffMember(t.current.db, city.id)
    const b = await createStaffMember(t.current.db, city.id)
    const session = await signIn({
      db: t.current.db,
      request: req('198.51.100.50'),
      input: { email: a.user.email, password: TEST_PASSWORD },
    })
    const forB = beginTotpSetup(secrets, b.user.email)
    await expect(
      confirmTotpSetup({
        db: t.current.db,
        secrets,
        request: req(),
        token: session.token,
        input: { code: currentCode(forB.secret), pendingSecret: forB.pendingSecret },
      }),
    ).rejects.toThrow(Invalid)
  })
})

describe('request authentication', () => {
  it('applies an allow-list change to the very next request of a live session', async () => {
    const city = await createTenant(t.current.db)
    const { user } = await createStaffMember(t.current.db, city.id)
    const { token } = await signIn({
      db: t.current.db,
      request: req('198.51.100.60'),
      input: { email: user.email, password: TEST_PASSWORD },
    })
    expect(
      (await authenticateStaffRequest(t.current.db, { token, request: req('198.51.100.60') })).status,
    ).toBe('ok')
    await t.current.db.insert(ipAllowlistEntries).values({ tenantId: city.id, cidr: '10.9.0.0/16' })
    expect(
      await authenticateStaffRequest(t.current.db, { token, request: req('198.51.100.60') }),
    ).toMatchObject({
      status: 'ip_denied',
    })
    expect(await logActions(city.id)).toContain('security.ip_denied')
    await t.current.db.update(tenants).set({ name: city.name }).where(eq(tenants.id, city.id))
  })

  it('ignores unknown, malformed and expired tokens', async () => {
    expect((await authenticateStaffRequest(t.current.db, { token: 'x', request: req() })).status).toBe(
      'anonymous',
    )
    expect(
      (await authenticateStaffRequest(t.current.db, { token: 'a'.repeat(32), request: req() })).status,
    ).toBe('anonymous')
    expect((await authenticateStaffRequest(t.current.db, { token: null, request: req() })).status).toBe(
      'anonymous',
    )
  })
})
