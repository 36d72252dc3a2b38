/**
 * The report as a PDF (pdfkit): Korean text set in Noto Sans KR (TTF from the npm package
 * @expo-google-fonts/noto-sans-kr, embedded and subset by pdfkit), the four-pillars table in
 * hanja and hangul, and the report's sections (analysis, 대운, evidence).
 */
import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'
import type { SajuReport } from '../engine/index.js'

const require = createRequire(import.meta.url)
const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf')
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf')

const EL_KO: Record<string, string> = { wood: '목', fire: '화', earth: '토', metal: '금', water: '수' }

export interface RenderedPdf {
  bytes: Buffer
  pages: number
}

export function renderReportPdf(report: SajuReport, opts: { paper: 'A4' | 'LETTER'; template: 'standard' | 'detailed'; now: Date }): Promise<RenderedPdf> {
  const doc = new PDFDocument({ size: opts.paper, margin: 50, bufferPages: true, info: { Title: '사주 리포트', Creator: 'Saju API', CreationDate: opts.now } })
  doc.registerFont('ko', FONT_REGULAR)
  doc.registerFont('ko-bold', FONT_BOLD)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const a = report.analysis as any
  const input = report.meta.input as any
  doc.font('ko-bold').fontSize(20).text('사주 리포트', { align: 'center' })
  doc
    .moveDown(0.3)
    .font('ko')
    .fontSize(10)
    .fillColor('#555')
    .text(`출생: ${input.birth_dt_local} (${input.tz}, ${input.calendar_type === 'lunar' ? '음력' : '양력'})  ·  리포트 ${report.meta.report_id}`, {
      align: 'center',
    })
  doc.fillColor('#000').moveDown(0.8).font('ko-bold').fontSize(13).text(report.localization.headline_ko, { align: 'center' })

  // the four-pillars table: hour · day · month · year, as Korean charts read right to left
  doc.moveDown(1)
  const cols = [
    ['시주', report.pillars.hour],
    ['일주', report.pillars.day],
    ['월주', report.pillars.month],
    ['연주', report.pillars.year],
  ] as const
  const left = doc.page.margins.left
  const width = doc.page.width - left - doc.page.margins.right
  const colW = width / 4
  const top = doc.y
  const rowH = [22, 44, 44, 22]
  doc.lineWidth(0.8).strokeColor('#333')
  cols.forEach(([label, p], i) => {
    const x = left + i * colW
    let y = top
    doc.rect(x, y, colW, rowH[0]).stroke()
    doc
      .font('ko-bold')
      .fontSize(11)
      .text(label, x, y + 5, { width: colW, align: 'center' })
    y += rowH[0]
    for (const part of ['stem', 'branch'] as const) {
      doc.rect(x, y, colW, rowH[1]).stroke()
      if (p) {
        const ko = part === 'stem' ? p.stem_ko : p.branch_ko
        const el = part === 'stem' ? p.stem_element : p.branch_element
        doc
          .font('ko-bold')
          .fontSize(22)
          .text(`${p[part]}`, x, y + 4, { width: colW / 2, align: 'right' })
        doc
          .font('ko')
          .fontSize(12)
          .text(` ${ko} (${EL_KO[el]})`, x + colW / 2, y + 14, { width: colW / 2, align: 'left' })
      } else
        doc
          .font('ko')
          .fontSize(12)
          .text('미상', x, y + 14, { width: colW, align: 'center' })
      y += rowH[1]
    }
    doc.rect(x, y, colW, rowH[3]).stroke()
    doc
      .font('ko')
      .fontSize(9)
      .text(p ? `${p.stem}${p.branch} · ${p.stem_ko}${p.branch_ko}` : '—', x, y + 6, { width: colW, align: 'center' })
  })
  doc.x = left
  doc.y = top + rowH.reduce((s, h) => s + h, 0) + 20

  const section = (title: string, lines: string[]) => {
    doc.font('ko-bold').fontSize(13).text(title, left, doc.y)
    doc.moveDown(0.2).font('ko').fontSize(10)
    for (const l of lines) doc.text(`• ${l}`, { width })
    doc.moveDown(0.7)
  }
  section('분석', [
    `신강약: ${a.strength.label_ko} (${a.strength.score}점)`,
    `격국: ${a.gyeokguk.name_ko} (${a.gyeokguk.code})`,
    `용신: ${EL_KO[a.yongshin.primary]}(${a.yongshin.primary}) · 희신: ${EL_KO[a.yongshin.secondary] ?? '-'} · 기신: ${(a.yongshin.unfavorable as string[]).map((e) => EL_KO[e]).join('·')}`,
    `오행: ${Object.entries(a.element_balance as Record<string, number>)
      .map(([k, v]) => `${EL_KO[k]} ${v}`)
      .join(', ')}`,
    `공망: ${(a.void.branches as string[]).join('·')}`,
  ])
  section('대운', [
    `${a.luck_cycles.direction === 'forward' ? '순행' : '역행'}, ${a.luck_cycles.start_age}세(${a.luck_cycles.start_year}년) 시작`,
    (a.luck_cycles.cycles as string[]).join(' → '),
  ])
  section(
    '합충형파해',
    (a.relations as { subtype?: string; type: string; members: string[] }[])
      .map((r) => `${r.members.join('')}: ${report.localization.labels?.[r.subtype ?? r.type] ?? r.subtype ?? r.type}`)
      .concat(a.relations.length ? [] : ['없음']),
  )
  section('신살', (a.shensha as { name_ko: string; hanja: string }[]).map((s) => `${s.name_ko}(${s.hanja})`).concat(a.shensha.length ? [] : ['없음']))
  if (opts.template === 'detailed') {
    section(
      '근거(evidence)',
      report.evidence.map((e) => `${e.rule_id} → ${e.conclusion}`),
    )
  }
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    doc
      .font('ko')
      .fontSize(8)
      .fillColor('#777')
      .text(`${i + 1} / ${range.count}  ·  Saju API ${report.meta.engine_version}`, left, doc.page.height - 40, { width, align: 'center', lineBreak: false })
  }
  doc.end()
  return done.then((bytes) => ({ bytes, pages: range.count }))
}
