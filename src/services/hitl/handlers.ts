/**
 * hitl's operations (generated interface: a missing one does not compile). The service returns
 * documented responses; these only unpack the typed request.
 */
import type { HitlHandlers } from '../../../generated/hitl/handlers.gen.js'
import type { RequestMeta } from '../../kit/types.js'
import type { Hitl } from './wiring.js'

export interface HitlContext {
  hitl: Hitl
  request: RequestMeta
}

export const hitlHandlers: HitlHandlers<HitlContext> = {
  approveDecision: ({ body }, { hitl }) => hitl.decide(body),
  createApprovalThread: ({ body }, { hitl }) => hitl.start(body),
  getThread: ({ path }, { hitl }) => hitl.read(path.thread_id),
  streamThreadEvents: ({ path, headers }, { hitl }) => hitl.events(path.thread_id, Number(headers['Last-Event-ID'] ?? 0)),
}
