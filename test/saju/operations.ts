/**
 * Every saju operation, called the way its documented request example says (path, body) through
 * the generated SDK: the global-rule tests run over this list.
 */
import * as sdk from '../../generated/saju/sdk/index.js'
import { examples } from '../../generated/saju/examples.gen.js'

type Client = ReturnType<typeof import('../../generated/saju/sdk/client/index.js').createClient>
export type Call = (client: Client, headers: Record<string, string>) => Promise<{ response: Response; data?: unknown; error?: unknown }>

const firstBody = (op: string) => {
  const b = examples[op].request.body as Record<string, unknown> | null
  return b ? structuredClone(Object.values(b)[0]) : undefined
}
const path = (op: string) => examples[op].request.params.path as any

export const OPERATIONS: Record<string, Call> = {
  createSajuReport: (client, headers) => sdk.createSajuReport({ client, headers: headers as any, body: firstBody('createSajuReport') as any }),
  sendChatMessage: (client, headers) => sdk.sendChatMessage({ client, headers: headers as any, body: firstBody('sendChatMessage') as any }),
  getAnnualLuck: (client, headers) => sdk.getAnnualLuck({ client, headers: headers as any, body: firstBody('getAnnualLuck') as any }),
  getMonthlyLuck: (client, headers) => sdk.getMonthlyLuck({ client, headers: headers as any, body: firstBody('getMonthlyLuck') as any }),
  consumeTokens: (client, headers) => sdk.consumeTokens({ client, headers: headers as any, body: firstBody('consumeTokens') as any }),
  getEntitlements: (client, headers) => sdk.getEntitlements({ client, headers: headers as any }),
  createPdfJob: (client, headers) => sdk.createPdfJob({ client, headers: headers as any, body: firstBody('createPdfJob') as any }),
  getPdfJob: (client, headers) => sdk.getPdfJob({ client, headers: headers as any, path: path('getPdfJob') }),
  downloadPdfFile: (client, headers) => sdk.downloadPdfFile({ client, headers: headers as any, path: path('downloadPdfFile'), parseAs: 'arrayBuffer' } as any),
  createProfile: (client, headers) => sdk.createProfile({ client, headers: headers as any, body: firstBody('createProfile') as any }),
  listProfiles: (client, headers) => sdk.listProfiles({ client, headers: headers as any }),
  getProfile: (client, headers) => sdk.getProfile({ client, headers: headers as any, path: path('getProfile') }),
  rewardTokens: (client, headers) => sdk.rewardTokens({ client, headers: headers as any, body: firstBody('rewardTokens') as any }),
}
