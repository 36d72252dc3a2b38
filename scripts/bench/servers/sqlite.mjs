/**
 * A writing baseline's database, opened with our server's connection settings
 * (src/db/connect.ts: WAL, busy timeout, foreign keys), so both commit the same way.
 */
import Database from 'better-sqlite3'

export function openLikeOurs(file) {
  const db = new Database(file, { fileMustExist: true })
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  db.pragma('foreign_keys = ON')
  return db
}
