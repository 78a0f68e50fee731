import { accessLogs, staffSessions } from '@kairan/db/schema'
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { signIn } from '../auth/sign-in.ts'
import { Conflict, Forbidden, NotFound } from '../errors.ts'
import { createStaffMember, createTenant, staffCtx, TEST_PASSWORD } from '../testing/factories.ts'
import { useTestDb } from '../testing/use-test-db.ts'
import { createStaff } from './create-staff.ts'
import { getStaff } from './get-staff.ts'
import { listStaff } from './list-staff.ts'
import { resetStaffPassword } from './reset-staff-password.ts'
import { setStaffDisabled } from './set-staff-disabled.ts'
import { updateStaff } from './update-staff.ts'

const t = useTestDb()
const password = 'a-long-enough-password'

describe('staff management', () => {
  it('adds 200 staff accounts, lists and searches them, and logs each addition', async () => {
    const city = await createTenant(t.current.db)
    const admin = await staffCtx(t.current.db, city.id, { role: 'tenant_admin' })
    for (let i = 0; i < 200; i++) {
      await createStaff({
        ctx: admin,
        input: {
          email: `member${String(i).padStart(3, '0')}@city.example.jp`,
          displayName: `職員${i}`,
          role: 'staff',
          permissions: ['audit.read'],
          password,
        },
      })
    }
    const all = await listStaff({ ctx: admin, input: {} })
    expect(all).toHaveLength(201)
    expect(await listStaff({ ctx: admin, input: { query: 'member199' } })).toHaveLength(1)
    const created = await t.current.db
      .select()
      .from(accessLogs)
      .where(and(eq(accessLogs.tenantId, city.id), eq(accessLogs.action, 'staff.create')))
    expect(created).toHaveLength(200)
    expect(created[0]?.staffEmail).toBe(admin.actor.email)
  })

  it('refuses a duplicate e-mail in the same tenant and links an account from another tenant', async () => {
    const a = await createTenant(t.current.db)
    const b = await createTenant(t.current.db)
    const adminA = await staffCtx(t.current.db, a.id, { role: 'tenant_admin' })
    const adminB = await staffCtx(t.current.db, b.id, { role: 'tenant_admin' })
    const input = {
      email: 'Shared@Example.jp',
      displayName: '共有',
      role: 'staff' as const,
      permissions: [],
      password,
    }
    await createStaff({ ctx: adminA, input })
    await expect(createStaff({ ctx: adminA, input })).rejects.toThrow(Conflict)
    const linked = await createStaff({ ctx: adminB, input: { ...input, password: 'another-password-123' } })
    expect(linked.isExistingAccount).toBe(true)
    // The linked person keeps their own password, and B cannot reset it.
    await expect(
      signIn({
        db: t.current.db,
        request: { ip: '198.51.100.1', userAgent: null },
        input: { email: 'shared@example.jp', password },
      }),
    ).resolves.toBeTruthy()
    await expect(
      resetStaffPassword({
        ctx: adminB,
        input: { membershipId: linked.membershipId, password: 'taking-over-123' },
      }),
    ).rejects.toThrow(Forbidden)
  })

  it('never lets one tenant see or change another tenant’s staff', async () => {
    const a = await createTenant(t.current.db)
    const b = await createTenant(t.current.db)
    const adminA = await staffCtx(t.current.db, a.id, { role: 'tenant_admin' })
    const { membership } = await createStaffMember(t.current.db, b.id)
    await expect(getStaff({ ctx: adminA, input: { membershipId: membership.id } })).rejects.toThrow(NotFound)
    await expect(
      setStaffDisabled({ ctx: adminA, input: { membershipId: membership.id, isDisabled: true } }),
    ).rejects.toThrow(NotFound)
    expect((await listStaff({ ctx: adminA, input: {} })).map((s) => s.membershipId)).not.toContain(
      membership.id,
    )
  })

  it('keeps at least one tenant admin and forbids disabling yourself', async () => {
    const city = await createTenant(t.current.db)
    const admin = await staffCtx(t.current.db, city.id, { role: 'tenant_admin' })
    const self = { membershipId: admin.actor.membershipId }
    await expect(
      setStaffDisabled({ ctx: admin, input: { ...self, isDisabled: true } }),
    ).rejects.toMatchObject({ key: 'errors.self_disable' })
    await expect(
      updateStaff({ ctx: admin, input: { ...self, displayName: 'x', role: 'staff', permissions: [] } }),
    ).rejects.toMatchObject({ key: 'errors.last_admin' })
  })

  it('signs a disabled member out at once and refuses general staff without the permission', async () => {
    const city = await createTenant(t.current.db)
    const admin = await staffCtx(t.current.db, city.id, { role: 'tenant_admin' })
    const member = await createStaffMember(t.current.db, city.id)
    await signIn({
      db: t.current.db,
      request: { ip: '198.51.100.2', userAgent: null },
      input: { email: member.user.email, password: TEST_PASSWORD },
    })
    await setStaffDisabled({ ctx: admin, input: { membershipId: member.membership.id, isDisabled: true } })
    expect(
      await t.current.db.select().from(staffSessions).where(eq(staffSessions.userId, member.user.id)),
    ).toHaveLength(0)

    const clerk = await staffCtx(t.current.db, city.id, { permissions: ['audit.read'] })
    await expect(listStaff({ ctx: clerk, input: {} })).rejects.toThrow(Forbidden)
  })

  it('changes role and permissions and records before and after', async () => {
    const city = await createTenant(t.current.db)
    const admin = await staffCtx(t.current.db, city.id, { role: 'tenant_admin' })
    const member = await createStaffMember(t.current.db, city.id)
    await updateStaff({
      ctx: admin,
      input: {
        membershipId: member.membership.id,
        displayName: '新しい名前',
        role: 'staff',
        permissions: ['security.manage'],
      },
    })
    const detail = await getStaff({ ctx: admin, input: { membershipId: member.membership.id } })
    expect(detail).toMatchObject({
      displayName: '新しい名前',
      permissions: ['security.manage'],
      role: 'staff',
    })
    const [log] = await t.current.db
      .select()
      .from(accessLogs)
      .where(and(eq(accessLogs.tenantId, city.id), eq(accessLogs.action, 'staff.update')))
    expect(log?.detail).toMatchObject({
      before: { permissions: [] },
      after: { permissions: ['security.manage'] },
    })
  })
})
