/** Small statistics helpers: the bench reports medians of rounds, since this machine is noisy. */
export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b)
  if (!v.length) return null
  const mid = v.length >> 1
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2
}

export const round = (x, digits = 0) => (x === null || x === undefined ? null : Number(x.toFixed(digits)))
