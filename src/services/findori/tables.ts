/**
 * Findori's tables. Timestamps are ISO-8601 UTC strings, dates `YYYY-MM-DD` (KST calendar), flags
 * 0/1, tags and cards JSON text: the same on SQLite and PostgreSQL.
 */
export interface FindoriFeedsTable {
  date: string
  /** `published` once any publish happened; the public side reads the snapshot, not this. */
  status: 'draft' | 'published'
  published_at: string | null
  created_at: string
  updated_at: string
}

/** The working copy the pipeline writes and the admin reviews. */
export interface FindoriIssuesTable {
  id: string
  feed_date: string
  entity_type: string
  entity_id: string
  entity_name: string
  title: string
  change_value: string
  /** The API's `order` (a reserved word in SQL). */
  position: number
  tags_json: string
  cards_json: string
  status: 'draft' | 'approved' | 'rejected'
  created_at: string
  updated_at: string
}

/** What the last publish of a feed froze: the only rows the public API reads. */
export interface FindoriPublishedIssuesTable {
  id: string
  feed_date: string
  entity_type: string
  entity_id: string
  entity_name: string
  title: string
  change_value: string
  position: number
  tags_json: string
  cards_json: string
  published_at: string
}

export interface FindoriSourcesTable {
  id: string
  name: string
  rss_url: string
  active: number
  created_at: string
}

export interface FindoriPipelineLogsTable {
  id: string
  trigger: 'manual' | 'cron' | 'schedule'
  started_at: string
  finished_at: string | null
  status: 'running' | 'success' | 'partial' | 'failed'
  issues_created: number
  errors_json: string
}

/** One row while a pipeline runs; the primary key makes a second acquirer fail, across processes. */
export interface FindoriLocksTable {
  name: string
  holder: string
  acquired_at: string
  expires_at: string
}

/** Admin sessions: only the SHA-256 of the cookie value is stored. */
export interface FindoriSessionsTable {
  id_hash: string
  created_at: string
  last_seen_at: string
  expires_at: string
  revoked_at: string | null
}

/** One row per wrong admin password, kept for the throttle's window (see login-throttle.ts). */
export interface FindoriLoginFailuresTable {
  id: string
  /** The client's address. */
  client: string
  failed_at: string
}

export interface FindoriTables {
  findori_feeds: FindoriFeedsTable
  findori_issues: FindoriIssuesTable
  findori_published_issues: FindoriPublishedIssuesTable
  findori_sources: FindoriSourcesTable
  findori_pipeline_logs: FindoriPipelineLogsTable
  findori_locks: FindoriLocksTable
  findori_sessions: FindoriSessionsTable
  findori_login_failures: FindoriLoginFailuresTable
}
