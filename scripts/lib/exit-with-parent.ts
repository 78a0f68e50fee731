/**
 * Preloaded into the apps that `npm start` runs (node --import). When `npm start` dies without
 * stopping them (kill -9, a closed terminal), the IPC channel to it closes and the app exits at
 * once instead of holding its port forever. Not a graceful stop: its stdout went with the parent
 * (pino would retry writing to it forever), and pg-boss retries any job this cut short.
 */
if (process.channel) {
  process.channel.unref()
  process.once('disconnect', () => process.exit(1))
}
