import {
  type BatchOutcome,
  type ClaimedBatch,
  claimDeliveryBatches,
  DEFAULT_FREEZE_CHUNK,
  DEFAULT_LEASE_MS,
  type DeliveryRef,
  decideDeliveryPath,
  expireStaleBatches,
  fetchDeliveryStats,
  finishDeliveryIfDone,
  freezeDeliveryChunk,
  type InsightReaderFactory,
  type LineClientFactory,
  type LivePublisher,
  listSendingDeliveries,
  type PreparedDelivery,
  prepareDelivery,
  recordBatchOutcome,
  type SecretBox,
  sendDeliveryBatch,
  startDueDeliveries,
} from '@kairan/core'
import type { Db } from '@kairan/db'
import type { Logger } from 'pino'

export type DeliveryPumpOptions = {
  db: Db
  secrets: SecretBox
  live: LivePublisher
  log: Logger
  /** Where apps/liff is served: delivery images and form links point there. */
  publicBaseUrl: string
  lineClient?: LineClientFactory
  insight?: InsightReaderFactory
  /** Idle poll for due deliveries (a sending delivery is polled every BUSY_POLL_MS). */
  intervalMs?: number
  /** Requests to LINE in flight at once in this process. */
  concurrency?: number
  freezeChunk?: number
  leaseMs?: number
  /** First backoff of a batch LINE did not take (429/5xx after the client's own retries). */
  retryBaseMs?: number
  /** How often statistics of finished deliveries are fetched; 0 turns it off. */
  statsIntervalMs?: number
}

export type DeliveryPump = {
  /** Looks for work now (tests, and after scheduling "now"). */
  wake: () => void
  /** Lets requests in flight finish and be recorded, then stops. */
  stop: () => Promise<void>
}

const BUSY_POLL_MS = 250
const PROGRESS_EVERY_MS = 500
/** Batches claimed per statement: fewer round trips when many slots are free. */
const CLAIM_AT_ONCE = 8

type Active = {
  ref: DeliveryRef
  prepared: PreparedDelivery | null
  isFrozen: boolean
  inFlight: number
  /** The last claim found nothing: don't ask again before the next refresh or freeze chunk. */
  isDrained: boolean
  freezing: Promise<void> | null
  lastPublished: number
  progressTimer: NodeJS.Timeout | null
}

/**
 * The worker's delivery loop (SEG-8, SEG-13). Starts due deliveries, freezes their recipients in
 * chunks in the background, and keeps up to `concurrency` multicast requests in flight, claiming a
 * batch whenever a slot frees. Every step is safe with several worker processes and with a crash
 * at any point (see core's fanout.ts): nothing here holds state that the database does not.
 */
export function startDeliveryPump(options: DeliveryPumpOptions): DeliveryPump {
  const { db, log } = options
  const intervalMs = options.intervalMs ?? 1_000
  const concurrency = Math.max(1, options.concurrency ?? 32)
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS
  const active = new Map<string, Active>()
  const sends = new Set<Promise<void>>()
  let inFlight = 0
  let isStopped = false
  let wakeUp: (() => void) | null = null
  let isWoken = false
  let lastRefresh = 0

  const wake = () => {
    isWoken = true
    wakeUp?.()
  }
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (isWoken || isStopped) return resolve()
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wakeUp = null
        resolve()
      }
      wakeUp = done
    })

  const publish = (a: Active, force = false) => {
    const now = Date.now()
    const { id: deliveryId, tenantId, channelId } = a.ref
    const event = { type: 'delivery.progress' as const, tenantId, channelId, deliveryId }
    if (force || now - a.lastPublished >= PROGRESS_EVERY_MS) {
      if (a.progressTimer) clearTimeout(a.progressTimer)
      a.progressTimer = null
      a.lastPublished = now
      options.live.publish(event)
    } else if (!a.progressTimer) {
      a.progressTimer = setTimeout(() => publish(a, true), PROGRESS_EVERY_MS - (now - a.lastPublished))
    }
  }

  /** Due deliveries start; the list of sending ones is re-read; finished ones are closed. */
  async function refresh() {
    const now = new Date()
    for (const started of await startDueDeliveries({ db, now })) {
      log.info({ deliveryId: started.id }, 'delivery started')
    }
    const sending = await listSendingDeliveries(db)
    const ids = new Set(sending.map((s) => s.id))
    for (const [id, a] of active) {
      if (!ids.has(id) && a.inFlight === 0 && !a.freezing) {
        if (a.progressTimer) clearTimeout(a.progressTimer)
        active.delete(id)
      }
    }
    for (const s of sending) {
      let a = active.get(s.id)
      if (!a) {
        a = {
          ref: { id: s.id, tenantId: s.tenantId, channelId: s.channelId },
          prepared: null,
          isFrozen: s.isFrozen,
          inFlight: 0,
          isDrained: false,
          freezing: null,
          lastPublished: 0,
          progressTimer: null,
        }
        active.set(s.id, a)
        publish(a, true)
      }
      a.isFrozen = s.isFrozen
      a.isDrained = false
      if (!s.via && (await decideDeliveryPath(db, s.id, now)) === null) continue
      a.prepared ??= await prepareDelivery({
        db,
        secrets: options.secrets,
        lineClient: options.lineClient,
        publicBaseUrl: options.publicBaseUrl,
        deliveryId: s.id,
      })
      if (!a.prepared) {
        log.warn({ deliveryId: s.id }, 'delivery waits: its channel has no LINE access token')
        continue
      }
      if (!a.isFrozen && !a.freezing) startFreezing(a)
      await expireStaleBatches({ db, deliveryId: s.id, now })
      if (a.isFrozen && a.inFlight === 0) {
        const status = await finishDeliveryIfDone({ db, deliveryId: s.id, now })
        if (status) {
          log.info({ deliveryId: s.id, status }, 'delivery finished')
          publish(a, true)
        }
      }
    }
  }

  function startFreezing(a: Active) {
    a.freezing = (async () => {
      try {
        while (!isStopped) {
          const result = await freezeDeliveryChunk({
            db,
            deliveryId: a.ref.id,
            chunkSize: options.freezeChunk ?? DEFAULT_FREEZE_CHUNK,
            now: new Date(),
          })
          if (result.state !== 'chunk') break
          a.isDrained = false
          wake()
          if (result.isFrozen) {
            a.isFrozen = true
            log.info({ deliveryId: a.ref.id }, 'delivery recipients frozen')
            break
          }
        }
      } catch (error) {
        log.error({ err: error, deliveryId: a.ref.id }, 'freezing delivery recipients failed; trying again')
      } finally {
        a.freezing = null
      }
    })()
  }

  /** Claims batches for free slots, round robin over the active deliveries. */
  async function fill() {
    let progressed = true
    while (progressed && !isStopped && inFlight < concurrency) {
      progressed = false
      for (const a of active.values()) {
        const free = concurrency - inFlight
        if (free <= 0) break
        if (!a.prepared || a.isDrained) continue
        const claimed = await claimDeliveryBatches({
          db,
          deliveryId: a.ref.id,
          limit: Math.min(free, CLAIM_AT_ONCE),
          leaseMs,
          now: new Date(),
        })
        if (claimed.length === 0) {
          a.isDrained = true
          continue
        }
        progressed = true
        for (const batch of claimed) launch(a, a.prepared, batch)
      }
    }
  }

  function launch(a: Active, prepared: PreparedDelivery, batch: ClaimedBatch) {
    inFlight++
    a.inFlight++
    const task = (async () => {
      let outcome: BatchOutcome | null = null
      try {
        outcome = await sendDeliveryBatch(prepared, batch)
        await recordBatchOutcome({ db, batch, outcome, now: new Date(), retryBaseMs: options.retryBaseMs })
        if (outcome.kind !== 'sent') {
          log.warn(
            { deliveryId: batch.deliveryId, batchNo: batch.batchNo, outcome },
            outcome.kind === 'retry' ? 'delivery batch will be retried' : 'delivery batch failed',
          )
        }
      } catch (error) {
        // Recording failed (database down): the lease runs out and the batch is sent again with
        // its retry key, which LINE recognises.
        log.error(
          { err: error, deliveryId: batch.deliveryId, batchNo: batch.batchNo },
          'recording a batch failed',
        )
      } finally {
        inFlight--
        a.inFlight--
        if (outcome?.kind === 'sent') publish(a)
        else a.isDrained = false
        if (a.isFrozen && a.inFlight === 0) lastRefresh = 0
        wake()
      }
    })()
    sends.add(task)
    void task.finally(() => sends.delete(task))
  }

  const loop = (async () => {
    while (!isStopped) {
      isWoken = false
      try {
        const pollMs = active.size > 0 ? BUSY_POLL_MS : intervalMs
        if (Date.now() - lastRefresh >= pollMs) {
          lastRefresh = Date.now()
          await refresh()
        }
        await fill()
      } catch (error) {
        log.error({ err: error }, 'delivery pump step failed; trying again')
        await sleep(intervalMs)
      }
      await sleep(active.size > 0 ? BUSY_POLL_MS : intervalMs)
    }
  })()

  let statsTimer: NodeJS.Timeout | null = null
  let statsRun: Promise<void> | null = null
  const statsIntervalMs = options.statsIntervalMs ?? 300_000
  const scheduleStats = () => {
    if (isStopped || statsIntervalMs <= 0) return
    statsTimer = setTimeout(() => {
      statsRun = fetchDeliveryStats({
        db,
        secrets: options.secrets,
        insight: options.insight,
        now: new Date(),
        log,
      })
        .then(
          (counts) => {
            if (counts.fetched + counts.failed > 0) log.info(counts, 'delivery statistics fetched')
          },
          (error: unknown) => log.error({ err: error }, 'delivery statistics fetch failed'),
        )
        .finally(() => {
          statsRun = null
          scheduleStats()
        })
    }, statsIntervalMs)
  }
  scheduleStats()

  return {
    wake: () => {
      lastRefresh = 0
      wake()
    },
    async stop() {
      isStopped = true
      if (statsTimer) clearTimeout(statsTimer)
      wake()
      await loop
      await Promise.allSettled([...sends, ...[...active.values()].map((a) => a.freezing), statsRun])
      for (const a of active.values()) if (a.progressTimer) clearTimeout(a.progressTimer)
    },
  }
}
