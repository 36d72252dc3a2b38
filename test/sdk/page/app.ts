/**
 * A small frontend built with the SDK package's sources (bundled by esbuild in
 * test/sdk/page.browser.test.ts): it lists the orchestrator's nodes, shows a typed 404, a dead
 * server, and a saju report with its signature checked in the browser (Web Crypto).
 */
import { createOrchestratorClient } from '../../../sdk/src/orchestrator.js'
import { createSajuClient, type SigningJwk } from '../../../sdk/src/saju.js'

declare const CONFIG: { api: string; dead: string; adminToken: string; sajuToken: string; signingKey: SigningJwk }

const show = (id: string, text: string) => {
  document.getElementById(id)!.textContent = text
}

async function main() {
  const orch = createOrchestratorClient({ baseUrl: CONFIG.api, token: CONFIG.adminToken })
  const nodes = await orch.listNodes()
  show('nodes', nodes.data ? nodes.data.nodes.map((n) => `${n.id} · ${n.name} · ${n.status}`).join('\n') : `오류: ${nodes.error.message}`)

  const missing = await orch.getNode({ path: { node_id: 'node-missing' }, headers: { Prefer: 'code=404' } })
  show('missing', missing.error?.kind === 'api' ? `${missing.error.status} ${missing.error.body.code} ${missing.error.body.message}` : 'no error?')

  const dead = await createOrchestratorClient({ baseUrl: CONFIG.dead }).getHealth()
  show('dead', dead.error ? `${dead.error.name} (${dead.error.kind}), response: ${String(dead.response)}` : 'answered?')

  // The server's public key is pinned (shipped with the page), as an app would: a signature then
  // proves the body came from that server, not merely from whoever answered.
  const saju = createSajuClient({ baseUrl: CONFIG.api, token: CONFIG.sajuToken, signingKeys: [CONFIG.signingKey] })
  const report = await saju.createSajuReport({ body: { birth_dt_local: '1990-05-15T12:00', tz: 'Asia/Seoul', gender: 'female', unknown_hour: true } })
  if (report.error) return show('pillars', `오류: ${report.error.message}`)
  const { year, month, day } = report.data.pillars
  show('pillars', [year, month, day].map((p) => `${p.stem}${p.branch}(${p.stem_ko}${p.branch_ko})`).join(' · '))
  show('request-id', report.request.headers.get('X-Request-Id') ?? '')
  const check = await saju.verifySignature(report.data, report.response)
  show('signature', check.ok ? `서명 확인: sha256 일치, Ed25519 키 ${check.keyId}` : `서명 불일치: ${check.reason}`)
  const forged = await saju.verifySignature({ ...report.data, pillars: { ...report.data.pillars, year: month } }, report.response)
  show('forged', forged.ok ? '위조를 못 찾음' : `위조 발견: ${forged.reason}`)
}

main()
  .catch((e: unknown) => show('fatal', String(e)))
  .finally(() => {
    document.body.dataset.done = 'true'
  })
