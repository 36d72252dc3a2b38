/**
 * Rows to the spec's shapes, and findori's error results.
 */
import type {
  AdminIssue,
  Card,
  Error as FindoriError,
  ErrorCode,
  FeedIssue,
  IssueDetail,
  PipelineLog,
  Source,
} from '../../../generated/findori/sdk/types.gen.js'
import type { FindoriIssuesTable, FindoriPipelineLogsTable, FindoriPublishedIssuesTable, FindoriSourcesTable } from './tables.js'

type IssueRow = FindoriIssuesTable | FindoriPublishedIssuesTable

const common = (r: IssueRow) => ({
  id: r.id,
  entity_type: r.entity_type as FeedIssue['entity_type'],
  entity_id: r.entity_id,
  entity_name: r.entity_name,
  title: r.title,
  change_value: r.change_value,
  order: r.position,
  tags: JSON.parse(r.tags_json) as string[],
  cards_data: JSON.parse(r.cards_json) as Card[],
})

export const feedIssueShape = (r: FindoriPublishedIssuesTable): FeedIssue => common(r)
export const adminIssueShape = (r: FindoriIssuesTable): AdminIssue => ({ ...common(r), status: r.status })

export function issueDetailShape(r: FindoriPublishedIssuesTable): IssueDetail {
  const { entity_id: _id, order: _order, ...rest } = common(r)
  return { ...rest, feed_date: r.feed_date }
}

export const sourceShape = (r: FindoriSourcesTable): Source => ({ id: r.id, name: r.name, rss_url: r.rss_url, active: r.active === 1 })

export const logShape = (r: FindoriPipelineLogsTable): PipelineLog => ({
  id: r.id,
  started_at: r.started_at,
  finished_at: r.finished_at,
  status: r.status,
  issues_created: r.issues_created,
  errors: JSON.parse(r.errors_json),
})

export const fail = <S extends number>(status: S, error: ErrorCode, message: string, details?: FindoriError['details']) => ({
  status,
  body: details ? { error, message, details } : { error, message },
})
