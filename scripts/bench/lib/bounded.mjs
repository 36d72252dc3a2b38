/**
 * How every heavy script ends: `main()` bounded by `hardLimitMs` (past it: `{ skipped }` and exit
 * 1), a failure turned into `{ skipped }` with the server's last stderr, `cleanup()` always run,
 * and one JSON object on stdout. `server()` gives the script's server handle (lib/proc.mjs
 * startServer), or null, at the moment it is asked.
 */
export async function runBounded({ main, cleanup, hardLimitMs, server }) {
  const stderrTail = () => server()?.stderr().trim().slice(-600) || undefined
  const hard = setTimeout(async () => {
    process.stdout.write(JSON.stringify({ skipped: `gave up after ${hardLimitMs / 1000} s`, serverStderr: stderrTail() }))
    await cleanup().catch(() => undefined)
    process.exit(1)
  }, hardLimitMs)
  let out
  try {
    out = await main()
  } catch (e) {
    const s = server()
    const ended = s && (s.child.exitCode !== null || s.child.signalCode !== null) ? `; the server had exited (${s.child.exitCode ?? s.child.signalCode})` : ''
    out = { skipped: `failed: ${e.message}${ended}`, serverStderr: stderrTail() }
  }
  await cleanup()
  clearTimeout(hard)
  process.stdout.write(JSON.stringify(out))
  process.exit(0)
}
