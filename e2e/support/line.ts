import { runState } from './state.ts'

/** The LINE emulator's control API (packages/line-emulator/README.md), as scripts use it. */
export async function emulator<T>(path: string, body?: object): Promise<T> {
  const res = await fetch(`${runState().emulatorURL}/_emulator${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  if (!res.ok) throw new Error(`emulator ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** A simulated LINE user (not yet a friend of the city's account). */
export async function createResident(displayName: string, language = 'ja'): Promise<string> {
  const { userId } = await emulator<{ userId: string }>('/residents', { displayName, language })
  return userId
}

/** The phone page showing this resident's chat with the demo city's production account. */
export function phoneUrl(userId: string): string {
  const run = runState()
  return `${run.emulatorURL}/?user=${userId}&channel=${run.lineChannelId}`
}
