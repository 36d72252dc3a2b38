/**
 * Small, schema-checked edits of example bodies: overlaying a request's or a stored resource's
 * fields onto a documented example, reading and writing a field by JSON pointer, and minting a
 * new id that looks like the example's. Every edit is kept only if the response validator still
 * accepts the body, so the mock never answers outside its contract.
 */
import { randomBytes, randomUUID } from 'node:crypto'

export type Valid = (body: unknown) => boolean

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

const tokens = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))

export function getAt(body: unknown, pointer: string): unknown {
  let v = body
  for (const t of tokens(pointer)) v = isObject(v) || Array.isArray(v) ? (v as any)[t] : undefined
  return v
}

/** A copy of `body` with the value at `pointer` replaced (parents must exist). */
export function setAt<T>(body: T, pointer: string, value: unknown): T {
  const path = tokens(pointer)
  if (!path.length) return value as T
  const copy = structuredClone(body) as any
  let v = copy
  for (const t of path.slice(0, -1)) v = v?.[t]
  if (isObject(v)) v[path[path.length - 1]] = value
  return copy
}

/**
 * `base` with each top-level field of `from` that `base` also has: all at once when the result
 * is valid, else field by field, keeping those the validator accepts.
 */
export function overlay(base: unknown, from: unknown, valid: Valid): unknown {
  if (!isObject(base) || !isObject(from)) return base
  const keys = Object.keys(from).filter((k) => Object.hasOwn(base, k) && from[k] !== undefined)
  const all = { ...base }
  for (const k of keys) all[k] = from[k]
  if (valid(all)) return all
  let out: Record<string, unknown> = { ...base }
  for (const k of keys) {
    const next = { ...out, [k]: from[k] }
    if (valid(next)) out = next
  }
  return out
}

const HEX = '0123456789abcdef'
const ALNUM = '0123456789abcdefghijklmnopqrstuvwxyz'

function randomFrom(alphabet: string, n: number): string {
  const bytes = randomBytes(n)
  let s = ''
  for (let i = 0; i < n; i++) s += alphabet[bytes[i] % alphabet.length]
  return s
}

/** A new id shaped like `example`: a UUID for a UUID, the same prefix and tail class otherwise. */
export function freshId(example: unknown): unknown {
  if (typeof example === 'number') return 1 + Math.floor(Math.random() * 2 ** 31)
  if (typeof example !== 'string') return example
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(example)) return randomUUID()
  const m = /^(.*?)([A-Za-z0-9]+)$/.exec(example)
  if (!m) return `${example}-${randomFrom(ALNUM, 8)}`
  const [, prefix, tail] = m
  const alphabet = /^\d+$/.test(tail) ? '0123456789' : /^[0-9a-f]+$/.test(tail) ? HEX : /^[0-9A-Z]+$/.test(tail) ? ALNUM.toUpperCase() : ALNUM
  return prefix + randomFrom(alphabet, Math.max(tail.length, 6))
}

/** `body` with `value` at each of `pointers` the body already has, where the validator accepts it. */
export function withId(body: unknown, value: unknown, pointers: string[], valid: Valid): unknown {
  let out = body
  for (const p of new Set(pointers)) {
    if (getAt(out, p) === undefined) continue
    const candidate = setAt(out, p, value)
    if (valid(candidate)) out = candidate
  }
  return out
}
