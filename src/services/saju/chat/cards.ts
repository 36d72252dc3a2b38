/**
 * The evidence-based part of a chat answer: cards built from the engine's report (and the running
 * 세운), and the embedded writer's text, which only restates what the cards say.
 */
import type { ChatCard } from '../../../../generated/saju/sdk/types.gen.js'
import type { SajuReport, AnnualLuckReport } from '../engine/index.js'

const EL_KO: Record<string, string> = { wood: '목(木)', fire: '화(火)', earth: '토(土)', metal: '금(金)', water: '수(水)' }
// the subject particle follows the syllable's final consonant: 목·금 take 이, 화·토·수 take 가
const SUBJ: Record<string, string> = { wood: '이', fire: '가', earth: '가', metal: '이', water: '가' }

export function cardsOf(report: SajuReport, annual: AnnualLuckReport | null, depth: 'light' | 'deep'): ChatCard[] {
  const a = report.analysis as any
  const day = report.pillars.day
  const dm = `${day.stem_ko}${EL_KO[day.stem_element].slice(0, 1)}(${day.stem}${EL_KO[day.stem_element].slice(2, 3)})`
  const cards: ChatCard[] = [
    {
      type: 'summary',
      title: '핵심 요약',
      body: report.localization.headline_ko,
      bullets: [
        `일간: ${dm}`,
        `격국: ${a.gyeokguk.name_ko}(${a.gyeokguk.code})`,
        `신강약: ${a.strength.label_ko}(${a.strength.score}점)`,
        `용신: ${EL_KO[a.yongshin.primary]}`,
      ],
      evidence_rule_ids: report.evidence
        .filter((e) => /^(strength|gyeokguk|yongshin)/.test(e.rule_id))
        .map((e) => e.rule_id)
        .slice(0, 5),
    },
  ]
  if (depth === 'light') return cards
  const p = report.pillars
  const g = (x: { stem: string; branch: string; stem_ko: string; branch_ko: string } | null) =>
    x ? `${x.stem_ko}${x.branch_ko}(${x.stem}${x.branch})` : '미상'
  cards.push({ type: 'pillars', title: '원국', body: `연주 ${g(p.year)}, 월주 ${g(p.month)}, 일주 ${g(p.day)}, 시주 ${g(p.hour)}.`, bullets: [`일간: ${dm}`] })
  const eb = a.element_balance as Record<string, number>
  const sorted = Object.entries(eb).sort((x, y) => y[1] - x[1])
  cards.push({
    type: 'elements',
    title: '오행 분포',
    body: `${EL_KO[sorted[0][0]]}${SUBJ[sorted[0][0]]} 가장 많고 ${EL_KO[sorted[sorted.length - 1][0]]}${SUBJ[sorted[sorted.length - 1][0]]} 가장 적습니다.`,
    bullets: sorted.map(([k, v]) => `${EL_KO[k]} ${v}`),
  })
  cards.push({
    type: 'strength',
    title: '신강·신약',
    body: `${a.strength.label_ko}(${a.strength.score}점).`,
    evidence_rule_ids: report.evidence
      .filter((e) => e.rule_id.startsWith('strength'))
      .map((e) => e.rule_id)
      .slice(0, 3),
  })
  if (annual?.years[0]) {
    const y = annual.years[0]
    cards.push({
      type: 'luck',
      title: `${y.year}년 ${y.pillar.stem_ko}${y.pillar.branch_ko}(${y.pillar.stem}${y.pillar.branch}) 세운`,
      body: y.highlights_ko[0] ?? '',
      bullets: y.highlights_ko.slice(1, 4),
      evidence_rule_ids: ['luck.annual.ten_god_overlay'],
    })
  }
  cards.push({
    type: 'advice',
    title: '실천 팁',
    body: `${EL_KO[a.yongshin.primary]} 기운을 보완하는 생활 습관이 도움이 됩니다.`,
    bullets: (a.yongshin.unfavorable as string[]).map((e) => `과한 ${EL_KO[e]} 기운은 덜어내기`),
  })
  return cards
}

/** The embedded writer: plain Korean prose from the cards alone (no outside service). */
export function embeddedText(cards: ChatCard[], question: string): string {
  const [summary, ...rest] = cards
  const lines = [`질문하신 "${question.slice(0, 40)}${question.length > 40 ? '…' : ''}"에 대해 원국의 근거로 답합니다.`, `${summary.body}.`]
  for (const c of rest) lines.push(`${c.title}: ${c.body}`)
  lines.push('사주는 경향을 보여 줄 뿐이며, 중요한 결정은 현실의 조건을 함께 살펴 내리세요.')
  return lines.join(' ')
}
