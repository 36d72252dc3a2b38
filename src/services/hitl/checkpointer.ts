/**
 * Where the graphs' checkpoints live, derived from DATABASE_URL so a thread waiting for approval
 * survives a restart: `sqlite:<file>` → the SQLite checkpointer on `<file>-hitl-checkpoints`
 * (its own file and connection, so LangGraph's synchronous writes never hold the app database's
 * write lock; WAL like the app database); `:memory:` → an in-memory SQLite one (tests);
 * `postgres://…` → the PostgreSQL checkpointer in the schema `hitl_checkpoints` of that database.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint'

export interface Checkpointer {
  saver: BaseCheckpointSaver
  /** Human-readable location, for the start-up log. */
  location: string
  close(): Promise<void>
}

export const checkpointFileFor = (databaseUrl: string): string | null =>
  databaseUrl === ':memory:' ? null : databaseUrl.startsWith('sqlite:') ? `${databaseUrl.slice('sqlite:'.length)}-hitl-checkpoints` : null

/**
 * `exclusive` runs the PostgreSQL checkpointer's table set-up one process at a time: LangGraph's
 * `CREATE TABLE IF NOT EXISTS` fails ("already exists") when two processes start together.
 */
export async function openCheckpointer(databaseUrl: string, exclusive: <T>(work: () => Promise<T>) => Promise<T> = (work) => work()): Promise<Checkpointer> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const { PostgresSaver } = await import('@langchain/langgraph-checkpoint-postgres')
    const saver = PostgresSaver.fromConnString(databaseUrl, { schema: 'hitl_checkpoints' })
    await exclusive(() => saver.setup())
    return { saver, location: 'postgres schema hitl_checkpoints', close: () => saver.end() }
  }
  const { SqliteSaver } = await import('@langchain/langgraph-checkpoint-sqlite')
  const { default: SQLite } = await import('better-sqlite3')
  const file = checkpointFileFor(databaseUrl) ?? ':memory:'
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new SQLite(file)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  const saver = new SqliteSaver(db)
  return { saver, location: file, close: async () => void db.close() }
}
