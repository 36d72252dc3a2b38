/**
 * Saju's operations (generated interface: a missing one does not compile), one file per area under
 * handlers/. Expected failures are documented responses built by `problem`; `signatures` is added
 * by decoration (signatures.ts).
 */
import type { SajuHandlers } from '../../../generated/saju/handlers.gen.js'
import type { SajuContext } from './handlers/context.js'
import { chatHandlers } from './handlers/chat.js'
import { pdfHandlers } from './handlers/pdf.js'
import { profileHandlers } from './handlers/profiles.js'
import { reportHandlers } from './handlers/reports.js'
import { tokenHandlers } from './handlers/tokens.js'

export type { SajuContext } from './handlers/context.js'

export const sajuHandlers: SajuHandlers<SajuContext> = {
  ...reportHandlers,
  ...tokenHandlers,
  ...chatHandlers,
  ...pdfHandlers,
  ...profileHandlers,
}
