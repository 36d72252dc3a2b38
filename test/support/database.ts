/**
 * A fresh database per test server. Default: in-memory SQLite. With TEST_DATABASE_URL set to a
 * PostgreSQL server (the scale-out check, `make test-postgres`), each call creates a new, empty
 * database on it, so suites can run unchanged against both dialects.
 */
import { randomBytes } from 'node:crypto'

export async function freshDatabaseUrl(): Promise<string> {
  const admin = process.env.TEST_DATABASE_URL
  if (!admin || !/^postgres(ql)?:\/\//.test(admin)) return ':memory:'
  const { default: pg } = await import('pg')
  const name = `t_${randomBytes(6).toString('hex')}`
  const client = new pg.Client({ connectionString: admin })
  await client.connect()
  try {
    await client.query(`create database ${name}`)
  } finally {
    await client.end()
  }
  const url = new URL(admin)
  url.pathname = `/${name}`
  return url.toString()
}
