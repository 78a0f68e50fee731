// Fails early, with the fix in plain words, when npm runs under a Node older than the project's.
const major = Number(process.versions.node.split('.')[0])
if (major < 24) {
  console.error(
    `Kairan needs Node 24 (this shell has Node ${process.versions.node}).\n` +
      'Run `source scripts/use-node.sh` once in this shell, then run the command again.',
  )
  process.exit(1)
}
