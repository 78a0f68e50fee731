import { listTenantChannels, loadChannelLine, type SecretBox } from '@kairan/core'
import type { Db } from '@kairan/db'

/** What the LIFF pages need to know about a channel; nothing secret. */
export type LiffChannel = {
  id: string
  tenantId: string
  /** The account's name as the city set it (shown in the page header). */
  name: string
  /** The channel's LIFF app, or null while not set up in the admin. */
  liffId: string | null
  /** LIFF ID and LINE Login channel both set: residents can sign in. */
  isLiffConfigured: boolean
  /** The LINE emulator's origin when the channel talks to it instead of LINE; null for LINE itself. */
  emulatorOrigin: string | null
}

/** A changed LIFF ID or emulator setting applies within this long. */
const CACHE_MS = 5_000
/** Bounded, so requests for made-up channel ids cannot grow the cache without end. */
const MAX_ENTRIES = 1_000

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function emulatorOriginOf(apiBaseUrl: string | null): string | null {
  if (!apiBaseUrl) return null
  try {
    const url = new URL(apiBaseUrl)
    return url.hostname === 'api.line.me' ? null : url.origin
  } catch {
    return null
  }
}

/**
 * Channels by id for the LIFF pages, cached briefly: every page view and every tRPC call needs
 * one, and the admin changes them rarely.
 */
export function createChannelDirectory({ db, secrets }: { db: Db; secrets: SecretBox }) {
  const cache = new Map<string, { channel: LiffChannel | null; at: number }>()

  async function load(channelId: string): Promise<LiffChannel | null> {
    const line = await loadChannelLine(db, secrets, channelId)
    if (!line) return null
    const channels = await listTenantChannels(db, line.tenantId)
    return {
      id: line.channelId,
      tenantId: line.tenantId,
      name: channels.find((c) => c.id === line.channelId)?.name ?? '',
      liffId: line.liffId,
      isLiffConfigured: Boolean(line.liffId && line.loginChannelId),
      emulatorOrigin: emulatorOriginOf(line.apiBaseUrl),
    }
  }

  return {
    /** The channel, or null for an unknown one (or a string that is not a channel id at all). */
    async get(channelId: string): Promise<LiffChannel | null> {
      if (!UUID.test(channelId)) return null
      const hit = cache.get(channelId)
      if (hit && Date.now() - hit.at < CACHE_MS) return hit.channel
      const channel = await load(channelId)
      if (cache.size >= MAX_ENTRIES) cache.clear()
      cache.set(channelId, { channel, at: Date.now() })
      return channel
    },
  }
}
export type ChannelDirectory = ReturnType<typeof createChannelDirectory>
