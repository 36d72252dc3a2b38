/**
 * The spec examples' resources and the demo data: one user (u_8f3a2c, plus plan — the user of
 * the examples' timeline) with the example profile, its report, a chat session and a finished PDF
 * job, the reward the reward examples report (so replaying them is an exact retry, answered 200
 * whatever the date: a fresh credit needs a receipt signed within 24 h, which a fixed example
 * cannot be), and enough deep tokens for the consume and deep-chat examples. Idempotent.
 */
import type { AppDeps } from '../../deps.js'
import { examples } from '../../../generated/saju/examples.gen.js'
import { computeReport, defaultPolicies } from './engine/index.js'
import { WELCOME_TOKENS, kstDate } from './plans.js'
import { inTransaction } from '../../db/prepared.js'
import * as repo from './repo.js'
import { DEMO_USER_ID } from './demo.js'

export { DEMO_USER_ID }
const DEMO_TOKENS = 20

const first = (op: string) => Object.values(examples[op].request.body as Record<string, any>)[0]

export async function seedSaju(deps: AppDeps): Promise<void> {
  const { db, clock } = deps
  const now = clock.now()
  if (!(await repo.findUser(db, DEMO_USER_ID))) await repo.createUser(db, DEMO_USER_ID, 'plus', WELCOME_TOKENS, now)
  await seedReward(deps)
  const user = (await repo.findUser(db, DEMO_USER_ID))!
  if (user.deep_tokens < DEMO_TOKENS)
    await inTransaction(db, (trx) => repo.credit(trx, DEMO_USER_ID, DEMO_TOKENS - user.deep_tokens, 'grant', 'demo-seed', now))

  const profileId = examples.getProfile.request.params.path.profile_id as string
  if (!(await repo.findProfile(db, DEMO_USER_ID, profileId))) {
    const b = first('createProfile')
    await repo.insertProfile(db, repo.profileRow(profileId, DEMO_USER_ID, b, now.toISOString()))
  }
  const reportId = first('createPdfJob').report_id as string
  if (!(await repo.findReport(db, DEMO_USER_ID, reportId))) {
    const report = computeReport({ ...first('createSajuReport'), profile_id: profileId }, { reportId, now, policies: defaultPolicies() })
    await repo.insertReport(db, {
      id: reportId,
      user_id: DEMO_USER_ID,
      profile_id: profileId,
      body_json: JSON.stringify(report),
      created_at: now.toISOString(),
    })
  }
  const sessionId = (examples.sendChatMessage.request.body as Record<string, any>).deepQuestion?.session_id as string | undefined
  if (sessionId && !(await repo.findSession(db, DEMO_USER_ID, sessionId)))
    await repo.insertSession(db, { id: sessionId, user_id: DEMO_USER_ID, created_at: now.toISOString() })
  const jobId = examples.getPdfJob.request.params.path.job_id as string
  if (!(await repo.pdfJobById(db, jobId))) {
    const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z')
    await repo.insertPdfJob(db, repo.queuedPdfJob({ id: jobId, user_id: DEMO_USER_ID, report_id: reportId }, stamp))
  }
}

/** The ad view both reward examples describe, credited as the rewardTokens 200 example says. */
async function seedReward({ db }: AppDeps): Promise<void> {
  const { idempotency_key, receipt } = first('rewardTokens')
  const id = `admob:${receipt.transaction_id}`
  if (await repo.findReward(db, id)) return
  const { signatures: _s, ...answer } = Object.values(examples.rewardTokens.responses['200'].examples as Record<string, any>)[0]
  const at = new Date(answer.credited_at)
  await inTransaction(db, async (trx) => {
    await repo.credit(trx, DEMO_USER_ID, answer.granted, 'reward', id, at)
    await repo.insertReward(trx, {
      id,
      user_id: DEMO_USER_ID,
      network: 'admob',
      transaction_id: receipt.transaction_id,
      idempotency_key,
      amount: answer.granted,
      signed_content: decodeURIComponent(receipt.signed_payload),
      response_json: JSON.stringify({ ...answer, user_id: DEMO_USER_ID }),
      credited_at: at.toISOString(),
      kst_date: kstDate(at),
    })
  })
}
