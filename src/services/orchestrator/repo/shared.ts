/**
 * What the orchestrator's query modules share: the handle they take (the database or a
 * transaction), a page, and the helpers for counts, totals and equality filters.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../database.js'
import type { OrchTasksTable } from '../tables.js'

export type Db = Kysely<Database> | Transaction<Database>
export type TaskStatus = OrchTasksTable['status']

export interface Page {
  limit: number
  offset: number
}

export const countAll = (eb: { fn: { countAll: () => { as: (n: 'n') => any } } }) => eb.fn.countAll().as('n')
export type Counted = { n: number | string | bigint }
export const count = async (q: { select: (e: any) => any }) => Number(((await (q as any).select(countAll).executeTakeFirst()) as Counted | undefined)?.n ?? 0)

/** One page of a list and the total across pages, from a prepared page query and count query. */
export async function paged<Row>(rows: Promise<Row[]>, total: Promise<Counted | undefined>) {
  const [page, counted] = await Promise.all([rows, total])
  return { rows: page, total: Number(counted?.n ?? 0) }
}

/** `where key = value` for each filter given (the lists' filters are all equalities). */
export const where = <Q extends { where: (...a: any[]) => Q }>(q: Q, filter: Record<string, unknown>) => {
  for (const [key, value] of Object.entries(filter)) q = q.where(key, '=', value)
  return q
}
