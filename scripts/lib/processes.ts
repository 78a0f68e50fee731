import { type ChildProcess, spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { prefixedWriter } from './console.ts'

export type AppSpec = {
  name: string
  colour: 'magenta' | 'blue' | 'yellow' | 'cyan' | 'green'
  /** Working directory (the app's folder, as `npm run -w` would use). */
  cwd: string
  /** TypeScript entry, run by Node with the tsx loader. */
  entry: string
  env: NodeJS.ProcessEnv
  readyUrl: string
}

export type RunningApp = {
  spec: AppSpec
  child: ChildProcess
  /** Settles when the process has exited, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export const PREFIX_WIDTH = 8
const exitWithParent = new URL('./exit-with-parent.ts', import.meta.url).href

/**
 * Starts an app as `node --import tsx <entry>`: one process per app (no npm or tsx wrapper in
 * between, so a signal reaches it exactly once), in its own process group (detached), so Ctrl-C
 * in the terminal goes to the supervising script only, which then stops each app in order. An IPC
 * channel plus exit-with-parent.ts make the app stop itself if the supervisor dies.
 */
export function startApp(spec: AppSpec): RunningApp {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', exitWithParent, spec.entry], {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  const write = prefixedWriter(spec.name, spec.colour, PREFIX_WIDTH)
  child.stdout?.on('data', write)
  child.stderr?.on('data', write)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
    child.once('error', () => resolve({ code: 1, signal: null }))
  })
  return { spec, child, exited }
}

/** Polls the app's /readyz until it answers 200. */
export async function waitUntilReady(app: RunningApp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let hasExited = false
  void app.exited.then(() => {
    hasExited = true
  })
  for (;;) {
    if (hasExited) throw new Error(`${app.spec.name} exited before it was ready`)
    try {
      const res = await fetch(app.spec.readyUrl, { signal: AbortSignal.timeout(2_000) })
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${app.spec.name} was not ready within ${timeoutMs / 1000} s (${app.spec.readyUrl})`)
    await sleep(250)
  }
}

/** SIGTERM, then SIGKILL if the app has not exited within graceMs. */
export async function stopApp(app: RunningApp, graceMs: number): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return
  app.child.kill('SIGTERM')
  const timer = setTimeout(() => app.child.kill('SIGKILL'), graceMs)
  await app.exited
  clearTimeout(timer)
}

/**
 * Runs a command to completion. Its output is shown with a prefix, or (quiet) kept and returned so
 * the caller can show it only when the command failed.
 */
export function run(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; colour?: AppSpec['colour']; quiet?: boolean },
): Promise<{ code: number; output: string }> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const write = options.quiet
    ? (chunk: Buffer) => {
        output += chunk.toString('utf8')
      }
    : prefixedWriter(name, options.colour ?? 'cyan', PREFIX_WIDTH)
  child.stdout?.on('data', write)
  child.stderr?.on('data', write)
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }))
    child.once('error', (error) => resolve({ code: 127, output: `${output}\n${String(error)}` }))
  })
}
