import { startEmbeddedPostgres } from '@kairan/db/embedded'

/**
 * Runs the embedded PostgreSQL for `npm start` in its own process group (see openDatabaseInHelper).
 * Usage (internal): node --import tsx scripts/lib/embedded-host.ts <dataDir> <port> <database>
 * Reports { type: 'ready', url } over IPC; stops PostgreSQL on SIGTERM or when the parent goes away.
 */
const [dataDir, port, database] = process.argv.slice(2)
if (!dataDir || !port || !database || !process.send) {
  console.error('embedded-host: internal helper of scripts/start.ts, not meant to be run by hand')
  process.exit(2)
}
const send = process.send.bind(process)

const logs: string[] = []
let isReady = false
try {
  const pg = await startEmbeddedPostgres({
    dataDir,
    port: Number(port),
    database,
    log: (chunk) => {
      if (!isReady) logs.push(chunk)
      // After start-up only trouble is worth showing; routine lines stay quiet.
      else if (
        /\b(ERROR|FATAL|PANIC|WARNING):/.test(chunk) &&
        !/terminating connection due to administrator/.test(chunk)
      ) {
        process.stderr.write(chunk)
      }
    },
  })
  isReady = true
  let isStopping = false
  const stop = () => {
    if (isStopping) return
    isStopping = true
    void pg.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  process.on('disconnect', stop)
  send({ type: 'ready', url: pg.url })
} catch (error) {
  send({ type: 'error', error: error === undefined ? undefined : String(error), logs })
  process.exitCode = 1
  process.disconnect()
}
