// Command line for the saju service:
//   npm run --silent saju -- --help
//   npm run --silent saju -- --birth 1990-05-15T14:30 --tz Asia/Seoul --gender male
//     [--calendar lunar --leap] [--zi split_23] [--unknown-hour] [--correction -32]
//   npm run --silent saju -- --batch < requests.jsonl        (JSON lines in, JSON lines out)
//   npm run --silent saju -- user create --plan free|plus|premium   → {"user_id": …, "token": …}
//   npm run --silent saju -- user revoke --token-id <jti>
// A bad batch line yields {"error_code","message",...} on its line, so outputs stay aligned with
// inputs. Usage errors print the usage and exit 2, never a stack trace.
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { randomBytes } from 'node:crypto'
import { computeReport, SajuInputError, type SajuRequest } from './engine/index.js'

const USAGE = `usage:
  saju --birth YYYY-MM-DDTHH:mm[:ss] --gender male|female [--tz Asia/Seoul] [--calendar solar|lunar [--leap]]
       [--zi split_23|default] [--unknown-hour] [--correction -32] [--name 이름]
  saju --batch                 one JSON request per line on stdin, one report (or error) per line on stdout
  saju user create --plan free|plus|premium
                               creates a user and prints {"user_id": …, "token": …} (the token is shown once)
  saju user revoke --token-id <id>
  saju --help
`

class UsageError extends Error {}

function errorBody(e: unknown, line?: number) {
  if (e instanceof SajuInputError)
    return { error_code: e.code, message: e.message, ...(e.field ? { hint: `field: ${e.field}` } : {}), ...(line ? { line } : {}) }
  if (e instanceof SyntaxError) return { error_code: 'E_BAD_REQUEST', message: `invalid JSON: ${e.message}`, ...(line ? { line } : {}) }
  return { error_code: 'E_SERVER', message: (e as Error)?.message ?? String(e), ...(line ? { line } : {}) }
}

async function batch(): Promise<number> {
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
  return 0
}

function single(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      birth: { type: 'string' },
      tz: { type: 'string', default: 'Asia/Seoul' },
      gender: { type: 'string' },
      calendar: { type: 'string', default: 'solar' },
      leap: { type: 'boolean', default: false },
      zi: { type: 'string', default: 'default' },
      'unknown-hour': { type: 'boolean', default: false },
      correction: { type: 'string' },
      name: { type: 'string' },
    },
  })
  if (!values.birth) throw new UsageError('--birth is required')
  // the report needs a gender (대운 direction); like --batch, a missing one is refused, not assumed
  if (values.gender !== 'male' && values.gender !== 'female') throw new UsageError('--gender male|female is required')
  const req: SajuRequest = {
    birth_dt_local: values.birth,
    tz: values.tz!,
    gender: values.gender,
    calendar_type: values.calendar as SajuRequest['calendar_type'],
    is_leap_month: values.leap,
    zi_hour_mode: values.zi as SajuRequest['zi_hour_mode'],
    unknown_hour: values['unknown-hour'],
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

async function user(argv: string[]): Promise<number> {
  const [action, ...rest] = argv
  const { values } = parseArgs({ args: rest, options: { plan: { type: 'string', default: 'free' }, 'token-id': { type: 'string' } } })
  if (action !== 'create' && action !== 'revoke') throw new UsageError(`unknown user command "${action ?? ''}"`)
  if (action === 'create' && !['free', 'plus', 'premium'].includes(values.plan!)) throw new UsageError('--plan must be free, plus or premium')
  if (action === 'revoke' && !values['token-id']) throw new UsageError('--token-id is required')
  // the database and secrets as the server sees them (data/dev-secrets.json in development)
  const { openSajuStore } = await import('./cli-store.js')
  const store = await openSajuStore()
  try {
    if (action === 'revoke') {
      const ok = await store.revoke(values['token-id']!)
      process.stdout.write(JSON.stringify({ token_id: values['token-id'], revoked: ok }) + '\n')
      return ok ? 0 : 1
    }
    const userId = `u_${randomBytes(6).toString('hex')}`
    const out = await store.createUser(userId, values.plan as 'free' | 'plus' | 'premium')
    process.stdout.write(JSON.stringify({ user_id: userId, token: out.token }) + '\n')
    return 0
  } finally {
    await store.close()
  }
}

// parseArgs reads "-32" as an option; glue negative numbers to their flag ("--correction=-32")
const argv = process.argv.slice(2).reduce<string[]>((acc, a) => {
  const prev = acc[acc.length - 1]
  if (/^-\d+$/.test(a) && prev?.startsWith('--') && !prev.includes('=')) acc[acc.length - 1] = `${prev}=${a}`
  else acc.push(a)
  return acc
}, [])

try {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE)
    process.exitCode = 0
  } else if (argv[0] === 'user') process.exitCode = await user(argv.slice(1))
  else if (argv.includes('--batch')) process.exitCode = await batch()
  else process.exitCode = single(argv)
} catch (e) {
  if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`saju: ${(e as Error).message}\n${USAGE}`)
    process.exitCode = 2
  } else throw e
}
