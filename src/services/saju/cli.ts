// Command line for the saju engine: one report from flags, or --batch (JSON lines in, JSON lines out).
//   npm run --silent saju -- --birth 1990-05-15T14:30 --tz Asia/Seoul [--gender male]
//     [--calendar lunar --leap] [--zi split_23] [--unknown-hour] [--correction -32]
//   npm run --silent saju -- --batch < requests.jsonl
// A bad batch line yields {"error_code","message",...} on its line, so outputs stay aligned with inputs.
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { computeReport, SajuInputError, type SajuRequest } from './engine/index.js'

function errorBody(e: unknown, line?: number) {
  if (e instanceof SajuInputError) return { error_code: e.code, message: e.message, ...(e.field ? { hint: `field: ${e.field}` } : {}), ...(line ? { line } : {}) }
  if (e instanceof SyntaxError) return { error_code: 'E_BAD_REQUEST', message: `invalid JSON: ${e.message}`, ...(line ? { line } : {}) }
  return { error_code: 'E_SERVER', message: (e as Error)?.message ?? String(e), ...(line ? { line } : {}) }
}

async function batch(): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
  let n = 0
  for await (const line of rl) {
    n++
    if (!line.trim()) continue
    let out: unknown
    try {
      out = computeReport(JSON.parse(line) as SajuRequest)
    } catch (e) {
      out = errorBody(e, n)
    }
    process.stdout.write(JSON.stringify(out) + '\n')
  }
}

function single(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      birth: { type: 'string' }, tz: { type: 'string', default: 'Asia/Seoul' }, gender: { type: 'string', default: 'male' },
      calendar: { type: 'string', default: 'solar' }, leap: { type: 'boolean', default: false },
      zi: { type: 'string', default: 'default' }, 'unknown-hour': { type: 'boolean', default: false },
      correction: { type: 'string' }, name: { type: 'string' }, batch: { type: 'boolean', default: false },
    },
  })
  if (!values.birth) {
    process.stderr.write('usage: saju --birth YYYY-MM-DDTHH:mm --tz Asia/Seoul [--gender male|female] [--calendar lunar --leap] [--zi split_23|default] [--unknown-hour] [--correction -32] | --batch\n')
    return 2
  }
  const req: SajuRequest = {
    birth_dt_local: values.birth, tz: values.tz!, gender: values.gender as SajuRequest['gender'],
    calendar_type: values.calendar as SajuRequest['calendar_type'], is_leap_month: values.leap,
    zi_hour_mode: values.zi as SajuRequest['zi_hour_mode'], unknown_hour: values['unknown-hour'],
    ...(values.correction !== undefined ? { regional_correction_minutes: Number(values.correction) } : {}),
    ...(values.name ? { name: values.name } : {}),
  }
  try {
    process.stdout.write(JSON.stringify(computeReport(req), null, 2) + '\n')
    return 0
  } catch (e) {
    process.stdout.write(JSON.stringify(errorBody(e)) + '\n')
    return 1
  }
}

// parseArgs reads "-32" as an option; glue negative numbers to their flag ("--correction=-32")
const argv = process.argv.slice(2).reduce<string[]>((acc, a) => {
  const prev = acc[acc.length - 1]
  if (/^-\d+$/.test(a) && prev?.startsWith('--') && !prev.includes('=')) acc[acc.length - 1] = `${prev}=${a}`
  else acc.push(a)
  return acc
}, [])
if (argv.includes('--batch')) await batch()
else process.exitCode = single(argv)
