#!/usr/bin/env -S npx tsx
// Starts the LINE emulator: LINE_EMULATOR_PORT (3300), LINE_EMULATOR_HOST (127.0.0.1),
// LINE_EMULATOR_CHANNELS (a JSON array of EmulatorChannel), LINE_EMULATOR_RATE_LIMITS=on,
// LINE_EMULATOR_PUBLIC_URL (the address browsers use, when it differs).

import { DEFAULT_PORT, startLineEmulator } from './server.ts'
import type { EmulatorChannel } from './types.ts'

function channelsFromEnv(): EmulatorChannel[] {
  const raw = process.env.LINE_EMULATOR_CHANNELS
  if (!raw) return []
  const parsed: unknown = JSON.parse(raw)
  if (!Array.isArray(parsed)) throw new Error('LINE_EMULATOR_CHANNELS must be a JSON array of channels')
  return parsed as EmulatorChannel[]
}

const port = process.env.LINE_EMULATOR_PORT ? Number(process.env.LINE_EMULATOR_PORT) : DEFAULT_PORT
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`LINE_EMULATOR_PORT is not a port: ${process.env.LINE_EMULATOR_PORT}`)
  process.exit(1)
}

const emulator = await startLineEmulator({
  port,
  host: process.env.LINE_EMULATOR_HOST || '127.0.0.1',
  enforceRateLimits: process.env.LINE_EMULATOR_RATE_LIMITS === 'on',
  channels: channelsFromEnv(),
  publicUrl: process.env.LINE_EMULATOR_PUBLIC_URL || undefined,
  log: (line) => console.log(`[line-emulator] ${line}`),
})

let stopping = false
const stop = (signal: string) => {
  if (stopping) return
  stopping = true
  console.log(`[line-emulator] ${signal}: stopping`)
  emulator.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
