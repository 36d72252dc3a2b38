/**
 * Core pinning: the server under test on one core, the load generator on another, via `taskset`
 * (util-linux) when it exists and the machine has two cores or more; otherwise unpinned, noted.
 */
import { spawnSync } from 'node:child_process'
import { availableParallelism } from 'node:os'

export function detectPinning() {
  const cores = availableParallelism()
  const taskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0
  if (taskset && cores >= 2) {
    return { pinned: true, cores, server: '0', load: '1', note: `server on core 0, load generator on core 1 (taskset; ${cores} cores)` }
  }
  return { pinned: false, cores, note: taskset ? `only ${cores} core: server and load generator share it` : 'taskset not available: processes not pinned' }
}

/** `[command, args]` running `cmd args` on `core` when pinning is on. */
export function pinned(pin, core, cmd, args) {
  return pin.pinned && core !== undefined ? ['taskset', ['-c', core, cmd, ...args]] : [cmd, args]
}
