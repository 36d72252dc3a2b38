/**
 * The three kinds of artifact the seed names, where they live in the store and how they are
 * read: a missing file, a file that does not parse or breaks its schema, and a good one are three
 * different answers (`MISSING`, `INVALID` naming the reason, `PRESENT`), never a crash.
 */
import { generated } from '../../../generated/operator/contract.gen.js'
import type { OpsSummary, TradeOrder } from '../../../generated/operator/sdk/types.gen.js'
import type { ArtifactStore } from './artifact-store.js'

export const EXPORT_PATH = 'reports/live/order_plan_export/latest/order_plan_export_latest.json'
export const SUMMARY_PATH = 'reports/live/ops_summary_latest.json'
export const ticketRef = (date: string) => `ticket_${date}.md`
export const ticketPath = (date: string) => `reports/live/tickets/${ticketRef(date)}`

/** The export file as the export plane writes it (the token in clear: it is the source of truth). */
export interface ExportFile {
  plan_id: string
  plan_date: string
  confirm_token?: string
  /** In execution order; empty for a HOLD plan. */
  orders: TradeOrder[]
  published_at: string
}

export type ArtifactRead<T> =
  | { status: 'MISSING'; path: string }
  | { status: 'INVALID'; path: string; error: string; updatedAt: Date }
  | { status: 'PRESENT'; path: string; value: T; updatedAt: Date }

type Validators = Awaited<ReturnType<typeof generated.loadValidators>>

const ajvReason = (errors: { instancePath: string; message?: string }[] | null | undefined) => {
  const e = errors?.[0]
  return e ? `${e.instancePath || '/'} ${e.message ?? ''}`.trim() : '형식이 올바르지 않습니다'
}

async function readJson<T>(store: ArtifactStore, path: string, check: (v: unknown, validators: Validators) => string | null): Promise<ArtifactRead<T>> {
  const file = await store.read(path)
  if (!file) return { status: 'MISSING', path }
  let value: unknown
  try {
    value = JSON.parse(file.text)
  } catch {
    return { status: 'INVALID', path, error: 'JSON 형식이 아닙니다(잘렸거나 깨진 파일)', updatedAt: file.updatedAt }
  }
  const problem = check(value, await generated.loadValidators())
  if (problem) return { status: 'INVALID', path, error: problem, updatedAt: file.updatedAt }
  return { status: 'PRESENT', path, value: value as T, updatedAt: file.updatedAt }
}

export function readExport(store: ArtifactStore): Promise<ArtifactRead<ExportFile>> {
  return readJson<ExportFile>(store, EXPORT_PATH, (v, validators) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return 'JSON 객체가 아닙니다'
    const { published_at, ...body } = v as Record<string, unknown>
    if (typeof published_at !== 'string' || Number.isNaN(Date.parse(published_at))) return 'published_at이 없거나 날짜가 아닙니다'
    // A file of the 1.x export plane: say what changed rather than a bare schema error.
    if ('order' in body && !('orders' in body)) return '1.x 형식입니다: 주문 하나(order) 대신 주문 목록(orders)이 필요합니다(API 2.0)'
    const validate = validators.publishLatestExport_body
    return validate(body) ? null : `스키마 위반: ${ajvReason(validate.errors)}`
  })
}

export function readSummary(store: ArtifactStore): Promise<ArtifactRead<OpsSummary>> {
  return readJson<OpsSummary>(store, SUMMARY_PATH, (v, validators) => {
    const validate = validators.getOpsSummary_res_200
    return validate(v) ? null : `스키마 위반: ${ajvReason(validate.errors)}`
  })
}

/** A ticket: its text, and the plan it names on its `- plan_id:` line (null when it names none). */
export interface TicketFile {
  markdown: string
  planId: string
}

const PLAN_LINE = /^- plan_id: `([A-Za-z0-9][A-Za-z0-9_.:-]{0,127})`/m

export async function readTicket(store: ArtifactStore, date: string): Promise<ArtifactRead<TicketFile>> {
  const path = ticketPath(date)
  const file = await store.read(path)
  if (!file) return { status: 'MISSING', path }
  const match = PLAN_LINE.exec(file.text)
  if (!match) return { status: 'INVALID', path, error: 'plan_id 줄이 없습니다(잘렸거나 깨진 파일)', updatedAt: file.updatedAt }
  return { status: 'PRESENT', path, value: { markdown: file.text, planId: match[1] }, updatedAt: file.updatedAt }
}

/** The `detail` of a 500 for an unusable artifact: which file, and why. */
export const invalidDetail = (read: { path: string; error: string }) => `${read.path}을(를) 읽을 수 없습니다: ${read.error}.`
