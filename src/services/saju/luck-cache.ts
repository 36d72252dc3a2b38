/**
 * Identical luck requests are served from memory: the body (with its signature-to-be) is kept
 * under the request's canonical fingerprint for the luck TTL, least recently used out first. A
 * hit answers the very same body, so its ETag (the body's SHA-256) is stable.
 */
import { createHash } from 'node:crypto'
import { canonicalize } from 'json-canonicalize'

export class LuckCache<T> {
  private readonly map = new Map<string, { body: T; expires: number }>()
  constructor(private readonly max = 1000) {}

  static keyOf(kind: string, request: unknown): string {
    return createHash('sha256').update(canonicalize({ kind, request })).digest('hex')
  }

  get(key: string, now: number): T | undefined {
    const hit = this.map.get(key)
    if (!hit) return undefined
    if (hit.expires <= now) {
      this.map.delete(key)
      return undefined
    }
    this.map.delete(key)
    this.map.set(key, hit)
    return hit.body
  }

  set(key: string, body: T, ttlMs: number, now: number): void {
    this.map.delete(key)
    this.map.set(key, { body, expires: now + ttlMs })
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!)
  }
}
