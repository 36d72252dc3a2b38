/**
 * The issue pipeline: fetch every active source, parse, build the day's drafts, write them, and
 * record the run. One run at a time across processes: a row in findori_locks (primary key) is
 * the lock, with an expiry so a crashed run does not block the next day. A failing source is
 * logged and skipped; the run fails only when no source gave articles.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../../deps.js'
import type { Logger } from '../../../kit/logger.js'
import type { Database } from '../../database.js'
import { kstDate } from '../dates.js'
import * as repo from '../repo.js'
import { buildIssues } from './build-issues.js'
import type { FeedFetcher } from './fetch-feed.js'
import type { MarketData } from './market-data.js'
import { parseArticles, type Article } from './parse-feed.js'

export const LOCK_NAME = 'pipeline'
export const LOCK_TTL_MS = 30 * 60_000
const FETCH_CONCURRENCY = 4

export interface PipelineDeps {
  db: Kysely<Database>
  clock: Clock
  logger: Logger
  fetcher: FeedFetcher
  market: MarketData
}

export interface RunOutcome {
  id: string
  status: 'success' | 'partial' | 'failed'
  issuesCreated: number
  durationMs: number
  errors: { source?: string; message: string }[]
}

export type Trigger = 'manual' | 'cron' | 'schedule'

export class Pipeline {
  private inFlight = new Set<Promise<unknown>>()

  constructor(private deps: PipelineDeps) {}

  /** Takes the lock and opens a `running` log; null when a run (here or in another process) holds it. */
  async begin(trigger: Trigger): Promise<string | null> {
    const { db, clock } = this.deps
    const id = randomUUID()
    const now = clock.now()
    if (!(await repo.acquireLock(db, LOCK_NAME, id, now, LOCK_TTL_MS))) return null
    await repo.closeOrphanedLogs(db, now.toISOString())
    await repo.insertLog(db, { id, trigger, started_at: now.toISOString(), finished_at: null, status: 'running', issues_created: 0, errors_json: '[]' })
    return id
  }

  /** Runs a begun job to its end, records it and releases the lock (refreshing it meanwhile). Never throws. */
  async finish(id: string): Promise<RunOutcome> {
    const { db, clock, logger } = this.deps
    const started = clock.now()
    // While the run is alive its lock stays fresh; only a dead process lets it expire.
    const heartbeat = setInterval(() => {
      repo.extendLock(db, LOCK_NAME, id, new Date(clock.now().getTime() + LOCK_TTL_MS).toISOString()).catch(() => {})
    }, LOCK_TTL_MS / 3)
    heartbeat.unref()
    let outcome: RunOutcome
    try {
      outcome = { id, ...(await this.work()), durationMs: 0 }
    } catch (e) {
      logger.error('findori pipeline failed', { err: (e as Error).message, job: id })
      outcome = { id, status: 'failed', issuesCreated: 0, durationMs: 0, errors: [{ message: `파이프라인 오류: ${(e as Error).message}` }] }
    }
    try {
      const finished = clock.now()
      const log = await repo.getLog(db, id)
      outcome.durationMs = Math.max(0, finished.getTime() - new Date(log?.started_at ?? started).getTime())
      await repo.finishLog(db, id, {
        finished_at: finished.toISOString(),
        status: outcome.status,
        issues_created: outcome.issuesCreated,
        errors_json: JSON.stringify(outcome.errors),
      })
    } catch (e) {
      logger.error('findori pipeline log not recorded', { err: (e as Error).message, job: id })
    } finally {
      clearInterval(heartbeat)
      await repo.releaseLock(db, LOCK_NAME, id).catch(() => {})
    }
    return outcome
  }

  /** Begins and runs in the background (the admin's 202); the job id, or null while another runs. */
  async start(trigger: Trigger): Promise<string | null> {
    const id = await this.begin(trigger)
    if (!id) return null
    const p = this.finish(id).finally(() => this.inFlight.delete(p))
    this.inFlight.add(p)
    return id
  }

  /** Begins and waits for the end (cron); null while another runs. */
  async run(trigger: Trigger): Promise<RunOutcome | null> {
    const id = await this.begin(trigger)
    if (!id) return null
    const p = this.finish(id)
    this.inFlight.add(p)
    try {
      return await p
    } finally {
      this.inFlight.delete(p)
    }
  }

  /** Resolves when the runs started here have ended (shutdown, tests). */
  async idle() {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight])
  }

  private async work(): Promise<Omit<RunOutcome, 'id' | 'durationMs'>> {
    const { db, clock, fetcher, market } = this.deps
    const sources = await repo.activeSources(db)
    if (!sources.length) return { status: 'failed', issuesCreated: 0, errors: [{ message: '활성 매체가 없습니다.' }] }
    // Results are kept in source order whatever order the fetches finish in, so a run is reproducible.
    const results: ({ articles: Article[] } | { error: string })[] = new Array(sources.length)
    let next = 0
    await Promise.all(
      Array.from({ length: Math.min(FETCH_CONCURRENCY, sources.length) }, async () => {
        for (let i = next++; i < sources.length; i = next++) {
          try {
            results[i] = { articles: parseArticles(await fetcher.fetch(sources[i].rss_url), sources[i].name) }
          } catch (e) {
            results[i] = { error: `RSS 수집 실패: ${(e as Error).message}` }
          }
        }
      }),
    )
    const errors: RunOutcome['errors'] = []
    const articles: Article[] = []
    for (const [i, r] of results.entries()) {
      if ('error' in r) errors.push({ source: sources[i].name, message: r.error })
      else articles.push(...r.articles)
    }
    if (!articles.length && errors.length)
      return { status: 'failed', issuesCreated: 0, errors: [...errors, { message: '활성 매체에서 기사를 수집하지 못했습니다.' }] }
    const now = clock.now()
    const date = kstDate(now)
    const drafts = await buildIssues(articles, date, market)
    const at = now.toISOString()
    await repo.ensureFeed(db, date, at)
    let created = 0
    for (const d of drafts) {
      const fields = {
        entity_name: d.entity.name,
        title: d.title,
        change_value: d.changeValue,
        position: d.order,
        tags_json: JSON.stringify(d.tags),
        cards_json: JSON.stringify(d.cards),
        updated_at: at,
      }
      const existing = await repo.issueOfEntity(db, date, d.entity.type, d.entity.id)
      // A reviewed issue (approved or rejected) is the editor's now; only drafts follow the news.
      if (existing) await repo.replaceDraft(db, existing.id, fields)
      else {
        await repo.insertIssue(db, {
          id: randomUUID(),
          feed_date: date,
          entity_type: d.entity.type,
          entity_id: d.entity.id,
          status: 'draft',
          created_at: at,
          ...fields,
        })
        created++
      }
    }
    return { status: errors.length ? 'partial' : 'success', issuesCreated: created, errors }
  }
}
