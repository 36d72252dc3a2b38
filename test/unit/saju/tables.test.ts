// Tables in the policy files checked against published references.
// Sources (each table agrees with both):
//  [A] 『연해자평(淵海子平)』 tables as reprinted in 박재완 『명리요강』 (지장간 월률분야, 십이운성, 합충형파해, 원진, 신살);
//  [B] 한국민족문화대백과사전 entries 「지장간」「십이운성」「원진」「신살」 and the 나무위키 「사주팔자」 tables.
// Note 해(害) and 원진(怨嗔) share 子未 and 丑午 only; 寅巳/卯辰/申亥/酉戌 are 해, 寅酉/卯申/辰亥/巳戌 are 원진.
import { describe, it, expect } from 'vitest'
import { defaultPolicies, loadPolicies } from '../../../src/services/saju/engine/policy/load.js'
import { TwelveStageCalculator } from '../../../src/services/saju/engine/analysis/twelve-stages.js'
import { VoidCalculator } from '../../../src/services/saju/engine/analysis/void.js'
import { YuanjinDetector } from '../../../src/services/saju/engine/analysis/yuanjin.js'
import { pairRelations } from '../../../src/services/saju/engine/analysis/relations.js'
import { tenGodOfStem, tenGodOfBranch } from '../../../src/services/saju/engine/analysis/ten-gods.js'
import { mkdtempSync, cpSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DEFAULT_POLICY_DIR } from '../../../src/services/saju/engine/policy/load.js'

const p = defaultPolicies()

describe('hidden stems (지장간)', () => {
  const want: Record<string, string> = {
    子: '壬癸', 丑: '癸辛己', 寅: '戊丙甲', 卯: '甲乙', 辰: '乙癸戊', 巳: '戊庚丙',
    午: '丙己丁', 未: '丁乙己', 申: '戊壬庚', 酉: '庚辛', 戌: '辛丁戊', 亥: '戊甲壬',
  }
  for (const b of p.sixtyJiazi.branches) {
    it(b.hanja, () => {
      expect(b.hidden_stems.map((h) => h.stem).join('')).toBe(want[b.hanja])
      expect(b.hidden_stems.reduce((s, h) => s + h.days, 0)).toBe(30)
    })
  }
})

describe('twelve stages (십이운성), full table', () => {
  // rows: stem; columns 子..亥
  const table: Record<string, string> = {
    甲: '목욕 관대 건록 제왕 쇠 병 사 묘 절 태 양 장생',
    乙: '병 쇠 제왕 건록 관대 목욕 장생 양 태 절 묘 사',
    丙: '태 양 장생 목욕 관대 건록 제왕 쇠 병 사 묘 절',
    丁: '절 묘 사 병 쇠 제왕 건록 관대 목욕 장생 양 태',
    戊: '태 양 장생 목욕 관대 건록 제왕 쇠 병 사 묘 절',
    己: '절 묘 사 병 쇠 제왕 건록 관대 목욕 장생 양 태',
    庚: '사 묘 절 태 양 장생 목욕 관대 건록 제왕 쇠 병',
    辛: '장생 양 태 절 묘 사 병 쇠 제왕 건록 관대 목욕',
    壬: '제왕 쇠 병 사 묘 절 태 양 장생 목욕 관대 건록',
    癸: '건록 관대 목욕 장생 양 태 절 묘 사 병 쇠 제왕',
  }
  const calc = new TwelveStageCalculator(p)
  for (const [stem, row] of Object.entries(table)) {
    it(stem, () => {
      const got = '子丑寅卯辰巳午未申酉戌亥'.split('').map((b) => p.localization.twelve_stages[calc.stage(stem, b)].ko)
      expect(got.join(' ')).toBe(row)
    })
  }
})

describe('relations', () => {
  const has = (a: string, b: string, type: string) => pairRelations(a, b, 'branch', p).some((r) => r.type === type)
  it('six clashes', () => { for (const [a, b] of ['子午', '丑未', '寅申', '卯酉', '辰戌', '巳亥']) expect(has(a, b, 'clash')).toBe(true) })
  it('six combinations', () => { for (const [a, b] of ['子丑', '寅亥', '卯戌', '辰酉', '巳申', '午未']) expect(has(a, b, 'six_combination')).toBe(true) })
  it('harms (해)', () => { for (const [a, b] of ['子未', '丑午', '寅巳', '卯辰', '申亥', '酉戌']) expect(has(a, b, 'harm')).toBe(true) })
  it('destructions (파)', () => { for (const [a, b] of ['子酉', '丑辰', '寅亥', '卯午', '巳申', '未戌']) expect(has(a, b, 'destruction')).toBe(true) })
  it('원진 is not 해', () => {
    const yj = new YuanjinDetector(p)
    for (const [a, b] of ['子未', '丑午', '寅酉', '卯申', '辰亥', '巳戌']) expect(yj.isYuanjin(a, b)).toBe(true)
    for (const [a, b] of ['寅巳', '卯辰', '申亥', '酉戌']) expect(yj.isYuanjin(a, b)).toBe(false)
  })
  it('punishments: 寅巳申, 丑戌未, 子卯, self 辰午酉亥', () => {
    for (const [a, b] of ['寅巳', '巳申', '寅申', '丑戌', '戌未', '丑未', '子卯']) expect(has(a, b, 'punishment')).toBe(true)
    for (const a of '辰午酉亥') expect(has(a, a, 'self_punishment')).toBe(true)
    expect(has('子', '子', 'self_punishment')).toBe(false)
  })
  it('stem combinations and their elements', () => {
    const el = (a: string, b: string) => pairRelations(a, b, 'stem', p).find((r) => r.type === 'stem_combination')?.element
    expect([el('甲', '己'), el('乙', '庚'), el('丙', '辛'), el('丁', '壬'), el('戊', '癸')]).toEqual(['earth', 'metal', 'water', 'wood', 'fire'])
  })
})

describe('void (공망) and ten gods', () => {
  it('甲子 旬 leaves 戌亥 void; 庚辰 (甲戌 旬) leaves 申酉', () => {
    const v = new VoidCalculator(p)
    expect(v.voidOf('甲', '子').void).toEqual(['戌', '亥'])
    expect(v.voidOf('庚', '辰').void).toEqual(['申', '酉'])
  })
  it('ten gods of 庚 day master', () => {
    expect(['庚', '辛', '壬', '癸', '甲', '乙', '丙', '丁', '戊', '己'].map((s) => tenGodOfStem('庚', s, p)))
      .toEqual(['bigyeon', 'geopjae', 'siksin', 'sanggwan', 'pyeonjae', 'jeongjae', 'pyeongwan', 'jeonggwan', 'pyeonin', 'jeongin'])
    expect(tenGodOfBranch('庚', '午', p)).toBe('jeonggwan') // 午 main hidden stem 丁
    expect(tenGodOfBranch('庚', '子', p)).toBe('sanggwan') // 子 main 癸
  })
})

describe('policy loading', () => {
  it('refuses a policy that breaks its schema', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'saju-pol-'))
    cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true })
    const f = path.join(dir, 'relation_policy.json')
    const bad = JSON.parse(readFileSync(f, 'utf8'))
    bad.yuanjin.pop()
    writeFileSync(f, JSON.stringify(bad))
    expect(() => loadPolicies(dir)).toThrow(/relation_policy.json does not match its schema/)
  })
  it('every policy has a version', () => {
    for (const v of Object.values(p)) expect((v as { version: string }).version).toMatch(/^\d+\.\d+\.\d+$/)
  })
})
