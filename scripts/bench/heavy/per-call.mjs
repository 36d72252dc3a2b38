/**
 * Shared timing for the direct-call heavy operations: a first (cold) call, a warm-up, then
 * per-call medians over 7 batches per named input, within a time budget.
 */
export function perCall(inputs, call, budgetMs) {
  const t0 = performance.now()
  call(inputs[0][1])
  const firstCallMs = performance.now() - t0
  const perExample = {}
  const deadline = performance.now() + budgetMs
  for (const [name, input] of inputs) {
    try {
      for (let i = 0; i < 20; i++) call(input) // warm-up
    } catch (e) {
      perExample[name] = { error: e.message }
      continue
    }
    const batches = []
    const share = (deadline - performance.now()) / (inputs.length * 7)
    for (let b = 0; b < 7; b++) {
      let calls = 0
      const start = performance.now()
      while (performance.now() - start < share || calls < 10) {
        call(input)
        calls++
      }
      batches.push(((performance.now() - start) * 1000) / calls)
    }
    batches.sort((a, b) => a - b)
    perExample[name] = { medianUsPerCall: Number(batches[3].toFixed(1)), callsPerSec: Math.round(1e6 / batches[3]) }
  }
  return { firstCallMs: Number(firstCallMs.toFixed(1)), perExample }
}
