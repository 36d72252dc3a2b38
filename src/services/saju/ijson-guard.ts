/**
 * Wraps every handler so a request body that RFC 8785 / I-JSON cannot represent (a lone
 * surrogate anywhere) is refused with 400 before the handler runs: it is never stored or signed
 * in an altered form.
 */
import type { SajuHandlers } from '../../../generated/saju/handlers.gen.js'
import type { SajuContext } from './handlers.js'
import { loneSurrogateAt } from './ijson.js'
import { problem } from './problem.js'

export function guardBodies(handlers: SajuHandlers<SajuContext>): SajuHandlers<SajuContext> {
  const out: Record<string, unknown> = {}
  for (const [op, fn] of Object.entries(handlers) as [string, (req: any, ctx: SajuContext) => unknown][]) {
    out[op] = (req: { body?: unknown }, ctx: SajuContext) => {
      const at = req.body === undefined ? null : loneSurrogateAt(req.body)
      if (at)
        return problem(
          ctx.request,
          'E_BAD_REQUEST',
          '요청 형식이 올바르지 않습니다.',
          '문자열에 짝이 없는 UTF-16 서로게이트(예: \\ud800)를 넣지 마세요(RFC 8785 / I-JSON).',
          [{ pointer: at, message: '짝이 없는 서로게이트는 I-JSON에서 허용되지 않습니다.' }],
        )
      return fn(req, ctx)
    }
  }
  return out as unknown as SajuHandlers<SajuContext>
}
