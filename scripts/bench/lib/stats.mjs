/** Small statistics helpers: the bench reports medians of rounds, since this machine is noisy. */
export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b)
  if (!v.length) return null
  const mid = v.length >> 1
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2
}

export const round = (x, digits = 0) => (x === null || x === undefined || Number.isNaN(x) ? null : Number(x.toFixed(digits)))

/** Nearest-rank percentiles of per-call figures (ms), rounded to 0.01; null for none. */
export function percentiles(values) {
  if (!values.length) return null
  const s = [...values].sort((a, b) => a - b)
  const at = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
  return {
    n: s.length,
    min: round(s[0], 2),
    p50: round(at(50), 2),
    p90: round(at(90), 2),
    p99: round(at(99), 2),
    max: round(s[s.length - 1], 2),
    mean: round(s.reduce((a, b) => a + b, 0) / s.length, 2),
  }
}
