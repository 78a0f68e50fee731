import { describe, expect, it } from 'vitest'
import { signIn } from '../auth/sign-in.ts'
import { Conflict, NotFound } from '../errors.ts'
import { useTestDb } from '../testing/use-test-db.ts'
import { listTenantChannels } from './channels.ts'
import { createFirstAdmin } from './create-first-admin.ts'
import { createTenant } from './create-tenant.ts'
import { seedDemoCity } from './seed-demo-city.ts'

const t = useTestDb()
const request = { ip: '198.51.100.77', userAgent: 'vitest' }

describe('tenancy', () => {
  it('seeds the demo city once, with a production and a staging channel', async () => {
    const first = await seedDemoCity(t.current.db)
    const again = await seedDemoCity(t.current.db)
    expect(first.created).toBe(true)
    expect(again).toMatchObject({ created: false, tenant: { id: first.tenant.id } })
    const channels = await listTenantChannels(t.current.db, first.tenant.id)
    expect(channels.map((c) => c.kind)).toEqual(['production', 'staging'])
  })

  it('creates a tenant and refuses a second one with the same slug', async () => {
    await createTenant(t.current.db, { slug: 'koganei', name: '小金井市' })
    await expect(createTenant(t.current.db, { slug: 'koganei', name: '小金井市' })).rejects.toThrow(Conflict)
    await expect(createTenant(t.current.db, { slug: 'Bad Slug!', name: 'x' })).rejects.toThrow()
  })

  it('makes the first admin with a generated password, and resets it when given one', async () => {
    await createTenant(t.current.db, { slug: 'arao', name: '荒尾市' })
    const made = await createFirstAdmin(t.current.db, { tenantSlug: 'arao', email: 'Admin@Arao.example.jp' })
    expect(made.password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/)
    await expect(
      signIn({
        db: t.current.db,
        request,
        input: { email: 'admin@arao.example.jp', password: made.password },
      }),
    ).resolves.toBeTruthy()
    const rerun = await createFirstAdmin(t.current.db, { tenantSlug: 'arao', email: 'admin@arao.example.jp' })
    expect(rerun).toMatchObject({ isNewUser: false, password: null })
    await createFirstAdmin(t.current.db, {
      tenantSlug: 'arao',
      email: 'admin@arao.example.jp',
      password: 'a-brand-new-password',
    })
    await expect(
      signIn({
        db: t.current.db,
        request,
        input: { email: 'admin@arao.example.jp', password: 'a-brand-new-password' },
      }),
    ).resolves.toBeTruthy()
    await expect(
      createFirstAdmin(t.current.db, { tenantSlug: 'nowhere', email: 'x@example.jp' }),
    ).rejects.toThrow(NotFound)
  })
})
