/**
 * Simulated phones for the reference node runner: each runs one command at a time; `run_script`
 * takes its `duration` (seconds) scaled by `msPerSecond`, other commands a moment.
 */
export interface SimDevice {
  id: string
  serial: string
  status: 'active' | 'idle' | 'offline' | 'error'
  currentTask: string | null
  timer: NodeJS.Timeout | null
}

export const SUPPORTED = new Set([
  'run_script',
  'open_url',
  'launch_app',
  'stop_app',
  'install_app',
  'uninstall_app',
  'clear_app_data',
  'screenshot',
  'screen_on',
  'screen_off',
  'reboot',
])

export function simDevices(nodeId: string, count: number): Map<string, SimDevice> {
  const suffix = nodeId.replace(/^node-/, '')
  const out = new Map<string, SimDevice>()
  for (let i = 1; i <= count; i++) {
    const id = `device-${suffix}x${String(i).padStart(3, '0')}`
    out.set(id, { id, serial: `SIM${suffix.toUpperCase()}${String(i).padStart(4, '0')}`, status: 'idle', currentTask: null, timer: null })
  }
  return out
}

/** How long a command takes on a simulated device, and what it reports when done. */
export function simulate(command: string, args: Record<string, unknown>, msPerSecond: number): { ms: number; result: Record<string, unknown> } {
  if (command === 'run_script') {
    const duration = typeof args.duration === 'number' ? args.duration : 1
    return {
      ms: duration * msPerSecond,
      result: { script_name: args.script_name, watched_videos: Math.max(1, Math.round(duration / 60)), total_duration: duration },
    }
  }
  if (command === 'screenshot') return { ms: msPerSecond, result: { image_url: 'https://example.invalid/screenshot.png' } }
  return { ms: Math.min(msPerSecond, 50), result: { command, ok: true } }
}
